import { afterEach, describe, expect, it } from 'vitest';
import { confirm, lastEphemeral, tencentWrites, wangsuWrites } from '../support/change-steps.ts';
import {
  ADMIN,
  clickButton,
  OPERATOR,
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

/** A Tencent domain with settings an origin change must not touch, and a Wangsu one. */
function withOrigins(config: Record<string, unknown> = {}) {
  return startTestBot({
    account: {
      ...TEST_ACCOUNT,
      domains: [
        {
          domain: 'www.example.com',
          origins: ['origin.example.com'],
          serverName: 'origin-host.example.com',
          cacheRules: [{ CacheType: 'all', CacheContents: ['*'], CacheTime: 2_592_000 }],
          cacheSwitches: { FollowOrigin: 'on' },
        },
        { domain: 'static.example.com', origins: ['10.0.0.8'], originType: 'ip' },
      ],
    },
    wangsu: {
      account: {
        ...WANGSU_ACCOUNT,
        domains: [
          {
            domain: 'cdn.example.cn',
            originIps: '203.0.113.7',
            originHostHeader: 'cdn.example.cn',
            cacheTimeBehaviors: [{ 'file-type': 'jpg', 'cache-ttl': '1d' }],
          },
        ],
      },
    },
    config: { users: { [ADMIN]: 'admin', [OPERATOR]: 'operator' }, ...config },
  });
}

describe('/cdn origin on Tencent Cloud', () => {
  it('shows origins, backups, pull protocol and Host header to a viewer', async () => {
    bot = await withOrigins();

    await bot.send('origin www.example.com', { user: VIEWER });

    const text = visibleText(lastEphemeral(bot));
    expect(text).toContain('• origins `origin.example.com` (domain)');
    expect(text).toContain('• backup origins none');
    expect(text).toContain('• pull protocol http');
    expect(text).toContain('• origin Host header `origin-host.example.com`');
  });

  it('sets IP origins with a port, backups and the protocol after Confirm, keeping the Host header and the cache', async () => {
    bot = await withOrigins();

    await bot.send(
      'origin www.example.com set 203.0.113.10 203.0.113.11:8080 --backup 203.0.113.20 --protocol follow',
    );
    const preview = visibleText(lastEphemeral(bot));
    expect(preview).toContain('Origins: origin.example.com → 203.0.113.10, 203.0.113.11:8080');
    expect(preview).toContain('Backup origins: none → 203.0.113.20');
    expect(preview).toContain('Pull protocol: http → follow');
    expect(tencentWrites(bot)).toEqual([]);
    await clickButton(bot, lastEphemeral(bot), 'change.confirm', OPERATOR);

    const domain = bot.tencent.domain('www.example.com');
    expect(domain).toMatchObject({
      origins: ['203.0.113.10', '203.0.113.11:8080'],
      originType: 'ip',
      backupOrigins: ['203.0.113.20'],
      backupOriginType: 'ip',
      originPullProtocol: 'follow',
      serverName: 'origin-host.example.com',
      cacheSwitches: { FollowOrigin: 'on' },
    });
    expect(domain.cacheRules).toEqual([{ CacheType: 'all', CacheContents: ['*'], CacheTime: 2_592_000 }]);
    // Only the Origin object is sent, whole.
    expect(Object.keys(tencentWrites(bot)[0]!.params as object).sort()).toEqual(['Domain', 'Origin']);
    const audit = await bot.bot.services.store.audit.query({ since: 0, limit: 50, offset: 0 });
    const done = audit.entries.find((entry) => entry.action === 'origin' && entry.outcome === 'done');
    expect(done?.requestId).toBe(tencentWrites(bot)[0]!.requestId);
  });

  it('takes IPv6 with IPv4 as ip_ipv6 and the seed’s one domain, with the Host header', async () => {
    bot = await withOrigins();

    await confirm(bot, 'origin static.example.com set 203.0.113.10 [2001:db8::10]:8080');
    expect(bot.tencent.domain('static.example.com')).toMatchObject({
      origins: ['203.0.113.10', '[2001:db8::10]:8080'],
      originType: 'ip_ipv6',
    });

    await bot.clock.sleep(60_000);
    await confirm(bot, 'origin static.example.com set Origin.Example.org --host www.example.org');
    expect(bot.tencent.domain('static.example.com')).toMatchObject({
      origins: ['origin.example.org'],
      originType: 'domain',
      serverName: 'www.example.org',
    });
  });

  it('clears the backups with `--backup none`', async () => {
    bot = await withOrigins();
    await confirm(bot, 'origin www.example.com set --backup 203.0.113.20,203.0.113.21');
    expect(bot.tencent.domain('www.example.com').backupOrigins).toEqual(['203.0.113.20', '203.0.113.21']);
    await bot.clock.sleep(60_000);

    await bot.send('origin www.example.com set --backup none');
    expect(visibleText(lastEphemeral(bot))).toContain('Backup origins: 203.0.113.20, 203.0.113.21 → none');
    await clickButton(bot, lastEphemeral(bot), 'change.confirm', OPERATOR);

    expect(bot.tencent.domain('www.example.com')).toMatchObject({
      origins: ['origin.example.com'],
      backupOrigins: [],
      backupOriginType: null,
    });
  });

  it('changes only the protocol when `set` names no origins', async () => {
    bot = await withOrigins();

    await confirm(bot, 'origin www.example.com set --protocol https');

    expect(bot.tencent.domain('www.example.com')).toMatchObject({
      origins: ['origin.example.com'],
      originPullProtocol: 'https',
    });
  });

  it.each([
    ['origin www.example.com set http://203.0.113.10', 'is a URL'],
    ['origin www.example.com set 203.0.113.300', 'is not a valid IPv4 address'],
    ['origin www.example.com set 203.0.113.10 origin.example.org', 'mix IP addresses and a domain'],
    ['origin www.example.com set a.example.org b.example.org', 'providers take one domain'],
    ['origin www.example.com set 203.0.113.10:70000', 'port must be a number from 1 to 65535'],
    ['origin www.example.com set 2001:db8::1:8080:1:2:3:4:5', 'IPv6 address with a port goes in brackets'],
    ['origin www.example.com set 203.0.113.10 --backup 203.0.113.11 203.0.113.12', 'separate several backup'],
    ['origin www.example.com set 203.0.113.10 --backup=203.0.113.11 203.0.113.12', 'separate several backup'],
    ['origin www.example.com set 203.0.113.10 --protocol ftp', '--protocol takes http, https or follow'],
  ])('`%s` is refused before any provider call', async (text, refusal) => {
    bot = await withOrigins();
    const before = bot.tencent.calls.length;

    await bot.send(text);

    expect(visibleText(lastEphemeral(bot))).toContain(refusal);
    expect(bot.tencent.calls.length).toBe(before);
    expect(bot.wangsu!.calls).toEqual([]);
  });

  it.each([
    ['origin www.example.com set 203.0.113.10:8080 --protocol https', 'pulls over HTTPS from port 443 only'],
    ['origin www.example.com set 2001:db8::1 2001:db8::2', 'one IPv6 origin on its own'],
    ['origin www.example.com set 203.0.113.10 --backup 2001:db8::1', 'not IPv6'],
  ])('`%s` is refused by Tencent’s rules before anyone confirms', async (text, refusal) => {
    bot = await withOrigins();

    await bot.send(text);

    expect(visibleText(lastEphemeral(bot))).toContain(refusal);
    expect(JSON.stringify(lastEphemeral(bot).blocks)).not.toContain('change.confirm');
    expect(tencentWrites(bot)).toEqual([]);
  });

  it('refuses a change that changes nothing, and one while the domain is deploying', async () => {
    bot = await withOrigins();

    await bot.send('origin www.example.com set origin.example.com');
    expect(visibleText(lastEphemeral(bot))).toContain('already has origins `origin.example.com`');

    bot.tencent.domain('www.example.com').status = 'processing';
    await bot.send('origin www.example.com set 203.0.113.10');
    expect(visibleText(lastEphemeral(bot))).toContain('is busy: a change is being deployed');
    expect(tencentWrites(bot)).toEqual([]);
  });

  it('needs operator to change, and shows --dry-run without sending', async () => {
    bot = await withOrigins();

    await bot.send('origin www.example.com set 203.0.113.10', { user: VIEWER });
    expect(visibleText(lastEphemeral(bot))).toContain('`origin set` needs operator; you are viewer');

    await bot.send('origin www.example.com set 203.0.113.10 --dry-run');
    expect(visibleText(lastEphemeral(bot))).toContain('Nothing was sent.');
    expect(visibleText(lastEphemeral(bot))).toContain('Origins: origin.example.com → 203.0.113.10');
    expect(tencentWrites(bot)).toEqual([]);
  });

  it('asks a second person when `origin` is in approvals.actions', async () => {
    bot = await withOrigins({ approvals: { actions: ['offline', 'delete', 'origin'] } });

    await bot.send('origin www.example.com set 203.0.113.10', { user: OPERATOR });
    expect(visibleText(lastEphemeral(bot))).toContain('waits for approval');
    const card = bot.slack.messages.find((message) => message.text.startsWith('Approval needed'))!;
    expect(visibleText(card)).toContain('Origins: origin.example.com → 203.0.113.10');
    expect(tencentWrites(bot)).toEqual([]);

    await clickButton(bot, card, 'change.approve', ADMIN);

    expect(bot.tencent.domain('www.example.com').origins).toEqual(['203.0.113.10']);
  });

  it('points `config --origin` (the seed’s UpdateCdnHost) at `origin set`', async () => {
    bot = await withOrigins();

    await bot.send('config www.example.com --origin 1.1.1.1');

    expect(visibleText(lastEphemeral(bot))).toContain('`/cdn origin www.example.com set 1.1.1.1`');
    expect(tencentWrites(bot)).toEqual([]);
  });
});

describe('/cdn origin on Wangsu', () => {
  it('replaces origin-ips and the Host header through EditDomainConfig, keeping the cache rules', async () => {
    bot = await withOrigins();

    await bot.send('origin cdn.example.cn set 203.0.113.30 203.0.113.31 --host origin.example.cn');
    expect(visibleText(lastEphemeral(bot))).toContain('Origins: 203.0.113.7 → 203.0.113.30, 203.0.113.31');
    expect(visibleText(lastEphemeral(bot))).toContain(
      'Origin Host header: cdn.example.cn → origin.example.cn',
    );
    await clickButton(bot, lastEphemeral(bot), 'change.confirm', OPERATOR);

    expect(bot.wangsu!.domain('cdn.example.cn')).toMatchObject({
      originIps: '203.0.113.30;203.0.113.31',
      originHostHeader: 'origin.example.cn',
    });
    expect(bot.wangsu!.cacheTime('cdn.example.cn')).toMatchObject([
      { 'file-type': 'jpg', 'cache-ttl': '1d' },
    ]);
    expect(wangsuWrites(bot).map((call) => `${call.method} ${call.path}`)).toEqual([
      'PUT /api/domain/cdn.example.cn',
    ]);
    await bot.send('origin cdn.example.cn', { user: VIEWER });
    expect(visibleText(lastEphemeral(bot))).toContain('• origins `203.0.113.30`, `203.0.113.31`');
  });

  it('sends the whole origin-config back: the Host header stays when only the origins change', async () => {
    bot = await withOrigins();

    await confirm(bot, 'origin cdn.example.cn set origin.example.cn');

    expect(bot.wangsu!.domain('cdn.example.cn')).toMatchObject({
      originIps: 'origin.example.cn',
      originHostHeader: 'cdn.example.cn',
    });
    expect(wangsuWrites(bot)[0]!.body).toEqual({
      'origin-config': { 'origin-ips': 'origin.example.cn', 'default-origin-host-header': 'cdn.example.cn' },
    });
  });

  it('changes the origin Host header with `config --origin-host` too', async () => {
    bot = await withOrigins();

    await confirm(bot, 'config cdn.example.cn --origin-host origin.example.cn');

    expect(bot.wangsu!.domain('cdn.example.cn')).toMatchObject({
      originIps: '203.0.113.7',
      originHostHeader: 'origin.example.cn',
    });
  });

  it('refuses more than 15 IPs and ports before anyone confirms', async () => {
    bot = await withOrigins();
    const sixteen = Array.from({ length: 16 }, (_, index) => `203.0.113.${index + 1}`).join(' ');

    await bot.send(`origin cdn.example.cn set ${sixteen}`);
    expect(visibleText(lastEphemeral(bot))).toContain('16 origin IPs given; Wangsu takes at most 15');

    await bot.send('origin cdn.example.cn set 203.0.113.30:8080');
    expect(visibleText(lastEphemeral(bot))).toContain('origin-ips take addresses without a port');
    expect(wangsuWrites(bot)).toEqual([]);
  });
});
