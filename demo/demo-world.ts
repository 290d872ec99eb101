/** The people and channels of the demo workspace, and the config that gives them their roles. */
export const DEMO_BOT_TOKEN = 'xoxb-demo-bot-token';
export const DEMO_SIGNING_SECRET = 'demo-signing-secret';

/** Two admins, so one can ask for a change and the other approve it. */
export const DEMO_USERS = {
  viewer: { id: 'U0DEMOVIEW', handle: 'vera', name: 'vera (viewer)', role: 'viewer' },
  operator: { id: 'U0DEMOOPER', handle: 'otto', name: 'otto (operator)', role: 'operator' },
  admin: { id: 'U0DEMOADM1', handle: 'ada', name: 'ada (admin)', role: 'admin' },
  admin2: { id: 'U0DEMOADM2', handle: 'alan', name: 'alan (admin)', role: 'admin' },
} as const;
export type DemoUser = keyof typeof DEMO_USERS;

export const DEMO_CHANNELS = {
  'web-ops': { id: 'C0WEBOPS01', note: 'allowed, up to admin' },
  readers: { id: 'C0READERS1', note: 'allowed, viewers only' },
  random: { id: 'C0RANDOM01', note: 'not in the allowlist' },
} as const;
export type DemoChannel = keyof typeof DEMO_CHANNELS;

/** Channel names by id, so rendered `<#C0WEBOPS01>` reads `#web-ops` as in Slack. */
export const DEMO_CHANNEL_NAMES: ReadonlyMap<string, string> = new Map(
  Object.entries(DEMO_CHANNELS).map(([name, channel]) => [channel.id, name]),
);

/** People's names by user id, so a rendered `<@U0DEMOOPER>` reads `@otto (operator)`, as on the web playground. */
export const DEMO_USER_NAMES: ReadonlyMap<string, string> = new Map(
  Object.values(DEMO_USERS).map((user) => [user.id, user.name]),
);

/**
 * Sites the demo's edge sandbox serves, so `/cdn check` has edges and an origin to compare: one per provider, plus a
 * Tencent site with IP origins. Their origin answers with the domain as Host, and has these files.
 */
export const DEMO_SITES = ['www.example.com', 'img.example.com', 'www.example.cn'] as const;
export const DEMO_FILES = ['/app.js', '/index.html', '/logo.png'] as const;

export function demoConfig(input: {
  store: string;
  tencent: { endpoint: string; secretId: string; secretKey: string };
  wangsu: { endpoint: string; username: string; apiKey: string };
  /** The DNS sandbox and the file with the edges' CA. */
  check: { resolver: string; caFile: string };
}) {
  return {
    timezone: 'Asia/Shanghai',
    store: input.store,
    providers: {
      'tencent-prod': { kind: 'tencent', ...input.tencent },
      'wangsu-prod': { kind: 'wangsu', ...input.wangsu },
    },
    channels: {
      [DEMO_CHANNELS['web-ops'].id]: { role: 'admin', name: 'web-ops' },
      [DEMO_CHANNELS.readers.id]: { role: 'viewer', name: 'readers' },
    },
    // Viewers are the default role, so only the others are listed.
    users: Object.fromEntries(
      Object.values(DEMO_USERS)
        .filter((user) => user.role !== 'viewer')
        .map((user) => [user.id, user.role]),
    ),
    defaultRole: 'viewer',
    // One alert rule, so `:incident <domain>` shows an alert fire, be acknowledged and resolve.
    watches: [
      {
        name: 'site-errors',
        channel: DEMO_CHANNELS['web-ops'].id,
        domains: 'all',
        when: '5xx > 5%',
        for: '5m',
      },
    ],
    follow: { pollInitial: '2s', pollMax: '5s', giveUpAfter: '10m' },
    // The demo's DNS, origin and edges all listen on loopback, which cdnops refuses to check unless allowed.
    check: { ...input.check, allowNetworks: ['127.0.0.0/8', '::1/128'] },
  };
}
