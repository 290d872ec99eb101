import { afterEach, describe, expect, it } from 'vitest';
import { renderConfirmation, renderOutcome } from '../../src/changes/render-change.ts';
import { confirm, lastEphemeral, tencentWrites } from '../support/change-steps.ts';
import {
  ADMIN,
  clickButton,
  OPERATOR,
  OPS_CHANNEL,
  startTestBot,
  TEST_ACCOUNT,
  type TestBot,
  VIEWER,
  visibleText,
  WANGSU_ACCOUNT,
} from '../support/start-test-bot.ts';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

function withCacheSettings() {
  return startTestBot({
    account: {
      ...TEST_ACCOUNT,
      projects: [1001],
      domains: [
        {
          domain: 'www.example.com',
          cacheRules: [{ CacheType: 'all', CacheContents: ['*'], CacheTime: 2_592_000 }],
          cacheSwitches: { FollowOrigin: 'on', IgnoreCacheControl: 'on' },
          serverName: 'origin-host.example.com',
          origins: ['origin.example.com'],
        },
      ],
    },
    config: { users: { [ADMIN]: 'admin', [OPERATOR]: 'operator' } },
  });
}

describe('/cdn cache', () => {
  it('shows the rules in the readable form', async () => {
    bot = await withCacheSettings();

    await bot.send('cache www.example.com', { user: VIEWER });

    expect(visibleText(lastEphemeral(bot))).toContain('• all → 30d');
  });

  it('replaces the rules after Confirm and keeps the cache settings it did not change', async () => {
    bot = await withCacheSettings();

    await bot.send('cache www.example.com set all=30d .jpg,.js=1h /www/html=50m');
    const preview = visibleText(lastEphemeral(bot));
    expect(preview).toContain(
      'Before:\n  all → 30d\nAfter:\n  all → 30d\n  .jpg .js → 1h\n  /www/html (directory) → 50m',
    );
    expect(tencentWrites(bot)).toEqual([]);
    await clickButton(bot, lastEphemeral(bot), 'change.confirm', OPERATOR);

    const domain = bot.tencent.domain('www.example.com');
    expect(domain.cacheRules).toEqual([
      { CacheType: 'all', CacheContents: ['*'], CacheTime: 2_592_000 },
      { CacheType: 'file', CacheContents: ['jpg', 'js'], CacheTime: 3_600 },
      { CacheType: 'directory', CacheContents: ['/www/html'], CacheTime: 3_000 },
    ]);
    expect(domain.cacheSwitches).toMatchObject({ FollowOrigin: 'on', IgnoreCacheControl: 'on' });
    expect(domain.serverName).toBe('origin-host.example.com');
    expect(Object.keys(tencentWrites(bot)[0]!.params as object).sort()).toEqual(['Cache', 'Domain']);
  });

  it('accepts the seed’s list form', async () => {
    bot = await withCacheSettings();

    await confirm(bot, 'cache www.example.com set [[0,"all",1000],[1,".jpg;.js",2000],[2,"/www/html",3000]]');

    expect(
      bot.tencent.domain('www.example.com').cacheRules.map((rule) => [rule.CacheType, rule.CacheTime]),
    ).toEqual([
      ['all', 1000],
      ['file', 2000],
      ['directory', 3000],
    ]);
  });

  it('refuses bad rules before anything is read or sent', async () => {
    bot = await withCacheSettings();

    await bot.send('cache www.example.com set .jpg=400d');

    expect(tencentWrites(bot)).toEqual([]);
    expect(visibleText(lastEphemeral(bot))).toContain('365d');
  });

  it('tells a viewer that changing rules needs operator', async () => {
    bot = await withCacheSettings();

    await bot.send('cache www.example.com set all=1d', { user: VIEWER });

    expect(visibleText(lastEphemeral(bot))).toContain('`cache set` needs operator; you are viewer');
  });
});

describe('/cdn referer, config, project and add', () => {
  it('sets a referer allow list on a Tencent domain', async () => {
    bot = await withCacheSettings();

    await confirm(bot, 'referer www.example.com set allow *.example.com example.com --allow-empty');

    expect(bot.tencent.domain('www.example.com').referer).toEqual({
      Switch: 'on',
      RefererRules: [
        {
          RuleType: 'all',
          RulePaths: ['*'],
          RefererType: 'whitelist',
          Referers: ['*.example.com', 'example.com'],
          AllowEmpty: true,
        },
      ],
    });
  });

  it('changes the origin Host header and keeps the origins', async () => {
    bot = await withCacheSettings();

    await confirm(bot, 'config www.example.com --origin-host new-origin.example.com');

    const domain = bot.tencent.domain('www.example.com');
    expect([domain.serverName, domain.origins]).toEqual(['new-origin.example.com', ['origin.example.com']]);
  });

  it('moves a domain to another project', async () => {
    bot = await withCacheSettings();

    await confirm(bot, 'project www.example.com 1001');

    expect(bot.tencent.domain('www.example.com').projectId).toBe(1001);
  });

  it('adds a domain when an admin confirms, and refuses an operator', async () => {
    bot = await withCacheSettings();

    await bot.send('add new.example.com --origin 203.0.113.10', { user: OPERATOR });
    expect(visibleText(lastEphemeral(bot))).toContain('`add` needs admin');

    await confirm(bot, 'add new.example.com --origin 203.0.113.10 --type download', ADMIN);

    expect(bot.tencent.calls.find((call) => call.action === 'AddCdnDomain')?.params).toMatchObject({
      Domain: 'new.example.com',
      ServiceType: 'download',
      Origin: { Origins: ['203.0.113.10'], OriginType: 'ip' },
    });
    expect(bot.tencent.domain('new.example.com').status).toBe('online');
  });

  it('shows --dry-run plans for config changes without sending anything', async () => {
    bot = await withCacheSettings();

    await bot.send('config www.example.com --full-url off --dry-run');

    expect(tencentWrites(bot)).toEqual([]);
    expect(visibleText(lastEphemeral(bot))).toContain('Full-URL caching: ');
    expect(visibleText(lastEphemeral(bot))).toContain('Nothing was sent.');
  });
});

describe('config changes on a Wangsu domain', () => {
  const account = {
    ...WANGSU_ACCOUNT,
    domains: [
      {
        domain: 'cdn.example.cn',
        visitControlRules: [
          {
            directory: '/private/',
            'control-action': '403',
            'ip-control-rule': { 'allowed-ips': '10.0.0.0/8' },
          },
        ],
        cacheTimeBehaviors: [{ 'file-type': 'jpg', 'cache-ttl': '1d', 'ignore-cache-control': 'true' }],
      },
    ],
  };

  it('replaces cache-time rules and keeps a rule’s other settings', async () => {
    bot = await startTestBot({ wangsu: { account } });

    await confirm(bot, 'cache cdn.example.cn set .jpg=2h all=10m');

    const behaviors = bot.wangsu!.cacheTime('cdn.example.cn');
    expect(
      behaviors.map((behavior) => [
        behavior['file-type'] ?? behavior['custom-pattern'],
        behavior['cache-ttl'],
      ]),
    ).toEqual([
      ['jpg', '7200'],
      ['all', '600'],
    ]);
    expect(behaviors[0]!['ignore-cache-control']).toBe('true');
  });

  it('sets referer anti-leech and keeps the IP rule of another group', async () => {
    bot = await startTestBot({ wangsu: { account } });

    await confirm(bot, 'referer cdn.example.cn set deny bad.example.org');

    const groups = bot.wangsu!.visitControl('cdn.example.cn');
    expect(groups).toHaveLength(2);
    expect(groups[0]).toMatchObject({
      directory: '/private/',
      'ip-control-rule': { 'allowed-ips': '10.0.0.0/8' },
    });
    expect(groups[1]).toMatchObject({
      'custom-pattern': 'all',
      'referer-control-rule': { 'allow-null-referer': 'true', 'invalid-domain': 'bad.example.org' },
    });
  });
});

describe('changes a provider cannot make are refused before anyone confirms (issue 19.2)', () => {
  const writes = (test: TestBot) => [
    ...test.tencent.calls.filter((call) => !call.action.startsWith('Describe')),
    ...test.wangsu!.calls.filter((call) => call.method !== 'GET'),
  ];
  const offersConfirm = (test: TestBot) =>
    test.slack.messages.some((message) => JSON.stringify(message.blocks).includes('change.confirm'));
  const openRequests = (test: TestBot) => test.bot.services.store.changes.expireDue(Number.MAX_SAFE_INTEGER);

  it.each([
    ['config cdn.example.cn --full-url on', 'Changing full-URL caching is not supported on wangsu accounts'],
    [
      'config cdn.example.cn --origin-host origin.example.org --full-url off',
      'Changing full-URL caching is not supported on wangsu accounts',
    ],
    [
      'origin cdn.example.cn set 203.0.113.30 --backup 203.0.113.31',
      'Setting backup origins is not supported on wangsu accounts',
    ],
    [
      'origin cdn.example.cn set 203.0.113.30 --protocol https',
      'Choosing the origin pull protocol is not supported on wangsu accounts',
    ],
    ['project cdn.example.cn 1001', 'Changing the project is not supported on wangsu accounts'],
    [
      'add x.example.cn --origin 203.0.113.10 --account wangsu-prod',
      'Adding a domain is not supported on wangsu accounts',
    ],
    ['config cdn.example.cn --full-url on --dry-run', 'Changing full-URL caching is not supported'],
  ])('`%s` is refused at once, naming what Wangsu lacks', async (text, refusal) => {
    bot = await startTestBot({ wangsu: {} });

    await bot.send(text, { user: ADMIN });

    expect(visibleText(lastEphemeral(bot))).toContain(refusal);
    expect(visibleText(lastEphemeral(bot))).toContain('wangsu-prod');
    expect(offersConfirm(bot)).toBe(false);
    expect(await openRequests(bot)).toEqual([]);
    expect(writes(bot)).toEqual([]);
    expect(bot.logs.join('\n')).not.toContain('"stack"');
  });

  it('a request stored before the provider stopped supporting it fails with the reason, no InternalError, no stack', async () => {
    bot = await startTestBot({ wangsu: {} });
    const now = bot.clock.now();
    const request = {
      id: 'OLDREQ',
      action: 'config',
      accountId: 'wangsu-prod',
      domain: 'cdn.example.cn',
      requestedBy: OPERATOR,
      channel: OPS_CHANNEL,
      commandText: 'config cdn.example.cn --full-url on',
      plan: {
        plan: { kind: 'config', change: { fullUrlCache: true } },
        summary: 'change the origin settings of cdn.example.cn on wangsu-prod',
        consequence: 'Changing full-URL caching changes cache keys.',
        preview: ['Full-URL caching: — → on'],
        statusBefore: 'online',
      },
      state: 'awaiting_confirmation' as const,
      createdAt: now,
      expiresAt: now + 15 * 60_000,
      decidedBy: null,
      decidedAt: null,
      messageTs: null,
      responseUrl: null,
      result: null,
    };
    await bot.bot.services.store.changes.create(request);
    await bot.bot.services.messenger.post(OPS_CHANNEL, renderConfirmation(request));
    const preview = bot.slack.messages.at(-1)!;

    await clickButton(bot, preview, 'change.confirm', OPERATOR);

    const stored = (await bot.bot.services.store.changes.get('OLDREQ'))!;
    expect(stored.state).toBe('failed');
    expect(stored.result).toEqual({
      message: 'Changing full-URL caching is not supported on wangsu accounts (account wangsu-prod).',
    });
    // What the preview becomes: the reason, without an `InternalError` code.
    const outcome = renderOutcome(stored);
    expect(visibleText({ text: outcome.text, blocks: outcome.blocks ?? [] })).toContain(
      'failed by <@U0OPER0001>\nRequested by <@U0OPER0001> · `cdn.example.cn` on `wangsu-prod`\nFull-URL caching: — → on\nChanging full-URL caching is not supported',
    );
    expect(bot.texts().at(-1)).toContain(
      'change the origin settings of cdn.example.cn on wangsu-prod: failed',
    );
    expect(writes(bot)).toEqual([]);
    expect(bot.logs.join('\n')).not.toContain('"stack"');
  });
});

describe('a config change shows only what changes (issue 19.7)', () => {
  it('lists only the origin host when full-URL caching is already what was asked', async () => {
    bot = await withCacheSettings();
    // The sandbox's domains cache by the full URL unless seeded otherwise.
    expect(bot.tencent.domain('www.example.com').fullUrlCache).toBe(true);

    await bot.send('config www.example.com --origin-host new-origin.example.com --full-url on');

    const preview = visibleText(lastEphemeral(bot));
    expect(preview).toContain('Origin Host header: origin-host.example.com → new-origin.example.com');
    expect(preview).not.toContain('Full-URL caching');
    expect(preview).not.toContain('cache keys');
    await clickButton(bot, lastEphemeral(bot), 'change.confirm', OPERATOR);
    expect(bot.tencent.domain('www.example.com').serverName).toBe('new-origin.example.com');
    expect(tencentWrites(bot)[0]!.params).not.toHaveProperty('CacheKey');
  });

  it('refuses a change that changes nothing, saying the current value, and stores nothing', async () => {
    bot = await withCacheSettings();

    await bot.send('config www.example.com --full-url on');

    expect(visibleText(lastEphemeral(bot))).toContain('www.example.com already has full-URL caching on');
    expect(JSON.stringify(lastEphemeral(bot).blocks)).not.toContain('change.confirm');
    expect(await bot.bot.services.store.changes.expireDue(Number.MAX_SAFE_INTEGER)).toEqual([]);

    await bot.send('config www.example.com --origin-host origin-host.example.com --full-url on');
    expect(visibleText(lastEphemeral(bot))).toContain(
      'already has origin Host header `origin-host.example.com` and full-URL caching on',
    );
    await bot.send('project www.example.com 0');
    expect(visibleText(lastEphemeral(bot))).toContain('www.example.com is already in project 0');
    expect(await bot.bot.services.store.changes.expireDue(Number.MAX_SAFE_INTEGER)).toEqual([]);
    expect(tencentWrites(bot)).toEqual([]);
  });
});
