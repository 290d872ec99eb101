/**
 * `:incident` and `:recover` on the demo's own clock (real time that controls move forward), typed as soon as the demo
 * is up, as a newcomer pasting the README's lines does: the alert keeps one message from firing to resolved.
 */
import { describe, expect, it } from 'vitest';
import { createDemoClock } from '../../demo/demo-clock.ts';
import { DEMO_CHANNELS, DEMO_USERS } from '../../demo/demo-world.ts';
import { startDemo } from '../../demo/start-demo.ts';
import { clickButton } from '../../sandbox/slack/index.ts';

describe('demo incidents', () => {
  it('fires, records the acknowledgement on the alert’s message, and resolves that same message', async () => {
    const demo = await startDemo({ clock: createDemoClock(), taskDurationMs: 6_000, log: () => {} });
    try {
      // No pause: the bot's start-up look at the rules may still be running.
      expect(await demo.incident('www.example.com')).toMatchObject({ done: true });
      const alerts = () =>
        demo.slack.messages.filter(
          (message) =>
            message.channel === DEMO_CHANNELS['web-ops'].id && !message.ephemeral && !message.threadTs,
        );
      expect(alerts()).toHaveLength(1);
      await clickButton({
        standin: demo.slack,
        appUrl: demo.appUrl,
        signingSecret: demo.signingSecret,
        message: alerts()[0]!,
        which: 'Acknowledge',
        userId: DEMO_USERS.operator.id,
      });
      await demo.bot.drain();
      expect(JSON.stringify(alerts()[0]!.blocks)).toContain(`Acknowledged by <@${DEMO_USERS.operator.id}>`);

      await demo.recover('www.example.com');

      // How long it lasted depends on where in its 5-minute interval the demo started: the clock's skip wakes every
      // sleeper on it, which may carry it past one more boundary.
      expect(alerts().map((message) => message.text)).toEqual([
        expect.stringMatching(/^Resolved: site-errors \(5xx > 5%\) after (15|20) minutes$/),
      ]);
    } finally {
      await demo.stop();
    }
  });

  it('refuses a domain it cannot stage an incident on, naming those it can', async () => {
    const demo = await startDemo({ clock: createDemoClock(), taskDurationMs: 6_000, log: () => {} });
    try {
      const outcome = await demo.recover('www.example.cn');
      expect(outcome.done).toBe(false);
      expect(outcome.text).toMatch(/not www\.example\.cn: www\.example\.com, static\.example\.com/);
    } finally {
      await demo.stop();
    }
  });
});
