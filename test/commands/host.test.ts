import { afterEach, describe, expect, it } from 'vitest';
import type { SandboxAccount, SandboxRefererRule } from '../../sandbox/tencent/index.ts';
import { startTestBot, TEST_ACCOUNT, type TestBot, visibleText } from '../support/start-test-bot.ts';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

const IMG_ACCOUNT: SandboxAccount = {
  ...TEST_ACCOUNT,
  domains: [
    {
      domain: 'img.example.com',
      resourceId: 'cdn-img00001',
      origins: ['origin-a.example.com', 'origin-b.example.com'],
      serverName: 'img-origin.example.com',
      serviceType: 'download',
      area: 'overseas',
      projectId: 7,
      cacheRules: [
        { CacheType: 'all', CacheContents: ['*'], CacheTime: 2_592_000 },
        { CacheType: 'file', CacheContents: ['html', 'htm'], CacheTime: 3_600 },
        { CacheType: 'directory', CacheContents: ['/api'], CacheTime: 0 },
      ],
      referer: {
        Switch: 'on',
        RefererRules: [
          {
            RuleType: 'all',
            RulePaths: ['*'],
            RefererType: 'whitelist',
            Referers: ['*.example.com', 'example.org'],
            AllowEmpty: true,
          },
        ],
      },
    },
    { domain: 'www.example.com' },
    { domain: 'old.example.com', status: 'offline' },
  ],
};

function refererAccount(rule: Partial<SandboxRefererRule>): SandboxAccount {
  return {
    ...TEST_ACCOUNT,
    domains: [
      {
        domain: 'www.example.com',
        referer: {
          Switch: 'on',
          RefererRules: [
            {
              RuleType: 'directory',
              RulePaths: ['/private'],
              RefererType: 'whitelist',
              Referers: ['bad.example.net'],
              AllowEmpty: false,
              ...rule,
            },
          ],
        },
      },
    ],
  };
}

function lastText(test: TestBot): string {
  return visibleText(test.slack.messages.at(-1)!);
}

function actions(test: TestBot): string[] {
  return test.tencent.calls.map((call) => call.action);
}

describe('/cdn host', () => {
  it('shows a domain in full: status, CNAME, origins, origin host, cache rules and referer rules', async () => {
    bot = await startTestBot({ account: IMG_ACCOUNT });

    await bot.send('host img.example.com');

    const reply = bot.slack.messages.at(-1)!;
    expect(reply.ephemeral).toBe(true);
    const text = visibleText(reply);
    expect(text.split('\n').slice(0, 12)).toEqual([
      'img.example.com',
      ':large_green_circle: *online* · account `tencent-prod` · id `cdn-img00001`',
      '*CNAME* `img.example.com.cdn.dnsv1.com`',
      '*Origin* `origin-a.example.com`, `origin-b.example.com` (domain) · pull http · origin host `img-origin.example.com`',
      '*Service* download · *area* overseas · *project* 7 · *HTTPS* off · *full-URL cache* on',
      '*Cache rules*',
      '      all `*` → 30d',
      '      file `html` `htm` → 1h',
      '      directory `/api` → no cache',
      '      follow origin Cache-Control: off',
      '*Referer* on',
      '      allow only `*.example.com` `example.org` on all `*` · empty referer allowed',
    ]);
    expect(actions(bot)).toEqual(['DescribeDomains', 'DescribeDomainsConfig']);
  });

  it.each([
    ['a whitelist that allows an empty referer', 'whitelist', true, 'allow only', 'empty referer allowed'],
    ['a whitelist that does not', 'whitelist', false, 'allow only', 'empty referer refused'],
    // Tencent turns AllowEmpty around for blacklists: true there means an empty referer is *rejected*.
    ['a blacklist with AllowEmpty true', 'blacklist', true, 'deny', 'empty referer refused'],
    ['a blacklist with AllowEmpty false', 'blacklist', false, 'deny', 'empty referer allowed'],
  ] as const)('explains %s', async (_case, refererType, allowEmpty, verb, meaning) => {
    bot = await startTestBot({
      account: refererAccount({ RefererType: refererType, AllowEmpty: allowEmpty }),
    });

    await bot.send('host www.example.com');

    expect(lastText(bot)).toContain(
      `      ${verb} \`bad.example.net\` on directory \`/private\` · ${meaning}`,
    );
  });

  it('says the referer check is off without listing rules when it is switched off', async () => {
    bot = await startTestBot();

    await bot.send('host www.example.com');

    const text = lastText(bot);
    expect(text).toContain('*Referer* off');
    expect(text).not.toContain('empty referer');
  });

  it('finds a domain by its resource id', async () => {
    bot = await startTestBot({ account: IMG_ACCOUNT });

    await bot.send('host cdn-img00001');

    expect(lastText(bot)).toMatch(/^img\.example\.com\n.*id `cdn-img00001`/);
    const config = bot.tencent.calls.find((call) => call.action === 'DescribeDomainsConfig')!;
    expect(config.params).toMatchObject({ Filters: [{ Name: 'domain', Value: ['img.example.com'] }] });
  });

  it('shows two domains in one answer, asking the provider once for both', async () => {
    bot = await startTestBot({ account: IMG_ACCOUNT });

    await bot.send('host img.example.com www.example.com');

    const reply = bot.slack.messages.at(-1)!;
    const headers = reply.blocks.filter((block) => (block as { type: string }).type === 'header');
    expect(headers.map((block) => (block as { text: { text: string } }).text.text)).toEqual([
      'img.example.com',
      'www.example.com',
    ]);
    expect(reply.text).toBe('img.example.com: online, www.example.com: online');
    const configs = bot.tencent.calls.filter((call) => call.action === 'DescribeDomainsConfig');
    expect(configs.map((call) => call.params)).toEqual([
      {
        Offset: 0,
        Limit: 100,
        Filters: [{ Name: 'domain', Value: ['img.example.com', 'www.example.com'] }],
      },
    ]);
  });

  it('shows a stopped domain as offline', async () => {
    bot = await startTestBot({ account: IMG_ACCOUNT });

    await bot.send('host old.example.com');

    expect(lastText(bot)).toContain(':red_circle: *offline* · account `tencent-prod`');
  });

  it('refuses an unknown domain by name, having only listed domains', async () => {
    bot = await startTestBot();

    await bot.send('host www.example.com nosuch.example.org');

    const reply = bot.slack.messages.at(-1)!;
    expect(reply.ephemeral).toBe(true);
    expect(visibleText(reply)).toContain(
      '`nosuch.example.org`: no account this channel may use serves it.\n`/cdn hosts` lists the domains available here.',
    );
    expect(actions(bot)).toEqual(['DescribeDomains']);
  });

  it('asks for a domain when none is given', async () => {
    bot = await startTestBot();

    await bot.send('host');

    expect(lastText(bot)).toContain('Name a domain (www.example.com) or its id (cdn-xxxxxxxx).');
    expect(bot.tencent.calls).toEqual([]);
  });
});
