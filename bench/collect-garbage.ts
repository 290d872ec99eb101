import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection, now. A bot idle between commands has had its heap collected (V8's memory reducer
 * collects a process that went quiet after allocating); the bench's timed run follows its warm-up by about a second,
 * so without this a major collection of the warm-up's garbage landed in some timed runs and not others (bot CPU for
 * the same digest 260 to 540 ms). The timed run's own garbage is still collected within it, as it would be.
 */
export const collectGarbage: () => void = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();
