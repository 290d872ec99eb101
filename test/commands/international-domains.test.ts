/**
 * Issue 19.3: international domains. Tencent and Wangsu list (and take) them in punycode; people type either
 * form. cdnops matches in ASCII, sends the listed form, and names the domain in replies as it was typed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SandboxAccount } from '../../sandbox/tencent/index.ts';
import type { WangsuSandboxAccount } from '../../sandbox/wangsu/index.ts';
import { Domain } from '../../src/config/schema.ts';
import {
  ADMIN,
  clickButton,
  startTestBot,
  TEST_ACCOUNT,
  type TestBot,
  visibleText,
  WANGSU_ACCOUNT,
} from '../support/start-test-bot.ts';

/** 中文.example.com, listed as the provider lists it. */
const IDN = 'xn--fiq228c.example.com';

const IDN_ACCOUNT: SandboxAccount = {
  ...TEST_ACCOUNT,
  domains: [
    ...TEST_ACCOUNT.domains,
    {
      domain: IDN,
      origins: ['origin.example.com'],
      serviceType: 'web',
      ipFilter: { Switch: 'on', FilterType: 'blacklist', Filters: ['1.2.3.0/24'], FilterRules: [] },
    },
  ],
};

const IDN_WANGSU: WangsuSandboxAccount = {
  ...WANGSU_ACCOUNT,
  domains: [...WANGSU_ACCOUNT.domains, { domain: 'xn--fiq228c.example.cn' }],
};

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

function purgeCalls(test: TestBot) {
  return test.tencent.calls.filter(
    (call) => call.action === 'PurgeUrlsCache' || call.action === 'PurgePathCache',
  );
}

function lastReply(test: TestBot): string {
  return visibleText(test.slack.messages.at(-1)!);
}

function posted(test: TestBot): string {
  return visibleText(test.slack.messages.find((message) => !message.ephemeral)!);
}

describe('international domains', () => {
  it('purges https://中文.example.com/首页.html with the host as Tencent lists it, and names 中文.example.com', async () => {
    bot = await startTestBot({ account: IDN_ACCOUNT });

    await bot.send('purge https://中文.example.com/首页.html');

    const [call] = purgeCalls(bot);
    expect(call).toMatchObject({
      action: 'PurgeUrlsCache',
      errorCode: undefined,
      params: { Urls: [`https://${IDN}/首页.html`], UrlEncode: true },
    });
    bot.tencent.finishAllTasks();
    await bot.slack.waitFor((calls) => calls.some((c) => c.method === 'chat.update'));
    // Tencent encoded the path as asked: the purged URL is the percent-encoded one.
    expect(bot.tencent.lastPurgeDoneAt(`https://${IDN}/%E9%A6%96%E9%A1%B5.html`)).toBeDefined();
    const text = posted(bot);
    expect(text).toContain('done');
    expect(text).toContain(`https://中文.example.com/首页.html (${IDN})`);
    expect(text).not.toContain('refused');
  });

  it('purges and prefetches on Wangsu with the punycode host and the path percent-encoded', async () => {
    bot = await startTestBot({ account: IDN_ACCOUNT, wangsu: { account: IDN_WANGSU } });

    await bot.send('purge https://中文.example.cn/首页.html');
    await bot.send('prefetch https://中文.example.cn/首页.html');

    const sent = bot
      .wangsu!.calls.filter((call) => call.path.endsWith('/ItemIdReceiver'))
      .map((call) => ({ path: call.path, body: call.body }));
    expect(sent).toEqual([
      {
        path: '/ccm/purge/ItemIdReceiver',
        body: expect.objectContaining({ urls: ['https://xn--fiq228c.example.cn/%E9%A6%96%E9%A1%B5.html'] }),
      },
      {
        path: '/ccm/fetch/ItemIdReceiver',
        body: expect.objectContaining({ urls: ['https://xn--fiq228c.example.cn/%E9%A6%96%E9%A1%B5.html'] }),
      },
    ]);
    expect(posted(bot)).toContain('https://中文.example.cn/首页.html');
    expect(bot.slack.messages.map(visibleText).join('\n')).not.toContain('refused');
  });

  it('finds 中文.example.com for access and host, and asks the provider by its listed name', async () => {
    bot = await startTestBot({ account: IDN_ACCOUNT });

    await bot.send('access 中文.example.com');

    expect(lastReply(bot)).toContain(`Visit control: 中文.example.com (${IDN})`);
    expect(lastReply(bot)).toContain('IP denied: `1.2.3.0/24`');

    await bot.send('host 中文.example.com');

    expect(lastReply(bot)).toContain(`中文.example.com (${IDN})`);
    expect(lastReply(bot)).toContain('online');
    const asked = bot.tencent.calls
      .filter((call) => call.action === 'DescribeDomainsConfig')
      .map((call) => JSON.stringify(call.params));
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((params) => params.includes(IDN) && !params.includes('中文'))).toBe(true);
  });

  it('takes the punycode form too, and shows the Unicode name beside it', async () => {
    bot = await startTestBot({ account: IDN_ACCOUNT });

    await bot.send(`host ${IDN.toUpperCase()}`);
    expect(lastReply(bot)).toContain(`${IDN} (中文.example.com)`);

    await bot.send(`access ${IDN}`);
    expect(lastReply(bot)).toContain(`Visit control: ${IDN} (中文.example.com)`);

    await bot.send(`purge https://${IDN}/首页.html`);
    expect(purgeCalls(bot)[0]!.params).toEqual({ Urls: [`https://${IDN}/首页.html`], UrlEncode: true });
    expect(posted(bot)).toContain(`https://中文.example.com/首页.html (${IDN})`);
  });

  it('lists it with its Unicode name, filters by either form, and searches purge history by the listed name', async () => {
    bot = await startTestBot({ account: IDN_ACCOUNT });

    await bot.send('hosts 中文');
    expect(lastReply(bot)).toContain(`${IDN} (中文.example.com)`);
    expect(lastReply(bot)).not.toContain('www.example.com');

    await bot.send('purges --domain 中文.example.com');
    const history = bot.tencent.calls.find((call) => call.action === 'DescribePurgeTasks');
    expect(history).toMatchObject({
      errorCode: undefined,
      params: expect.objectContaining({ Keyword: IDN }),
    });
  });

  it('works with stats and the change commands: cache and offline --dry-run name the domain as typed', async () => {
    bot = await startTestBot({ account: IDN_ACCOUNT });

    await bot.send('stats 中文.example.com');
    expect(lastReply(bot)).toContain(`Traffic: 中文.example.com (${IDN})`);

    await bot.send('cache 中文.example.com');
    expect(lastReply(bot)).toContain(`Cache rules of 中文.example.com (${IDN})`);

    await bot.send('offline 中文.example.com --dry-run');
    expect(lastReply(bot)).toContain(`中文.example.com (${IDN}) on tencent-prod`);
  });

  it('adds 例子.example.net as xn--fsqu00a.example.net, the form Tencent takes, and then finds it', async () => {
    bot = await startTestBot();

    await bot.send('add 例子.example.net --origin 203.0.113.10', { user: ADMIN });
    expect(lastReply(bot)).toContain('add 例子.example.net (xn--fsqu00a.example.net) to tencent-prod');
    await clickButton(bot, bot.slack.messages.at(-1)!, 'change.confirm', ADMIN);

    expect(bot.tencent.calls.find((call) => call.action === 'AddCdnDomain')).toMatchObject({
      errorCode: undefined,
      params: { Domain: 'xn--fsqu00a.example.net' },
    });
    bot.tencent.finishAllTasks();
    await bot.send('host 例子.example.net');
    expect(lastReply(bot)).toContain('例子.example.net (xn--fsqu00a.example.net)');
  });

  it('keeps an international domain of the config file (digests) in punycode', () => {
    expect(Domain.parse(' 中文.Example.com ')).toBe(IDN);
    expect(Domain.parse('*.例子.com')).toBe('*.xn--fsqu00a.com');
    expect(Domain.safeParse('xn--a.example.com').success).toBe(false);
  });

  it('names what was typed when no account serves it, and sends nothing', async () => {
    bot = await startTestBot();

    await bot.send('purge https://中文.example.com/首页.html');

    expect(purgeCalls(bot)).toEqual([]);
    expect(lastReply(bot)).toMatch(
      /`中文\.example\.com \(xn--fiq228c\.example\.com\)` is not served by any account/,
    );

    await bot.send('access 中文.example.com');

    expect(lastReply(bot)).toContain(
      '`中文.example.com (xn--fiq228c.example.com)` is not served by any account',
    );
  });

  it.each([
    ['access xn--a.example.com', '`xn--a.example.com` is not a valid domain name'],
    ['host \u0301中文.example.com', 'is not a valid domain name: it cannot be written in punycode'],
    ['stats xn--a.example.com', '`xn--a.example.com` is not a valid domain name'],
    ['cache xn--a.example.com', '`xn--a.example.com` is not a valid domain name'],
    [
      'purge https://xn--a.example.com/首页.html',
      '`xn--a.example.com` in `https://xn--a.example.com/首页.html` is not a valid domain name',
    ],
  ])('refuses an invalid international name before any provider call: %s', async (command, message) => {
    bot = await startTestBot({ account: IDN_ACCOUNT });

    await bot.send(command);

    expect(lastReply(bot)).toContain(message);
    expect(bot.tencent.calls).toEqual([]);
  });
});
