import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDemo, startDemo } from '../../demo/start-demo.ts';
import { createManualClock } from '../../sandbox/manual-clock.ts';
import { loadCommands } from '../../src/commands/index.ts';

const COMMANDS = await loadCommands();

/**
 * Every example `/cdn help <command>` prints, typed as written by an admin in the demo's #web-ops. An example that
 * is refused as mistyped, names something the demo does not have, or runs into a state the demo's domains are not
 * in teaches a newcomer the wrong thing.
 */
const EXAMPLES = COMMANDS.flatMap((command) => command.examples.map((example) => [command.name, example]));

/**
 * A change request's id exists only once somebody asks for a change, so `approve K7F3Q2` cannot run as written
 * anywhere; the answer must still be the plain "no such request", never a usage or permission refusal.
 */
const NEEDS_A_REQUEST = new Set(['approve', 'reject']);

/** Answers that mean the example did not run as written: usage errors, refusals, provider errors, crashes. */
const FAILED = /^(:warning:|:no_entry:|:x:|:boom:|:information_source:)/;

let demo: RunningDemo;
beforeAll(async () => {
  demo = await startDemo({ clock: createManualClock(), taskDurationMs: 1_000, log: () => {} });
});
afterAll(async () => {
  await demo?.stop();
});

describe('the examples /cdn help prints', () => {
  it.each(EXAMPLES)('%s: `/cdn %s` runs as written in the demo', async (command, example) => {
    const before = demo.slack.messages.length;

    await demo.sendCommand('admin', 'web-ops', example);

    const answers = demo.slack.messages.slice(before).map((message) => message.text);
    expect(answers.length).toBeGreaterThan(0);
    if (NEEDS_A_REQUEST.has(command)) {
      expect(answers).toEqual([expect.stringMatching(/^:warning: There is no change request `K7F3Q2`\./)]);
    } else {
      expect(answers.filter((text) => FAILED.test(text))).toEqual([]);
    }
  });
});
