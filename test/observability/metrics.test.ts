/**
 * GET /metrics (issue 20, part 3): what an operator's Prometheus scrapes from a running bot, here in HTTP mode where
 * the probes share the Slack port by default.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { OPERATOR, startTestBot, type TestBot, VIEW_CHANNEL, VIEWER } from '../support/start-test-bot.ts';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

async function scrape(test: TestBot): Promise<{ status: number; type: string | null; text: string }> {
  const response = await fetch(`http://127.0.0.1:${test.bot.healthPort}/metrics`);
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

/** The value of one sample, labels matched as written (in any order); undefined when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)\{([^}]*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = Object.fromEntries(
      [...match[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((pair) => [pair[1]!, pair[2]!] as const),
    );
    if (Object.entries(labels).every(([key, value]) => have[key] === value)) return Number(match[3]);
  }
  return undefined;
}

describe('GET /metrics', () => {
  it('counts a refused and a successful command and a throttled provider call that was retried', async () => {
    bot = await startTestBot();
    bot.tencent.faults.push({ action: 'DescribeDomains', kind: 'error', code: 'RequestLimitExceeded' });

    await bot.send('purge https://www.example.com/app.js', { user: VIEWER });
    await bot.send('hosts', { user: OPERATOR });
    const { status, type, text } = await scrape(bot);

    expect(status).toBe(200);
    expect(type).toContain('text/plain');
    expect(sample(text, 'cdnops_commands_total', { command: 'purge', outcome: 'refused' })).toBe(1);
    expect(sample(text, 'cdnops_commands_total', { command: 'hosts', outcome: 'done' })).toBe(1);
    const call = { provider: 'tencent', account: 'tencent-prod', action: 'DescribeDomains' };
    expect(sample(text, 'cdnops_provider_retries_total', call)).toBe(1);
    expect(sample(text, 'cdnops_provider_calls_total', { ...call, outcome: 'throttled' })).toBe(1);
    expect(sample(text, 'cdnops_provider_calls_total', { ...call, outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'cdnops_provider_throttled_total', { provider: 'tencent', account: 'tencent-prod' }),
    ).toBe(1);
    expect(sample(text, 'cdnops_provider_call_seconds_count', call)).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'cdnops_slack_ack_seconds_count', { kind: 'command' })).toBe(2);
    // The default process metrics come along.
    expect(text).toMatch(/^process_resident_memory_bytes \d/m);
  });

  it('counts Wangsu throttling (HTTP 446) and the retry after it', async () => {
    bot = await startTestBot({ wangsu: {} });
    bot.wangsu!.faults.push({ path: '/api/domain', kind: 'throttle' });

    await bot.send('hosts', { user: OPERATOR });
    const { text } = await scrape(bot);

    const call = { provider: 'wangsu', account: 'wangsu-prod', action: 'GET /api/domain' };
    expect(sample(text, 'cdnops_provider_calls_total', { ...call, outcome: 'throttled' })).toBe(1);
    expect(sample(text, 'cdnops_provider_calls_total', { ...call, outcome: 'ok' })).toBe(1);
    expect(sample(text, 'cdnops_provider_retries_total', call)).toBe(1);
    expect(
      sample(text, 'cdnops_provider_throttled_total', { provider: 'wangsu', account: 'wangsu-prod' }),
    ).toBe(1);
  });

  it('follows a purge in the gauge until it ends, and counts the Slack error met on the way', async () => {
    bot = await startTestBot();

    await bot.send('purge https://www.example.com/a.js', { user: OPERATOR });
    const following = await scrape(bot);
    bot.slack.failNext('chat.update', 'internal_error');
    await bot.slack.waitFor((calls) => calls.filter((call) => call.method === 'chat.update').length >= 2);
    await bot.bot.services.follower.idle();
    const ended = await scrape(bot);

    expect(following.text).toMatch(/^cdnops_followed_submissions 1$/m);
    console.log(
      ended.text
        .split('\n')
        .filter((l) => l.includes('slack_api'))
        .join('\n'),
    );
    expect(ended.text).toMatch(/^cdnops_followed_submissions 0$/m);
    expect(
      sample(ended.text, 'cdnops_slack_api_errors_total', { method: 'chat.update', error: 'internal_error' }),
    ).toBe(1);
  });

  it('counts digest runs by outcome', async () => {
    const nineShanghai = Date.UTC(2026, 10, 23, 1, 0, 0);
    bot = await startTestBot({
      config: {
        digests: [
          { name: 'morning', channel: VIEW_CHANNEL, schedule: '0 9 * * *', domains: ['www.example.com'] },
        ],
      },
    });

    bot.clock.set(nineShanghai);
    await bot.bot.digests.tick(nineShanghai);
    const { text } = await scrape(bot);

    expect(sample(text, 'cdnops_digest_runs_total', { outcome: 'posted' })).toBe(1);
  });

  it('names a typo `unknown` rather than making it a series of its own', async () => {
    bot = await startTestBot();

    await bot.send('hots', { user: OPERATOR });
    const { text } = await scrape(bot);

    expect(sample(text, 'cdnops_commands_total', { command: 'unknown', outcome: 'usage' })).toBe(1);
    expect(text).not.toContain('hots');
  });

  it('keeps the metrics of two bots in one process apart', async () => {
    bot = await startTestBot();
    const other = await startTestBot();
    try {
      await bot.send('hosts', { user: OPERATOR });
      const mine = await scrape(bot);
      const theirs = await scrape(other);

      expect(sample(mine.text, 'cdnops_commands_total', { command: 'hosts', outcome: 'done' })).toBe(1);
      expect(
        sample(theirs.text, 'cdnops_commands_total', { command: 'hosts', outcome: 'done' }),
      ).toBeUndefined();
    } finally {
      await other.close();
    }
  });

  it('serves /readyz beside /slack/events in HTTP mode: listening and the store answering', async () => {
    bot = await startTestBot();

    const response = await fetch(`http://127.0.0.1:${bot.bot.healthPort}/readyz`);

    expect(bot.bot.healthPort).toBe(bot.bot.port);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, slack: 'connected', store: 'ok' });
  });
});
