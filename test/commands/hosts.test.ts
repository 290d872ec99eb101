import { afterEach, describe, expect, it } from 'vitest';
import type { SandboxDomain } from '../../sandbox/tencent/index.ts';
import { startTestBot, TEST_ACCOUNT, type TestBot, visibleText } from '../support/start-test-bot.ts';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

/** `d01.example.com` … : zero-padded so they sort in number order, as the list does. */
function numberedDomains(count: number, extra: Partial<SandboxDomain> = {}): SandboxDomain[] {
  return Array.from({ length: count }, (_, index) => ({
    domain: `d${String(index + 1).padStart(2, '0')}.example.com`,
    ...extra,
  }));
}

/** The domains a hosts answer lists, in order. */
function listedDomains(text: string): string[] {
  return [...text.matchAll(/^:[a-z_]+: \*([^*]+)\* · /gm)].map((match) => match[1]!);
}

function lastReply(test: TestBot) {
  return test.slack.messages.at(-1)!;
}

describe('/cdn hosts', () => {
  it('lists every domain with its status, account, CNAME and origin, only to the person who asked', async () => {
    bot = await startTestBot();

    await bot.send('hosts');

    const reply = lastReply(bot);
    expect(reply.ephemeral).toBe(true);
    const text = visibleText(reply);
    expect(text).toContain('*4 domains* in `tencent-prod`');
    for (const [domain, status, origin] of [
      ['global.example.com', 'online', 'origin.global.example.com'],
      ['old.example.com', 'offline', 'origin.old.example.com'],
      ['static.example.com', 'online', '10.0.0.8'],
      ['www.example.com', 'online', 'origin.example.com'],
    ]) {
      expect(text).toContain(
        `*${domain}* · ${status} · \`tencent-prod\`\n      cname \`${domain}.cdn.dnsv1.com\` · origin \`${origin}\``,
      );
    }
    expect(bot.tencent.calls.map((call) => call.action)).toEqual(['DescribeDomains']);
  });

  it.each([
    ['part of a domain name', 'static', ['static.example.com']],
    ['an origin', '10.0.0.8', ['static.example.com']],
    ['part of a CNAME', 'www.example.com.cdn', ['www.example.com']],
    ['upper-case text', 'GLOBAL', ['global.example.com']],
    ['text nothing has', 'nomatch', []],
  ])('narrows the list to domains matching %s', async (_case, filter, expected) => {
    bot = await startTestBot();

    await bot.send(`hosts ${filter}`);

    expect(listedDomains(visibleText(lastReply(bot)))).toEqual(expected);
  });

  it('says so when nothing matches the filter', async () => {
    bot = await startTestBot();

    await bot.send('hosts nomatch');

    expect(visibleText(lastReply(bot))).toContain('_No domains match._');
  });

  it.each([
    ['offline', ['old.example.com']],
    ['online', ['global.example.com', 'static.example.com', 'www.example.com']],
    ['stopped', ['old.example.com']],
    ['Running', ['global.example.com', 'static.example.com', 'www.example.com']],
  ])('with --status %s shows only domains in that state', async (status, expected) => {
    bot = await startTestBot();

    await bot.send(`hosts --status ${status}`);

    expect(listedDomains(visibleText(lastReply(bot)))).toEqual(expected);
  });

  it('refuses an --account this channel may not use, naming the accounts it may, and calls no provider', async () => {
    bot = await startTestBot();

    await bot.send('hosts --account tencent-staging');

    expect(bot.tencent.calls).toEqual([]);
    const reply = lastReply(bot);
    expect(reply.ephemeral).toBe(true);
    expect(visibleText(reply)).toContain(
      'This channel may not use an account named `tencent-staging`.\nAccounts here: `tencent-prod`.',
    );
  });

  it.each([
    ['x', '--page must be a number, e.g. --page 2.'],
    ['0', '--page starts at 1.'],
    ['1.5', '--page must be a whole number.'],
    ['', '`hosts` option --page needs a value'],
  ])('answers --page %j with what is wrong and the usage', async (page, message) => {
    bot = await startTestBot();

    await bot.send(`hosts --page ${page}`);

    const text = visibleText(lastReply(bot));
    expect(text).toContain(message);
    const usage =
      'Usage: `/cdn hosts [filter] [--account A] [--status online|offline|processing|rejected|closing] [--page N]`';
    expect(text.split(usage).length - 1).toBe(1);
    expect(text).not.toContain('--page: --page');
    expect(bot.tencent.calls).toEqual([]);
  });

  it('pages 60 domains 25 at a time and --page 3 shows the last 10', async () => {
    bot = await startTestBot({ account: { ...TEST_ACCOUNT, domains: numberedDomains(60) } });

    await bot.send('hosts');
    const first = visibleText(lastReply(bot));
    await bot.send('hosts --page 3');
    const third = visibleText(lastReply(bot));

    expect(first).toContain('*60 domains*');
    expect(listedDomains(first)).toEqual(numberedDomains(25).map((seed) => seed.domain));
    expect(first).toContain('Page 1 of 3. Next: `/cdn hosts --page 2`');
    expect(listedDomains(third)).toEqual(
      numberedDomains(60)
        .slice(50)
        .map((seed) => seed.domain),
    );
    expect(third).toContain('Page 3 of 3.');
    expect(third).not.toContain('Next:');
  });

  it('keeps the filter, --status and --account in the hint for the next page', async () => {
    bot = await startTestBot({
      account: {
        ...TEST_ACCOUNT,
        domains: [...numberedDomains(30), ...numberedDomains(5, { status: 'offline' }).map(renamed('off'))],
      },
    });

    await bot.send('hosts example --status online --account tencent-prod');

    const text = visibleText(lastReply(bot));
    expect(listedDomains(text)).toHaveLength(25);
    expect(text).toContain(
      'Page 1 of 2. Next: `/cdn hosts example --account tencent-prod --status online --page 2`',
    );
  });

  it('keeps every page of a long list within Slack message limits', async () => {
    const origins = Array.from(
      { length: 40 },
      (_, index) => `origin-${index}.a-rather-long-origin-name.example.net`,
    );
    bot = await startTestBot({ account: { ...TEST_ACCOUNT, domains: numberedDomains(60, { origins }) } });

    for (const page of [1, 2, 3]) await bot.send(`hosts --page ${page}`);

    const answers = bot.slack.calls.filter((call) => call.method !== 'auth.test');
    expect(answers.map((call) => [call.method, call.error])).toEqual([
      ['response_url', undefined],
      ['response_url', undefined],
      ['response_url', undefined],
    ]);
    expect(bot.slack.messages.map((message) => listedDomains(visibleText(message)).length)).toEqual([
      25, 25, 10,
    ]);
  });

  it('shows which account failed, with the provider code and request id, when listing keeps failing', async () => {
    bot = await startTestBot();
    bot.tencent.faults.push({ action: 'DescribeDomains', kind: 'error', code: 'InternalError', times: 4 });

    await bot.send('hosts');

    const calls = bot.tencent.calls.filter((call) => call.action === 'DescribeDomains');
    expect(calls.map((call) => call.errorCode)).toEqual(Array(4).fill('InternalError'));
    const text = visibleText(lastReply(bot));
    expect(text).toContain('`tencent-prod` could not be listed: `InternalError`');
    expect(text).toContain(`(request id \`${calls.at(-1)!.requestId}\`)`);
  });
});

function renamed(prefix: string) {
  return (seed: SandboxDomain): SandboxDomain => ({ ...seed, domain: `${prefix}-${seed.domain}` });
}
