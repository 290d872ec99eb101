/**
 * One log line per Slack delivery (issue 20, part 4): who, where, what (secrets in the arguments redacted), the
 * outcome, the provider's request ids, how long it took, and a correlation id that every provider-call line it
 * caused carries too, so `grep <id>` shows a command's whole story.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  clickButton,
  OPERATOR,
  OPS_CHANNEL,
  startTestBot,
  type TestBot,
  VIEWER,
} from '../support/start-test-bot.ts';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

type Line = Record<string, unknown>;

function lines(test: TestBot): Line[] {
  return test.logs.map((line) => JSON.parse(line) as Line);
}

function deliveries(test: TestBot): Line[] {
  return lines(test).filter((line) => line.msg === 'slack delivery');
}

describe('the log line of a Slack delivery', () => {
  it('says who ran which command where, how it ended, with the request ids its provider calls carry', async () => {
    bot = await startTestBot();

    await bot.send(
      'purge https://www.example.com/app.js?sign=1700000000-abc-0-5f4dcc3b5aa765d61d8327deb882cf99',
      {
        user: OPERATOR,
      },
    );

    const [line] = deliveries(bot);
    expect(line).toMatchObject({
      level: 'info',
      kind: 'command',
      user: OPERATOR,
      channel: OPS_CHANNEL,
      command: '/cdn purge https://www.example.com/app.js?sign=[redacted]',
      outcome: 'done',
    });
    expect(line!.durationMs).toEqual(expect.any(Number));
    const id = line!.correlationId;
    expect(id).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
    const calls = lines(bot).filter((entry) => entry.msg === 'provider call');
    expect(calls.map((call) => call.action)).toContain('PurgeUrlsCache');
    // Every provider call of the command carries its id, and the command lists their request ids.
    for (const call of calls) expect(call.correlationId).toBe(id);
    const purge = calls.find((call) => call.action === 'PurgeUrlsCache')!;
    expect(purge).toMatchObject({
      provider: 'tencent',
      account: 'tencent-prod',
      outcome: 'ok',
      httpStatus: 200,
    });
    expect(line!.requestIds).toEqual(calls.map((call) => call.requestId));
    // (Bolt's own debug lines echo whole Web API bodies, the message text included: debug is for debugging.)
    const logged = lines(bot).filter((entry) => entry.level !== 'debug');
    expect(JSON.stringify(logged)).not.toContain('5f4dcc3b5aa765d61d8327deb882cf99');
  });

  it('gives each delivery its own id, and says a refusal is one', async () => {
    bot = await startTestBot();

    await bot.send('hosts', { user: OPERATOR });
    await bot.send('purge https://www.example.com/app.js', { user: VIEWER });

    const [hosts, purge] = deliveries(bot);
    expect(purge).toMatchObject({ user: VIEWER, outcome: 'refused', requestIds: [] });
    expect(hosts!.correlationId).not.toBe(purge!.correlationId);
  });

  it('logs a button click as an interaction, with the provider calls it made under its own id', async () => {
    bot = await startTestBot();
    await bot.send('purge https://www.example.com/app.js', { user: OPERATOR });
    const result = bot.slack.messages.at(-1)!;

    await clickButton(bot, result, 'purge.again', OPERATOR);

    const click = deliveries(bot).find((line) => line.kind === 'button');
    expect(click).toMatchObject({
      user: OPERATOR,
      channel: OPS_CHANNEL,
      action: 'purge.again',
      outcome: 'done',
    });
    const calls = lines(bot).filter(
      (entry) => entry.msg === 'provider call' && entry.correlationId === click!.correlationId,
    );
    expect(calls.map((call) => call.action)).toContain('PurgeUrlsCache');
  });

  it('names the provider error a command ended with', async () => {
    bot = await startTestBot();
    bot.tencent.faults.push({
      action: 'DescribeDomains',
      kind: 'error',
      code: 'AuthFailure.SignatureFailure',
    });

    await bot.send('hosts', { user: OPERATOR });

    const [line] = deliveries(bot);
    const failed = lines(bot).find((entry) => entry.msg === 'provider call' && entry.outcome === 'error');
    expect(failed).toMatchObject({
      code: 'AuthFailure.SignatureFailure',
      correlationId: line!.correlationId,
    });
    expect(line!.requestIds).toContain(failed!.requestId);
  });
});
