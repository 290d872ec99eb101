/**
 * The platform's node addresses DescribeCdnIp answers for. Node ownership is Tencent's, not an account's, so the
 * list is the sandbox's. The defaults are documentation addresses (RFC 5737 / 3849) the demo and tests name.
 */
export interface SandboxCdnNode {
  ip: string;
  /** DescribeCdnIp `Location`: province or country. */
  location: string;
  city: string | null;
  area: 'mainland' | 'overseas';
  /** Newest first: `{ Status: online|offline, Datetime }`. */
  history: { Status: 'online' | 'offline'; Datetime: string | null }[];
}

export const DEFAULT_CDN_NODES: readonly SandboxCdnNode[] = [
  {
    ip: '203.0.113.80',
    location: 'Guangdong',
    city: 'Shenzhen',
    area: 'mainland',
    history: [{ Status: 'online', Datetime: '2026-09-01 10:00:00' }],
  },
  {
    ip: '203.0.113.81',
    location: 'Shanghai',
    city: 'Shanghai',
    area: 'mainland',
    history: [
      { Status: 'offline', Datetime: '2026-11-20 03:00:00' },
      { Status: 'online', Datetime: '2026-06-01 09:00:00' },
    ],
  },
  {
    ip: '2001:db8::80',
    location: 'Hong Kong',
    city: 'Hong Kong',
    area: 'overseas',
    history: [{ Status: 'online', Datetime: '2026-10-12 08:30:00' }],
  },
];

/** DescribeCdnIp's own limit: "200次/10分钟", per account. */
export const CDN_IP_CALLS = { limit: 200, windowMs: 10 * 60_000 };
