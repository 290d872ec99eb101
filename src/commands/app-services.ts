import type { WatchSettings } from '../alerts/watch-definition.ts';
import type { TaskFollower } from '../cache-ops/task-follower.ts';
import type { CheckSettings } from '../check/check-settings.ts';
import type { DigestSettings } from '../digests/digest-settings.ts';
import type { ContextOf, Services } from '../dispatch/command-context.ts';
import type { CommandRegistry } from '../dispatch/command-registry.ts';
import { commandsWith } from '../dispatch/define-command.ts';

/** Everything cdnops builds at start-up: the common services plus what its features add. */
export interface AppServices extends Services {
  registry: CommandRegistry<AppContext>;
  follower: TaskFollower;
  /** How `/cdn check` and `purge --verify` ask the edges and the origin: edges per URL, timeouts, resolver, CAs. */
  check: CheckSettings;
  /** Digests from the config file, the grace for missed runs, and where digests may post. */
  digests: DigestSettings;
  /** Watch rules from the config file, and where alerts may post. */
  watches: WatchSettings;
}

export type AppContext = ContextOf<AppServices>;

/** How every `/cdn` command is defined: its handler gets cdnops' whole context. */
export const defineCommand = commandsWith<AppContext>();
