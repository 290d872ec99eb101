import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config/load-config.ts';

const ENV = {
  SLACK_BOT_TOKEN: 'xoxb-test-bot-token',
  SLACK_SIGNING_SECRET: 'test-signing-secret',
  TENCENT_SECRET_ID: 'AKIDexample',
  TENCENT_SECRET_KEY: 'tencent-secret-key-value',
  WANGSU_USERNAME: 'ops-api',
  WANGSU_API_KEY: 'wangsu-api-key-value',
};

const MINIMAL = `
providers:
  tencent-prod:
    kind: tencent
    secretId: \${TENCENT_SECRET_ID}
    secretKey: \${TENCENT_SECRET_KEY}
channels:
  C0123456789:
    role: operator
`;

function load(yaml: string, env: Record<string, string | undefined> = ENV) {
  return loadSettings({ env, readFile: () => yaml });
}

function problemsOf(result: ReturnType<typeof loadSettings>): string[] {
  return result.ok ? [] : result.problems;
}

describe('loadSettings', () => {
  it('loads cdnops.example.yml once its variables are set', () => {
    const example = readFileSync(new URL('../../cdnops.example.yml', import.meta.url), 'utf8');

    const result = load(example);

    expect(problemsOf(result)).toEqual([]);
    expect(result.ok && result.config).toMatchObject({
      timezone: 'Asia/Shanghai',
      providers: {
        'tencent-prod': { kind: 'tencent', secretId: 'AKIDexample', secretKey: 'tencent-secret-key-value' },
        'wangsu-prod': { kind: 'wangsu', username: 'ops-api', apiKey: 'wangsu-api-key-value' },
      },
      channels: {
        C0123456789: { role: 'operator', providers: ['tencent-prod'] },
        C0987654321: { role: 'viewer' },
      },
      users: { U0AAAAAAA: 'admin', S0CCCCCCC: 'operator' },
      approvals: { actions: ['offline', 'delete'], approvers: ['U0AAAAAAA'], expiresAfter: 3_600_000 },
      digests: [{ name: 'daily-traffic', channel: 'C0987654321', schedule: '0 9 * * *', domains: 'all' }],
    });
  });

  it('reads the file CDNOPS_CONFIG names and fills every default', () => {
    const read: string[] = [];

    const result = loadSettings({
      env: { ...ENV, CDNOPS_CONFIG: '/etc/cdnops/prod.yml' },
      readFile: (path) => {
        read.push(path);
        return MINIMAL;
      },
    });

    expect(read).toEqual(['/etc/cdnops/prod.yml']);
    expect(result.ok && result.config).toEqual({
      timezone: 'Asia/Shanghai',
      store: './data/cdnops.db',
      providers: {
        'tencent-prod': {
          kind: 'tencent',
          secretId: 'AKIDexample',
          secretKey: 'tencent-secret-key-value',
          endpoint: 'https://cdn.tencentcloudapi.com',
          language: 'en-US',
        },
      },
      channels: { C0123456789: { role: 'operator' } },
      users: {},
      defaultRole: 'viewer',
      approvals: { actions: ['offline', 'delete'], expiresAfter: 3_600_000 },
      digests: [],
      watches: [],
      digestGrace: 7_200_000,
      follow: { pollInitial: 10_000, pollMax: 60_000, giveUpAfter: 1_800_000 },
      leaseTtl: 60_000,
      shutdownGrace: 20_000,
      inventoryTtl: 300_000,
      check: { edges: 4, timeout: 5_000 },
      retention: { coordination: 30 * 86_400_000, audit: 'forever' },
    });
  });

  it.each([
    [
      'a missing environment variable, naming the key and the variable',
      MINIMAL,
      { ...ENV, TENCENT_SECRET_KEY: undefined },
      ['providers.tencent-prod.secretKey: environment variable TENCENT_SECRET_KEY is not set'],
    ],
    [
      'a misspelt key, with the key meant',
      `${MINIMAL}chanels: {}\n`,
      ENV,
      ['chanels: unknown key; did you mean `channels`?'],
    ],
    [
      'a key in the wrong case, with the key meant',
      `${MINIMAL}defaultrole: viewer\n`,
      ENV,
      ['defaultrole: unknown key; did you mean `defaultRole`?'],
    ],
    [
      'an unknown key like no known one, with the keys allowed there',
      `${MINIMAL}colour: blue\n`,
      ENV,
      [
        'colour: unknown key; allowed here: timezone, store, providers, channels, users, defaultRole, approvals, ' +
          'digests, watches, digestGrace, follow, leaseTtl, shutdownGrace, inventoryTtl, check, retention',
      ],
    ],
    [
      'an unknown key inside a provider account',
      MINIMAL.replace('kind: tencent', 'kind: tencent\n    region: ap-guangzhou'),
      ENV,
      [
        'providers.tencent-prod.region: unknown key; allowed here: kind, secretId, secretKey, endpoint, sslEndpoint, language',
      ],
    ],
    [
      'two misspelt keys in one account, each with its own suggestion',
      MINIMAL.replace('secretId:', 'secretID:').replace('secretKey:', 'secretKy:'),
      ENV,
      [
        'providers.tencent-prod.secretId: required',
        'providers.tencent-prod.secretKey: required',
        'providers.tencent-prod.secretID: unknown key; did you mean `secretId`?',
        'providers.tencent-prod.secretKy: unknown key; did you mean `secretKey`?',
      ],
    ],
    [
      'a misspelt kind, named although the account fails on kind alone',
      MINIMAL.replace('kind: tencent', 'kid: tencent'),
      ENV,
      [
        'providers.tencent-prod.kind: required; one of tencent, wangsu. The unknown key `kid` looks like a typo: ' +
          'did you mean `kind: tencent`?',
      ],
    ],
    [
      'a missing kind',
      MINIMAL.replace('kind: tencent', 'region: ap-guangzhou'),
      ENV,
      ['providers.tencent-prod.kind: required; one of tencent, wangsu'],
    ],
    [
      'a bad role',
      MINIMAL.replace('role: operator', 'role: owner'),
      ENV,
      ['channels.C0123456789.role: must be one of viewer, operator, admin'],
    ],
    [
      'an unknown provider in a channel',
      `${MINIMAL}    providers: [tencent-prod, tencent-test]\n`,
      ENV,
      ['channels.C0123456789.providers.1: unknown account "tencent-test"; known: tencent-prod'],
    ],
    [
      'a channel name instead of an ID',
      MINIMAL.replace('C0123456789:', '"#cdn-ops":'),
      ENV,
      [
        'channels.#cdn-ops: must be a channel ID like C0123456789, not a name; in Slack open the channel details, ' +
          'the ID is at the bottom',
      ],
    ],
    [
      'a user name instead of an ID',
      `${MINIMAL}users:\n  alice: admin\n`,
      ENV,
      [
        'users.alice: must be a user ID like U0123456789 or a user-group ID like S0123456789, not a name; ' +
          "in Slack open the person's profile, ⋮ → Copy member ID",
      ],
    ],
    [
      'a bad account id',
      MINIMAL.replace('tencent-prod:', 'Tencent Prod:'),
      ENV,
      [
        'providers.Tencent Prod: account id must be lower-case letters, digits, - and _, starting with a letter ' +
          'or digit, e.g. tencent-prod',
      ],
    ],
    [
      'a bad duration',
      `${MINIMAL}approvals:\n  expiresAfter: 1 hour\n`,
      ENV,
      ['approvals.expiresAfter: use a number followed by s, m, h, d or w, e.g. 1h'],
    ],
    [
      'a retention shorter than pruning can tell apart',
      `${MINIMAL}retention:\n  coordination: 2h\n`,
      ENV,
      ['retention.coordination: must be at least 1d; use a number followed by d or w, e.g. 30d'],
    ],
    [
      'a coordination retention that would forget digest runs still within digestGrace',
      `${MINIMAL}digestGrace: 3d\nretention:\n  coordination: 2d\n`,
      ENV,
      [
        'retention.coordination: must be longer than digestGrace, or a missed digest run could be posted twice',
      ],
    ],
    [
      'an audit retention that is neither forever nor a duration',
      `${MINIMAL}retention:\n  audit: never\n`,
      ENV,
      ['retention.audit: must be forever or a duration of at least 1d, e.g. 400d'],
    ],
    [
      'an unknown time zone',
      `timezone: Beijing\n${MINIMAL}`,
      ENV,
      ['timezone: must be an IANA time zone name such as Asia/Shanghai or UTC'],
    ],
    [
      'a misspelt role, with the role meant',
      MINIMAL.replace('role: operator', 'role: operater'),
      ENV,
      ['channels.C0123456789.role: must be one of viewer, operator, admin; did you mean `operator`?'],
    ],
    [
      'a misspelt provider kind, with the kind meant',
      MINIMAL.replace('kind: tencent', 'kind: tencnet'),
      ENV,
      ['providers.tencent-prod.kind: must be one of tencent, wangsu; did you mean `tencent`?'],
    ],
    [
      'an unknown provider kind',
      MINIMAL.replace('kind: tencent', 'kind: aliyun'),
      ENV,
      ['providers.tencent-prod.kind: must be one of tencent, wangsu'],
    ],
    [
      'a missing required key',
      MINIMAL.replace(`    secretId: \${TENCENT_SECRET_ID}\n`, ''),
      ENV,
      ['providers.tencent-prod.secretId: required'],
    ],
    [
      'a digest with a bad schedule and a channel not on the allowlist',
      `${MINIMAL}digests:\n  - { name: daily, channel: C0999999999, schedule: "0 9 * *", domains: all }\n`,
      ENV,
      [
        'digests.0.schedule: must be a cron expression with 5 fields (minute hour day-of-month month ' +
          'day-of-week), e.g. "0 9 * * *"',
        'digests.0.channel: not listed in channels; add it there (a viewer entry is enough) so the digest may post to it',
      ],
    ],
    [
      'two digests with one name',
      `${MINIMAL}digests:\n${'  - { name: daily, channel: C0123456789, schedule: "0 9 * * *", domains: [www.example.com] }\n'.repeat(2)}`,
      ENV,
      ['digests.1.name: "daily" is already the name of digests.0; digest names must be unique'],
    ],
    [
      'a list where a mapping belongs',
      '- providers\n- channels\n',
      ENV,
      ['./cdnops.yml: expected a mapping (key: value), got a list'],
    ],
    [
      'an empty file',
      '# nothing yet\n',
      ENV,
      ['./cdnops.yml: the file is empty; start from cdnops.example.yml'],
    ],
    [
      'a YAML syntax error, with its line and column',
      MINIMAL.replace('role: operator', 'role: [operator'),
      ENV,
      [
        './cdnops.yml:10:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
      ],
    ],
    [
      'a duplicate key',
      `${MINIMAL}  C0123456789:\n    role: admin\n`,
      ENV,
      ['./cdnops.yml:10:3: invalid YAML: Map keys must be unique'],
    ],
    [
      'check settings out of range: too many edges, a resolver that is a name, a zero timeout',
      `${MINIMAL}check:\n  edges: 17\n  resolver: dns.example.com:53\n  timeout: 0s\n`,
      ENV,
      [
        'check.edges: must be from 1 to 16',
        'check.timeout: must be longer than 0; use a number followed by s, m, h, d or w, e.g. 1h',
        'check.resolver: must be the IP address of a DNS server, optionally with a port, e.g. 10.0.0.53, ' +
          '10.0.0.53:5353 or [2001:db8::53]:53',
      ],
    ],
    [
      'a resolver port out of range',
      `${MINIMAL}check:\n  resolver: 10.0.0.53:70000\n`,
      ENV,
      [
        'check.resolver: must be the IP address of a DNS server, optionally with a port, e.g. 10.0.0.53, ' +
          '10.0.0.53:5353 or [2001:db8::53]:53',
      ],
    ],
    [
      'check.allowNetworks entries that are not networks: a prefix too long, a name, a stray word',
      `${MINIMAL}check:\n  allowNetworks: [10.0.0.0/33, intranet.example.com/16, "fd00::/8 trusted"]\n`,
      ENV,
      [
        'check.allowNetworks.0: "10.0.0.0/33" has a bad prefix length; an IPv4 network takes /0 to /32, e.g. 10.0.0.0/8',
        'check.allowNetworks.1: "intranet.example.com/16" is not an IP network; write it as CIDR, e.g. 10.0.0.0/8 or fd00::/8',
        'check.allowNetworks.2: "fd00::/8 trusted" has a bad prefix length; an IPv6 network takes /0 to /128, e.g. fd00::/8',
      ],
    ],
    [
      'check.allowNetworks that is not a list',
      `${MINIMAL}check:\n  allowNetworks: 10.0.0.0/8\n`,
      ENV,
      ['check.allowNetworks: must be a list of networks in CIDR form, e.g. [10.20.0.0/16, fd00:20::/32]'],
    ],
    [
      'a missing SLACK_SIGNING_SECRET in HTTP mode',
      MINIMAL,
      { ...ENV, SLACK_SIGNING_SECRET: undefined },
      [
        'SLACK_SIGNING_SECRET: not set; HTTP mode (SLACK_APP_TOKEN unset) needs the Signing Secret from Basic ' +
          'Information → App Credentials, or set SLACK_APP_TOKEN to use Socket Mode',
      ],
    ],
  ])('reports %s in one line', (_case, yaml, env, expected) => {
    expect(problemsOf(load(yaml, env))).toEqual(expected);
  });

  it('takes check settings, with the resolver as an IP and port and the CA file read at start-up', () => {
    const read: string[] = [];
    const yaml = `${MINIMAL}check:\n  edges: 8\n  timeout: 2s\n  resolver: "[2001:db8::53]:5353"\n  caFile: /etc/cdnops/ca.pem\n`;

    const result = loadSettings({
      env: ENV,
      readFile: (path) => {
        read.push(path);
        return path.endsWith('.pem')
          ? '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'
          : yaml;
      },
    });

    expect(problemsOf(result)).toEqual([]);
    expect(result.ok && result.config.check).toEqual({
      edges: 8,
      timeout: 2_000,
      resolver: '[2001:db8::53]:5353',
      caFile: '/etc/cdnops/ca.pem',
    });
    expect(read).toEqual(['./cdnops.yml', '/etc/cdnops/ca.pem']);
  });

  it('takes check.allowNetworks as IPv4 and IPv6 networks, and a single address', () => {
    const yaml = `${MINIMAL}check:\n  allowNetworks: [10.20.0.0/16, "fd00:20::/32", 127.0.0.1]\n`;

    const result = load(yaml);

    expect(problemsOf(result)).toEqual([]);
    expect(result.ok && result.config.check.allowNetworks).toEqual([
      '10.20.0.0/16',
      'fd00:20::/32',
      '127.0.0.1',
    ]);
  });

  it.each([
    [
      'a missing CA file',
      () => {
        throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      },
      'check.caFile: cannot read /etc/cdnops/ca.pem (no such file); give the path of a PEM file of CA certificates, or leave caFile out',
    ],
    [
      'a CA file with no certificate in it',
      () => '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n',
      'check.caFile: /etc/cdnops/ca.pem holds no PEM certificate (-----BEGIN CERTIFICATE-----); give a PEM file of CA certificates',
    ],
  ])('stops start-up on %s, in one line naming check.caFile', (_case, readCa, expected) => {
    const yaml = `${MINIMAL}check:\n  caFile: /etc/cdnops/ca.pem\n`;

    const result = loadSettings({
      env: ENV,
      readFile: (path) => (path.endsWith('.pem') ? readCa() : yaml),
    });

    expect(problemsOf(result)).toEqual([expected]);
  });

  it('does not need SLACK_SIGNING_SECRET in Socket Mode', () => {
    const result = load(MINIMAL, {
      ...ENV,
      SLACK_SIGNING_SECRET: undefined,
      SLACK_APP_TOKEN: 'xapp-test-app-token',
    });

    expect(problemsOf(result)).toEqual([]);
    expect(result.ok && result.env.SLACK_APP_TOKEN).toBe('xapp-test-app-token');
  });

  it('explains a missing config file', () => {
    const result = loadSettings({
      env: ENV,
      readFile: () => {
        throw Object.assign(new Error("ENOENT: no such file or directory, open './cdnops.yml'"), {
          code: 'ENOENT',
        });
      },
    });

    expect(problemsOf(result)).toEqual([
      'CDNOPS_CONFIG: cannot read ./cdnops.yml (no such file); create it (see README "Config file") or point ' +
        'CDNOPS_CONFIG at it',
    ]);
  });

  it('reads from disk by default', () => {
    const result = loadSettings({ env: { ...ENV, CDNOPS_CONFIG: '/nonexistent/cdnops.yml' } });

    expect(problemsOf(result)).toEqual([
      'CDNOPS_CONFIG: cannot read /nonexistent/cdnops.yml (no such file); create it (see README "Config file") ' +
        'or point CDNOPS_CONFIG at it',
    ]);
  });

  it('reports every problem at once, from the environment and the file', () => {
    const yaml = `
timezone: Mars/Olympus
providers:
  tencent-prod:
    kind: tencent
    secretId: \${TENCENT_SECRET_ID}
    secretKey: \${TENCENT_SECRET_KEY}
channels:
  C0123456789: { role: boss, providers: [tencent-dev] }
approvals: { actions: [offline, explode] }
follow: { pollInitial: 2m, pollMax: 1m }
inventoryTtl: forever
`;

    const result = load(yaml, { SLACK_BOT_TOKEN: 'xoxb-1', PORT: '99999', TENCENT_SECRET_KEY: 'k' });

    expect(problemsOf(result)).toEqual([
      'PORT: must be a port number from 0 to 65535',
      'SLACK_SIGNING_SECRET: not set; HTTP mode (SLACK_APP_TOKEN unset) needs the Signing Secret from Basic ' +
        'Information → App Credentials, or set SLACK_APP_TOKEN to use Socket Mode',
      'providers.tencent-prod.secretId: environment variable TENCENT_SECRET_ID is not set',
      'timezone: must be an IANA time zone name such as Asia/Shanghai or UTC',
      'channels.C0123456789.role: must be one of viewer, operator, admin',
      'approvals.actions.1: must be one of offline, delete, online, add, cache, referer, config, project, purge, origin, cert, block, unblock',
      'follow.pollMax: must not be shorter than pollInitial',
      'inventoryTtl: use a number followed by s, m, h, d or w, e.g. 1h',
      'channels.C0123456789.providers.0: unknown account "tencent-dev"; known: tencent-prod',
    ]);
  });
});

describe('loadSettings and secrets', () => {
  it('trims secrets and lists every one of them for redaction', () => {
    const result = load(MINIMAL, {
      ...ENV,
      SLACK_BOT_TOKEN: ' xoxb-test-bot-token\n',
      SLACK_SIGNING_SECRET: 'test-signing-secret\n',
      TENCENT_SECRET_KEY: '  tencent-secret-key-value\n',
    });

    expect(result.ok && [result.env.SLACK_BOT_TOKEN, result.env.SLACK_SIGNING_SECRET]).toEqual([
      'xoxb-test-bot-token',
      'test-signing-secret',
    ]);
    expect(result.ok && result.config.providers['tencent-prod']?.secretKey).toBe('tencent-secret-key-value');
    expect(result.ok && [...result.secrets].sort()).toEqual(
      ['tencent-secret-key-value', 'test-signing-secret', 'xoxb-test-bot-token'].sort(),
    );
  });

  it.each([
    ['a number', 'secretKey: 98765432109876'],
    ['a list', 'secretKey: [hunter2-secret-value]'],
    ['a mapping', 'secretKey: { hunter2-secret-value: x }'],
  ])('never shows a secret given as %s', (_case, line) => {
    const result = load(MINIMAL.replace(`secretKey: \${TENCENT_SECRET_KEY}`, line));

    const problems = problemsOf(result);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^providers\.tencent-prod\.secretKey: expected text, got a (number|list|mapping)$/,
    );
    expect(problems.join('\n')).not.toMatch(/98765432109876|hunter2-secret-value/);
  });

  it('never shows a wrong Slack token', () => {
    const result = load(MINIMAL, { ...ENV, SLACK_BOT_TOKEN: 'xoxp-real-user-token-123' });

    expect(problemsOf(result)).toHaveLength(1);
    expect(problemsOf(result).join('\n')).not.toContain('xoxp-real-user-token-123');
  });

  it('redacts a secret that reaches a problem through another key', () => {
    // Quoted: inside [...] a bare { would start a YAML flow mapping.
    const yaml = `${MINIMAL}    providers: ["\${SLACK_SIGNING_SECRET}"]\n`;

    const result = load(yaml);

    expect(problemsOf(result)).toEqual([
      'channels.C0123456789.providers.0: unknown account "[redacted]"; known: tencent-prod',
    ]);
  });
});

describe('a PostgreSQL store URL', () => {
  const withStore = (store: string) => `store: "${store}"\n${MINIMAL}`;

  it('is a secret as a whole: the URL, and its password as written and decoded, are redacted from logs', () => {
    const store = 'postgres://cdnops:p%40ss%2Fw%23rd@db.internal:5432/cdnops';

    const result = load(withStore(store));

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.store).toBe(store);
    expect(result.secrets).toEqual(expect.arrayContaining([store, 'p%40ss%2Fw%23rd', 'p@ss/w#rd']));
  });

  it.each([
    'postgres://u:p@ss/w#rd@host/db',
    'postgresql://u:pa/ss@host/db',
    'postgres://u:pass#word@host/db',
    'postgres://u:100%sure@host/db',
  ])('refuses %s before any connection, saying how to encode it and quoting none of it', (store) => {
    const problems = problemsOf(load(withStore(store)));

    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^store: is not a PostgreSQL URL cdnops can read as meant/);
    expect(problems[0]).toContain('(@ → %40, / → %2F, # → %23');
    const userInfo = store.slice(store.indexOf('://') + 3, store.lastIndexOf('@'));
    expect(problems[0]).not.toContain(userInfo.slice(2));
  });

  it.each([
    'postgres://u:p%40ss@host/db',
    'postgres://u:p@ss@host/db',
    'postgres:///cdnops?host=/var/run/postgresql',
  ])('takes %s as written', (store) => {
    expect(problemsOf(load(withStore(store)))).toEqual([]);
  });
});
