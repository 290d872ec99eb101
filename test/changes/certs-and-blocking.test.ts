import { afterEach, describe, expect, it } from 'vitest';
import type { SandboxAccount } from '../../sandbox/tencent/types.ts';
import type { WangsuSandboxAccount } from '../../sandbox/wangsu/types.ts';
import { confirm, lastEphemeral, tencentWrites, wangsuWrites } from '../support/change-steps.ts';
import { openHome, publishedHome, viewText } from '../support/slack-payloads.ts';
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

const config = { users: { [ADMIN]: 'admin', [OPERATOR]: 'operator', [VIEWER]: 'viewer' } };

const TENCENT: SandboxAccount = {
  ...TEST_ACCOUNT,
  certificates: [
    { certId: 'OldCert1', domains: ['www.example.com'], expiresInDays: 9 },
    { certId: 'Wild0001', domains: ['*.example.com', 'example.com'], expiresInDays: 300 },
    { certId: 'Static01', domains: ['static.example.com'], expiresInDays: 40 },
    { certId: 'Other001', domains: ['shop.example.org'] },
  ],
  domains: [
    {
      domain: 'www.example.com',
      https: { certId: 'OldCert1' },
      ipFilter: {
        Switch: 'on',
        FilterType: 'blacklist',
        Filters: ['192.0.2.1'],
        FilterRules: [
          {
            FilterType: 'blacklist',
            Filters: ['198.51.100.9'],
            RuleType: 'directory',
            RulePaths: ['/admin'],
          },
        ],
      },
      userAgentFilter: {
        Switch: 'on',
        FilterRules: [
          { FilterType: 'whitelist', UserAgents: ['Mobile.*'], RuleType: 'directory', RulePaths: ['/app'] },
        ],
      },
      referer: {
        Switch: 'on',
        RefererRules: [
          {
            RuleType: 'all',
            RulePaths: ['*'],
            RefererType: 'blacklist',
            Referers: ['bad.example.org'],
            AllowEmpty: false,
          },
        ],
      },
    },
    { domain: 'static.example.com', https: { certId: 'Static01' } },
    {
      domain: 'intranet.example.com',
      ipFilter: { Switch: 'on', FilterType: 'whitelist', Filters: ['10.0.0.0/8'], FilterRules: [] },
    },
    { domain: 'plain.example.com' },
  ],
};

const WANGSU: WangsuSandboxAccount = {
  ...WANGSU_ACCOUNT,
  certificates: [
    { certificateId: '700101', dnsNames: ['cdn.example.cn'], expiresInDays: 20, domains: ['cdn.example.cn'] },
    { certificateId: '700102', dnsNames: ['*.example.cn', 'example.cn'], expiresInDays: 400 },
    { certificateId: '700103', dnsNames: ['shop.example.org'] },
  ],
  domains: [
    {
      domain: 'cdn.example.cn',
      visitControlRules: [
        {
          directory: '/private/',
          'control-action': '403',
          'ip-control-rule': { 'allowed-ips': '10.0.0.0/8' },
        },
        {
          'custom-pattern': 'all',
          'control-action': '302',
          'rewrite-to': 'https://cdn.example.cn/hotlink.png',
          'referer-control-rule': { 'allow-null-referer': 'true', 'invalid-domain': 'bad.example.org' },
        },
      ],
    },
    { domain: 'img.example.cn' },
  ],
};

function start() {
  return startTestBot({ account: TENCENT, wangsu: { account: WANGSU }, config });
}

describe('/cdn certs', () => {
  it('lists every HTTPS domain soonest expiry first, and names domains without HTTPS', async () => {
    bot = await start();

    await bot.send('certs', { user: VIEWER });

    const text = visibleText(lastEphemeral(bot));
    const order = ['www.example.com', 'cdn.example.cn', 'static.example.com', 'img.example.cn'].map(
      (domain) => text.indexOf(`\`${domain}\``),
    );
    expect(order.every((at, index) => at >= 0 && (index === 0 || at > order[index - 1]!))).toBe(true);
    expect(text).toContain(':warning: `www.example.com`: ');
    expect(text).toContain('(9 days left)');
    expect(text).toContain('`img.example.cn`: no HTTPS');
    expect(text).toContain('SANs `cdn.example.cn`');
  });

  it('--expiring 30d keeps only certificates expiring within 30 days, soonest first', async () => {
    bot = await start();

    await bot.send('certs --expiring 30d', { user: VIEWER });

    const text = visibleText(lastEphemeral(bot));
    expect(text).toContain('Certificates expiring within 30 days');
    expect(text.indexOf('`www.example.com`')).toBeGreaterThan(-1);
    expect(text.indexOf('`cdn.example.cn`')).toBeGreaterThan(text.indexOf('`www.example.com`'));
    expect(text).not.toContain('static.example.com');
    expect(text).not.toContain('no HTTPS');
  });

  it('refuses an --expiring it cannot read, saying how to write it', async () => {
    bot = await start();

    await bot.send('certs --expiring soon', { user: VIEWER });

    expect(visibleText(lastEphemeral(bot))).toContain('`/cdn certs --expiring 30d`');
  });

  it('host shows the certificate of a Tencent and a Wangsu domain', async () => {
    bot = await start();

    await bot.send('host www.example.com cdn.example.cn', { user: VIEWER });

    const text = visibleText(lastEphemeral(bot));
    expect(text).toContain('*Certificate* expires');
    expect(text).toContain('id `OldCert1`');
    expect(text).toContain('id `700101`');
  });
});

describe('/cdn cert <domain> set', () => {
  it('switches a Tencent domain to an uploaded certificate after Confirm, showing old → new expiry', async () => {
    bot = await start();

    await bot.send('cert www.example.com set Wild0001', { user: OPERATOR });
    const preview = visibleText(lastEphemeral(bot));
    expect(preview).toContain('Certificate before: OldCert1, expires');
    expect(preview).toContain('(9 days left)');
    // Wild0001 serves no domain yet: its expiry comes from the SSL service, before anyone confirms.
    expect(preview).toContain('Certificate after: Wild0001 (*.example.com, example.com), expires');
    expect(preview).toContain('(300 days left)');
    expect(tencentWrites(bot)).toEqual([]);
    await clickButton(bot, lastEphemeral(bot), 'change.confirm', OPERATOR);

    expect(bot.tencent.domain('www.example.com').https).toMatchObject({ Switch: 'on', certId: 'Wild0001' });
    const [write] = tencentWrites(bot);
    expect(Object.keys(write!.params as object).sort()).toEqual(['Domain', 'Https']);
    const entries = (await bot.bot.services.store.audit.query({ since: 0, limit: 20, offset: 0 })).entries;
    expect(entries.find((entry) => entry.action === 'cert' && entry.outcome === 'done')?.requestId).toBe(
      write!.requestId,
    );
  });

  it('refuses an unknown certificate id with the SSL API’s code and request id, before anyone confirms', async () => {
    bot = await start();

    await bot.send('cert www.example.com set Missing9', { user: OPERATOR });

    const text = visibleText(lastEphemeral(bot));
    const lookUp = bot.tencent.calls.find((call) => call.action === 'DescribeCertificateDetail');
    expect(lookUp?.errorCode).toBe('FailedOperation.CertificateNotFound');
    expect(text).toContain('code `FailedOperation.CertificateNotFound`');
    expect(text).toContain('Certificate does not exist.');
    expect(text).toContain(`request id \`${lookUp!.requestId}\``);
    expect(text).not.toContain('Confirm');
    expect(tencentWrites(bot)).toEqual([]);
  });

  it('refuses a certificate that does not cover the domain, before anyone confirms', async () => {
    bot = await start();

    await bot.send('cert www.example.com set Other001', { user: OPERATOR });
    await bot.send('cert cdn.example.cn set 700103', { user: OPERATOR });

    const texts = bot.slack.messages.filter((message) => message.ephemeral).map(visibleText);
    expect(texts.at(-2)).toContain(
      'Certificate `Other001` does not cover `www.example.com`: it is for `shop.example.org`',
    );
    expect(texts.at(-1)).toContain(
      'Certificate `700103` does not cover `cdn.example.cn`: it is for `shop.example.org`',
    );
    expect(tencentWrites(bot)).toEqual([]);
    expect(wangsuWrites(bot)).toEqual([]);
  });

  it('the sandboxes themselves refuse such certificates with the provider’s code', async () => {
    bot = await start();
    const tencent = bot.bot.services.providers.get('tencent-prod')!;
    const wangsu = bot.bot.services.providers.get('wangsu-prod')!;

    await expect(
      tencent.updateDomainConfig!('www.example.com', { certificateId: 'Other001' }),
    ).rejects.toMatchObject({
      providerCode: 'InvalidParameter.CdnCertInfoNotFound',
    });
    await expect(
      tencent.updateDomainConfig!('www.example.com', { certificateId: 'Missing9' }),
    ).rejects.toMatchObject({
      providerCode: 'InvalidParameter.CdnCertInfoNotFound',
    });
    await expect(
      wangsu.updateDomainConfig!('cdn.example.cn', { certificateId: '700103' }),
    ).rejects.toMatchObject({
      providerCode: 'CertificateDomainMismatch',
    });
  });

  it('switches a Wangsu domain through the certificate batch API', async () => {
    bot = await start();

    await confirm(bot, 'cert cdn.example.cn set 700102');

    await bot.send('certs example.cn', { user: VIEWER });
    expect(visibleText(lastEphemeral(bot))).toContain('id `700102`');
    expect(wangsuWrites(bot).map((call) => call.path)).toEqual(['/api/config/certificate/batch']);
  });

  it('refuses a domain that is deploying, before anyone confirms', async () => {
    bot = await start();
    bot.tencent.domain('www.example.com').status = 'processing';

    await bot.send('cert www.example.com set Wild0001', { user: OPERATOR });

    expect(visibleText(lastEphemeral(bot))).toContain('is busy: a change is being deployed');
    expect(tencentWrites(bot)).toEqual([]);
  });
});

describe('/cdn block and /cdn unblock', () => {
  it('blocks and unblocks an IP and a UA on Tencent, keeping every other rule', async () => {
    bot = await start();
    const before = structuredClone(bot.tencent.domain('www.example.com'));

    await confirm(bot, 'block www.example.com ip 203.0.113.7 2001:db8::/32');
    await confirm(bot, 'block www.example.com ua BadBot.*');

    const domain = bot.tencent.domain('www.example.com');
    expect(domain.ipFilter).toEqual({
      ...before.ipFilter,
      Filters: ['192.0.2.1', '203.0.113.7', '2001:db8::/32'],
    });
    expect(domain.userAgentFilter.FilterRules).toEqual([
      ...before.userAgentFilter.FilterRules!,
      { RuleType: 'all', RulePaths: ['*'], FilterType: 'blacklist', UserAgents: ['BadBot.*'] },
    ]);
    expect(domain.referer).toEqual(before.referer);
    expect(domain.https).toEqual(before.https);

    await confirm(bot, 'unblock www.example.com ip 192.0.2.1 203.0.113.7');
    await confirm(bot, 'unblock www.example.com ua BadBot.*');

    const after = bot.tencent.domain('www.example.com');
    expect(after.ipFilter).toEqual({ ...before.ipFilter, Filters: ['2001:db8::/32'] });
    expect(after.userAgentFilter).toEqual(before.userAgentFilter);
    await bot.send('access www.example.com', { user: VIEWER });
    expect(visibleText(lastEphemeral(bot))).toContain('IP denied: `2001:db8::/32`');
  });

  it('blocks and unblocks an IP and a UA on Wangsu, keeping every other group and data-id', async () => {
    bot = await start();
    const before = structuredClone(bot.wangsu!.visitControl('cdn.example.cn'));

    await confirm(bot, 'block cdn.example.cn ip 198.51.100.0/24');
    await confirm(bot, 'block cdn.example.cn ua BadBot.* ^curl/');

    const groups = bot.wangsu!.visitControl('cdn.example.cn');
    expect(groups.slice(0, 2)).toEqual(before);
    expect(groups.slice(2)).toMatchObject([
      {
        'custom-pattern': 'all',
        'control-action': '403',
        'ip-control-rule': { 'forbidden-ips': '198.51.100.0/24' },
      },
      {
        'custom-pattern': 'all',
        'control-action': '403',
        'ua-control-rule': { 'invalid-user-agents': 'BadBot.*|^curl/' },
      },
    ]);

    await confirm(bot, 'unblock cdn.example.cn ua ^curl/');
    await confirm(bot, 'unblock cdn.example.cn ip 198.51.100.0/24');

    const after = bot.wangsu!.visitControl('cdn.example.cn');
    expect(after.slice(0, 2)).toEqual(before);
    expect(after.slice(2)).toMatchObject([{ 'ua-control-rule': { 'invalid-user-agents': 'BadBot.*' } }]);
    expect(after).toHaveLength(3);
  });

  it('refuses an invalid CIDR, a bad address and a bad regex before any call, saying how to write them', async () => {
    bot = await start();
    const calls = bot.tencent.calls.length;

    await bot.send('block www.example.com ip 10.1.2.3/8 300.1.1.1 1.2.3.4:80', { user: OPERATOR });
    const ips = visibleText(lastEphemeral(bot));
    await bot.send('block www.example.com ua Bad(Bot', { user: OPERATOR });

    expect(ips).toContain('`10.1.2.3/8`: host bits are set; the /8 network is `10.0.0.0/8`');
    expect(ips).toContain('`300.1.1.1`: not an IPv4 address');
    expect(ips).toContain('`1.2.3.4:80`: a port is not part of an address');
    expect(visibleText(lastEphemeral(bot))).toContain('`Bad(Bot`: not a regular expression');
    expect(bot.tencent.calls.length).toBe(calls);
  });

  it('refuses by name when an IP allow list is in force, instead of switching it to a deny list', async () => {
    bot = await start();

    await bot.send('block intranet.example.com ip 203.0.113.7', { user: OPERATOR });

    expect(visibleText(lastEphemeral(bot))).toContain('whole-domain IP allow list (whitelist) in force');
    expect(tencentWrites(bot)).toEqual([]);
    expect(bot.tencent.domain('intranet.example.com').ipFilter.FilterType).toBe('whitelist');
  });

  it('refuses more entries than Tencent’s blacklist takes, before anything is sent', async () => {
    bot = await start();
    bot.tencent.domain('plain.example.com').ipFilter = {
      Switch: 'on',
      FilterType: 'blacklist',
      Filters: Array.from({ length: 500 }, (_, index) => `10.${index >> 8}.${index & 255}.1`),
      FilterRules: [],
    };

    await bot.send('block plain.example.com ip 203.0.113.7', { user: OPERATOR });

    expect(visibleText(lastEphemeral(bot))).toContain('the provider takes at most 500');
    expect(tencentWrites(bot)).toEqual([]);
  });

  it('shows a dry run, audits the request and needs operator', async () => {
    bot = await start();

    await bot.send('block www.example.com ip 203.0.113.7', { user: VIEWER });
    expect(visibleText(lastEphemeral(bot))).toContain('needs operator');
    await bot.send('unblock www.example.com ip 192.0.2.1 --dry-run', { user: OPERATOR });

    const text = visibleText(lastEphemeral(bot));
    expect(text).toContain('Nothing was sent.');
    expect(text).toContain('Blocked IPs before: 192.0.2.1');
    expect(text).toContain('Blocked IPs after: none');
    expect(tencentWrites(bot)).toEqual([]);
  });

  it('can be put behind a second person’s approval', async () => {
    bot = await startTestBot({
      account: TENCENT,
      config: { ...config, approvals: { actions: ['block', 'cert'] } },
    });

    await bot.send('block www.example.com ip 203.0.113.7', { user: OPERATOR });

    expect(visibleText(lastEphemeral(bot))).toContain('waits for approval');
    expect(tencentWrites(bot)).toEqual([]);
  });
});

describe('expiring certificates in digests and the App Home', () => {
  it('a digest shows the 9-day certificate under "Needs attention"', async () => {
    bot = await startTestBot({
      account: TENCENT,
      config: {
        channels: { [OPS_CHANNEL]: { role: 'admin' } },
        digests: [
          {
            name: 'daily',
            channel: OPS_CHANNEL,
            schedule: '0 7 * * *',
            domains: ['www.example.com', 'static.example.com'],
          },
        ],
      },
    });

    await bot.send('digest run daily --dry-run', { user: ADMIN });

    const text = visibleText(lastEphemeral(bot));
    const attention = text.slice(text.indexOf('*Needs attention*'));
    expect(text).toContain('*Needs attention*');
    expect(attention).toContain('`www.example.com` HTTPS certificate `OldCert1` expires in 9 days');
    expect(text).not.toContain('`Static01`');
  });

  it('the App Home lists certificates expiring within 14 days', async () => {
    bot = await start();

    await openHome(bot, OPERATOR);

    const text = viewText(publishedHome(bot, OPERATOR));
    expect(text).toContain('HTTPS certificates expiring within 14 days');
    expect(text).toContain('`www.example.com` on `tencent-prod`');
    expect(text).not.toContain('`static.example.com` on');
  });
});

describe('Tencent certificate details from the SSL Certificate API', () => {
  const SHARED: SandboxAccount = {
    ...TENCENT,
    domains: [
      ...TENCENT.domains,
      { domain: 'api.example.com', https: { certId: 'Wild0001' } },
      { domain: 'm.example.com', https: { certId: 'Wild0001' } },
      { domain: 'a.b.example.com' },
    ],
  };
  const DENIED: SandboxAccount = { ...TENCENT, deniedActions: ['ssl:DescribeCertificateDetail'] };
  const sslCalls = (test: TestBot) =>
    test.tencent.calls.filter((call) => call.action === 'DescribeCertificateDetail');

  it('certs shows subject, SANs and issuer, looking each certificate up once however many domains serve it', async () => {
    bot = await startTestBot({ account: SHARED, config });

    await bot.send('certs example.com', { user: VIEWER });

    const text = visibleText(lastEphemeral(bot));
    const line = (domain: string) => text.split('\n').find((row) => row.includes(`\`${domain}\`:`)) ?? '';
    for (const domain of ['api.example.com', 'm.example.com']) {
      expect(line(domain)).toContain(
        'subject `*.example.com` · SANs `*.example.com` `example.com` · issuer TrustAsia RSA DV TLS CA G2',
      );
    }
    expect(text).toContain(
      'subject `www.example.com` · SANs `www.example.com` · issuer TrustAsia RSA DV TLS CA G2',
    );
    expect(
      sslCalls(bot)
        .map((call) => (call.params as { CertificateId: string }).CertificateId)
        .sort(),
    ).toEqual(['OldCert1', 'Static01', 'Wild0001']);
    // DescribeCertificateDetail returns the private key of an uploaded certificate: it goes no further.
    expect(JSON.stringify(bot.slack.messages)).not.toContain('SANDBOX-NOT-A-KEY');
  });

  it('cert shows one domain’s certificate with its issuer', async () => {
    bot = await startTestBot({ account: SHARED, config });

    await bot.send('cert api.example.com', { user: VIEWER });

    expect(visibleText(lastEphemeral(bot))).toContain(
      'SANs `*.example.com` `example.com` · issuer TrustAsia',
    );
  });

  it('host shows the certificate’s SANs and issuer, as certs does', async () => {
    bot = await startTestBot({ account: SHARED, config });

    await bot.send('host api.example.com', { user: VIEWER });

    const certificateLine =
      visibleText(lastEphemeral(bot))
        .split('\n')
        .find((row) => row.includes('Certificate')) ?? '';
    expect(certificateLine).toContain(
      'SANs `*.example.com` `example.com` · issuer TrustAsia RSA DV TLS CA G2',
    );
  });

  it('refuses a wildcard that does not reach two labels down, naming what the certificate covers, before Confirm', async () => {
    bot = await startTestBot({ account: SHARED, config });

    await bot.send('cert a.b.example.com set Wild0001', { user: OPERATOR });

    const text = visibleText(lastEphemeral(bot));
    expect(text).toContain(
      'Certificate `Wild0001` does not cover `a.b.example.com`: it is for `*.example.com`, `example.com`',
    );
    expect(text).not.toContain('Confirm');
    expect(tencentWrites(bot)).toEqual([]);
  });

  it('without SSL permission, certs still lists expiry and says why details are missing, with one refused call', async () => {
    bot = await startTestBot({ account: DENIED, config });

    await bot.send('certs', { user: VIEWER });

    const text = visibleText(lastEphemeral(bot));
    expect(text).toContain(':warning: `www.example.com`: ');
    expect(text).toContain('(9 days left)');
    expect(text).toContain('details unavailable');
    expect(text).toContain('subject, SANs and issuer unavailable for `OldCert1`, `Static01`');
    expect(text).toContain('AuthFailure.UnauthorizedOperation');
    expect(text).toContain('ssl:DescribeCertificateDetail');
    expect(sslCalls(bot)).toHaveLength(1);
  });

  it('without SSL permission, cert set falls back to the CDN’s matching domains, says so, and still switches', async () => {
    bot = await startTestBot({ account: DENIED, config });

    await bot.send('cert www.example.com set Other001', { user: OPERATOR });
    expect(visibleText(lastEphemeral(bot))).toContain(
      'Certificate `Other001` does not cover `www.example.com`. Nothing was sent.',
    );

    await bot.send('cert www.example.com set Wild0001', { user: OPERATOR });
    const preview = visibleText(lastEphemeral(bot));
    expect(preview).toContain('Certificate after: Wild0001, expiry shown once deployed');
    expect(preview).toContain('Note: the certificate');
    expect(preview).toContain('AuthFailure.UnauthorizedOperation');
    await clickButton(bot, lastEphemeral(bot), 'change.confirm', OPERATOR);

    expect(bot.tencent.domain('www.example.com').https).toMatchObject({ Switch: 'on', certId: 'Wild0001' });
  });
});
