import { afterEach, describe, expect, it } from 'vitest';
import type { StandinMessage } from '../../sandbox/slack/slack-standin.ts';
import type { SandboxAccount } from '../../sandbox/tencent/types.ts';
import {
  clickButton,
  OPERATOR,
  OPS_CHANNEL,
  startTestBot,
  TEST_ACCOUNT,
  type TestBot,
  visibleText,
} from '../support/start-test-bot.ts';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const START = Date.UTC(2026, 10, 23, 1, 0, 0);

const ACCOUNT: SandboxAccount = {
  ...TEST_ACCOUNT,
  certificates: [
    { certId: 'OldCert1', domains: ['www.example.com'], expiresInDays: 9 },
    { certId: 'Wild0001', domains: ['*.example.com', 'example.com'], expiresInDays: 300 },
    { certId: 'Static01', domains: ['static.example.com'], expiresInDays: 40 },
  ],
  domains: [
    { domain: 'www.example.com', https: { certId: 'OldCert1' } },
    { domain: 'static.example.com', https: { certId: 'Static01' } },
    { domain: 'plain.example.com' },
  ],
};

const RULE = { name: 'certs', channel: OPS_CHANNEL, domains: 'all', when: 'cert < 14d', for: '10m' };

function read(message: StandinMessage): string {
  return visibleText(message).replaceAll('&gt;', '>').replaceAll('&lt;', '<').replaceAll('&amp;', '&');
}

async function evaluateAt(test: TestBot, at: number): Promise<void> {
  test.clock.set(at);
  await test.bot.alerts.tick(at);
}

const alertPosts = (test: TestBot) =>
  test.slack.messages.filter(
    (message) =>
      message.channel === OPS_CHANNEL &&
      !message.ephemeral &&
      !message.threadTs &&
      /^(Alert|Resolved)/.test(message.text),
  );
const certificateReads = (test: TestBot) =>
  test.tencent.calls.filter((call) => call.action === 'DescribeDomainsConfig').length;

describe('cert < 14d', () => {
  it('fires for a certificate expiring within the days, reads certificates a few times a day, and resolves once it is replaced', async () => {
    bot = await startTestBot({ startAt: START, account: ACCOUNT, config: { watches: [RULE] } });

    for (let at = START + 5 * MINUTE + 30_000; at < START + 2 * HOUR; at += 5 * MINUTE) {
      await evaluateAt(bot, at);
    }

    expect(alertPosts(bot)).toHaveLength(1);
    const [alert] = alertPosts(bot);
    expect(read(alert!)).toMatch(/`cert < 14d` on 1 domain/);
    expect(read(alert!)).toContain('• `www.example.com` 9 days left (threshold 14 days)');
    expect(read(alert!)).not.toContain('static.example.com');
    expect(certificateReads(bot)).toBe(1);

    const before = certificateReads(bot);
    await bot.send('cert www.example.com set Wild0001', { user: OPERATOR });
    const confirm = [...bot.slack.messages].reverse().find((message) => message.ephemeral)!;
    await clickButton(bot, confirm, 'change.confirm', OPERATOR);
    const readsBySetting = certificateReads(bot) - before;

    // Cleared like any alert, within the rule's intervals: the switch made the kept read out of date.
    for (let at = START + 2 * HOUR + 30_000; at < START + 2 * HOUR + 20 * MINUTE; at += 5 * MINUTE) {
      await evaluateAt(bot, at);
    }

    expect(read(alert!)).toMatch(/^:white_check_mark: \*Resolved: certs\* · `cert < 14d`/);
    expect(alertPosts(bot)).toHaveLength(1);
    expect(certificateReads(bot) - before - readsBySetting).toBe(1);
  });

  it('keeps firing until the next read when the certificate is replaced outside cdnops', async () => {
    bot = await startTestBot({ startAt: START, account: ACCOUNT, config: { watches: [RULE] } });
    for (let at = START + 5 * MINUTE + 30_000; at < START + 2 * HOUR; at += 5 * MINUTE) {
      await evaluateAt(bot, at);
    }
    const [alert] = alertPosts(bot);

    // As if switched in the provider console: the sandbox account changes, cdnops is not told.
    Object.assign(bot.tencent.domain('www.example.com').https, {
      certId: 'Wild0001',
      deployedAt: bot.clock.now(),
    });
    for (let at = START + 2 * HOUR + 30_000; at < START + 2 * HOUR + 20 * MINUTE; at += 5 * MINUTE) {
      await evaluateAt(bot, at);
    }
    const stillFiringUntilRead = read(alert!);
    for (let at = START + 6 * HOUR + 30_000; at < START + 6 * HOUR + 20 * MINUTE; at += 5 * MINUTE) {
      await evaluateAt(bot, at);
    }

    expect(stillFiringUntilRead).toContain(':rotating_light:');
    expect(read(alert!)).toMatch(/^:white_check_mark: \*Resolved: certs\*/);
    expect(certificateReads(bot)).toBe(2);
  });

  it('says in watch test which domains serve no HTTPS, and shows the days left', async () => {
    bot = await startTestBot({ startAt: START, account: ACCOUNT, config: { watches: [RULE] } });

    await bot.send('watch test certs', { user: OPERATOR });

    const text = read(bot.slack.messages.at(-1)!);
    expect(text).toContain('*Would count towards an alert now:* 1 domain of 2 judged');
    expect(text).toContain('• `www.example.com` 9 days left');
    expect(text).toContain('Not judged, it serves no HTTPS: `plain.example.com`');
  });

  it('refuses a certificate condition written another way, saying how to write it', async () => {
    bot = await startTestBot({ startAt: START, account: ACCOUNT });

    await bot.send('watch add soon --domains all --when "cert > 14d"', { user: OPERATOR });

    expect(read(bot.slack.messages.at(-1)!)).toContain('with <, e.g. "cert < 14d"');
    expect(await bot.bot.services.store.watches.list()).toEqual([]);
  });
});
