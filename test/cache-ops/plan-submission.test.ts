import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../sandbox/manual-clock.ts';
import type { Target } from '../../src/cache-ops/normalize-targets.ts';
import { planSubmission } from '../../src/cache-ops/plan-submission.ts';
import type { Operation } from '../../src/cache-ops/submission.ts';
import { ProviderError, UsageError } from '../../src/errors.ts';
import { createDomainInventory } from '../../src/providers/domain-inventory.ts';
import type {
  Area,
  CdnProvider,
  DomainStatus,
  DomainSummary,
  Quota,
  QuotaKind,
} from '../../src/providers/types.ts';

interface FakeDomain {
  domain: string;
  area?: Area;
  status?: DomainStatus;
}

interface FakeProvider extends CdnProvider {
  quotaCalls: number;
}

function fakeProvider(
  accountId: string,
  domains: readonly FakeDomain[],
  quotas: readonly Quota[],
  listError?: ProviderError,
): FakeProvider {
  const unused = () => Promise.reject(new Error('planning must not send anything'));
  const provider: FakeProvider = {
    kind: 'tencent',
    accountId,
    quotaCalls: 0,
    async listDomains() {
      if (listError) throw listError;
      return domains.map(
        (domain): DomainSummary => ({
          domain: domain.domain,
          id: `cdn-${domain.domain}`,
          status: domain.status ?? 'online',
          cname: undefined,
          origins: [],
          serviceType: 'web',
          area: domain.area,
          projectId: 0,
          disabledReason: undefined,
          updatedAt: undefined,
        }),
      );
    },
    async getQuota() {
      provider.quotaCalls += 1;
      return [...quotas];
    },
    describeDomains: unused,
    purgeUrls: unused,
    purgeDirs: unused,
    prefetchUrls: unused,
    purgeTasks: unused,
  };
  return provider;
}

/** The same limits in both areas unless `overseas` says otherwise. */
function quotas(
  kind: QuotaKind,
  mainland: { batch: number; total: number; available: number },
  overseas = mainland,
): Quota[] {
  return [
    { kind, area: 'mainland', ...mainland },
    { kind, area: 'overseas', ...overseas },
  ];
}

function target(url: string): Target {
  return { url, host: new URL(url).hostname, nonAscii: /[^\x20-\x7e]/.test(url) };
}

function urls(host: string, count: number): Target[] {
  return Array.from({ length: count }, (_, index) => target(`https://${host}/${index}.js`));
}

function plan(operation: Operation, targets: readonly Target[], ...providers: FakeProvider[]) {
  const map = new Map(providers.map((provider) => [provider.accountId, provider]));
  return planSubmission({
    operation,
    targets,
    accountIds: [...map.keys()],
    providers: map,
    inventory: createDomainInventory({ providers: map, clock: createManualClock(), ttlMs: 60_000 }),
  });
}

async function refusal(promise: Promise<unknown>): Promise<UsageError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(UsageError);
  return error as UsageError;
}

const ROOMY = { batch: 1_000, total: 10_000, available: 10_000 };

describe('planSubmission', () => {
  it.each([
    ['a mainland domain uses the mainland batch', 'www.example.com', undefined, [3, 2]],
    [
      'a global domain, counted in both areas, uses the smaller batch',
      'global.example.com',
      'global',
      [2, 2, 1],
    ],
  ] as const)('chunks by the batch of the areas it touches: %s', async (_case, domain, area, sizes) => {
    const prod = fakeProvider(
      'prod',
      [{ domain, ...(area ? { area } : {}) }],
      [
        ...quotas(
          'url-purge',
          { batch: 3, total: 100, available: 100 },
          { batch: 2, total: 100, available: 100 },
        ),
        ...quotas('prefetch', { batch: 1, total: 100, available: 100 }),
      ],
    );

    const result = await plan('purge-url', urls(domain, 5), prod);

    expect(result.accounts[0]!.chunks.map((chunk) => chunk.items.length)).toEqual(sizes);
    expect(result.itemCount).toBe(5);
  });

  it('counts each domain against its own area’s quota', async () => {
    const prod = fakeProvider(
      'prod',
      [{ domain: 'www.example.com' }, { domain: 'sg.example.com', area: 'overseas' }],
      quotas(
        'url-purge',
        { batch: 100, total: 1_000, available: 900 },
        { batch: 100, total: 500, available: 50 },
      ),
    );

    const result = await plan(
      'purge-url',
      [...urls('www.example.com', 3), ...urls('sg.example.com', 2)],
      prod,
    );

    expect(result.accounts[0]!.quotaAfter).toEqual([
      { area: 'mainland', available: 897, total: 1_000 },
      { area: 'overseas', available: 48, total: 500 },
    ]);
  });

  it('counts a global domain against both mainland and overseas', async () => {
    const prod = fakeProvider(
      'prod',
      [{ domain: 'static.example.com', area: 'global' }],
      quotas(
        'url-purge',
        { batch: 100, total: 1_000, available: 10 },
        { batch: 100, total: 1_000, available: 4 },
      ),
    );

    const result = await plan('purge-url', urls('static.example.com', 4), prod);

    expect(result.accounts[0]!.quotaAfter).toEqual([
      { area: 'mainland', available: 6, total: 1_000 },
      { area: 'overseas', available: 0, total: 1_000 },
    ]);
  });

  it('refuses a global domain when one of its areas has too little quota left, naming the numbers', async () => {
    const prod = fakeProvider(
      'prod',
      [{ domain: 'static.example.com', area: 'global' }],
      quotas(
        'url-purge',
        { batch: 100, total: 10_000, available: 10 },
        { batch: 100, total: 10_000, available: 3 },
      ),
    );

    const error = await refusal(plan('purge-url', urls('static.example.com', 4), prod));

    expect(error.message).toBe(
      "Nothing was sent: 4 URLs for prod (overseas) but only 3 of today's 10,000 URL purges are left.",
    );
    expect(error.hint).toBe(
      'Send fewer, purge a directory instead of many URLs, or wait for the quota to reset at midnight (UTC+8).',
    );
  });

  it.each<[Operation, QuotaKind, string]>([
    [
      'purge-url',
      'url-purge',
      "Nothing was sent: 2 URLs for prod (mainland) but only 1 of today's 1,000 URL purges are left.",
    ],
    [
      'purge-dir',
      'dir-purge',
      "Nothing was sent: 2 directories for prod (mainland) but only 1 of today's 1,000 directory purges are left.",
    ],
    [
      'prefetch',
      'prefetch',
      "Nothing was sent: 2 URLs for prod (mainland) but only 1 of today's 1,000 prefetches are left.",
    ],
  ])('refuses a %s over the %s quota', async (operation, kind, message) => {
    const prod = fakeProvider(
      'prod',
      [{ domain: 'www.example.com' }],
      [...quotas(kind, { batch: 100, total: 1_000, available: 1 }), ...quotas('url-purge', ROOMY)],
    );

    const error = await refusal(plan(operation, urls('www.example.com', 2), prod));

    expect(error.message).toBe(message);
  });

  it('says "URL" for a single URL over quota', async () => {
    const prod = fakeProvider(
      'prod',
      [{ domain: 'www.example.com' }],
      quotas('url-purge', { batch: 100, total: 100, available: 0 }),
    );

    const error = await refusal(plan('purge-url', urls('www.example.com', 1), prod));

    expect(error.message).toBe(
      "Nothing was sent: 1 URL for prod (mainland) but only 0 of today's 100 URL purges are left.",
    );
  });

  it('names the area of prefetch chunks outside mainland, and leaves mainland ones to the default', async () => {
    const prod = fakeProvider(
      'prod',
      [
        { domain: 'www.example.com' },
        { domain: 'sg.example.com', area: 'overseas' },
        { domain: 'static.example.com', area: 'global' },
      ],
      quotas('prefetch', { batch: 2, total: 1_000, available: 1_000 }),
    );

    const result = await plan(
      'prefetch',
      [...urls('www.example.com', 1), ...urls('sg.example.com', 3), ...urls('static.example.com', 1)],
      prod,
    );

    expect(result.accounts[0]!.chunks).toEqual([
      { items: ['https://www.example.com/0.js'], urlEncode: false },
      {
        items: ['https://sg.example.com/0.js', 'https://sg.example.com/1.js'],
        urlEncode: false,
        area: 'overseas',
      },
      { items: ['https://sg.example.com/2.js'], urlEncode: false, area: 'overseas' },
      { items: ['https://static.example.com/0.js'], urlEncode: false, area: 'global' },
    ]);
  });

  it('does not name an area on purge chunks: a purge follows each domain’s own area', async () => {
    const prod = fakeProvider(
      'prod',
      [{ domain: 'sg.example.com', area: 'overseas' }],
      quotas('url-purge', ROOMY),
    );

    const result = await plan('purge-url', urls('sg.example.com', 2), prod);

    expect(result.accounts[0]!.chunks).toEqual([
      { items: ['https://sg.example.com/0.js', 'https://sg.example.com/1.js'], urlEncode: false },
    ]);
  });

  it('asks the provider to encode a chunk holding a non-ASCII URL', async () => {
    const prod = fakeProvider('prod', [{ domain: 'docs.example.com' }], quotas('url-purge', ROOMY));

    const result = await plan('purge-url', [target('https://docs.example.com/文档/指南.html')], prod);

    expect(result.accounts[0]!.chunks).toEqual([
      { items: ['https://docs.example.com/文档/指南.html'], urlEncode: true },
    ]);
  });

  it('plans each account separately and reads only the quotas of accounts it sends to', async () => {
    const prod = fakeProvider('prod', [{ domain: 'www.example.com' }], quotas('url-purge', ROOMY));
    const test = fakeProvider('test', [{ domain: 'test.example.com' }], quotas('url-purge', ROOMY));
    const idle = fakeProvider('idle', [{ domain: 'idle.example.com' }], quotas('url-purge', ROOMY));

    const result = await plan(
      'purge-url',
      [...urls('www.example.com', 1), ...urls('test.example.com', 2)],
      prod,
      test,
      idle,
    );

    expect(
      result.accounts.map((account) => [
        account.accountId,
        account.chunks.map((chunk) => chunk.items.length),
      ]),
    ).toEqual([
      ['prod', [1]],
      ['test', [2]],
    ]);
    expect(idle.quotaCalls).toBe(0);
  });

  describe('refuses with nothing sent', () => {
    it('a domain no allowed account serves, naming the accounts', async () => {
      const prod = fakeProvider('prod', [{ domain: 'www.example.com' }], quotas('url-purge', ROOMY));
      const test = fakeProvider('test', [], quotas('url-purge', ROOMY));

      const error = await refusal(plan('purge-url', urls('nope.example.com', 1), prod, test));

      expect(error.message).toBe(
        'Nothing was sent: `nope.example.com` is not served by any account this channel may use (prod, test).',
      );
      expect(error.hint).toBe('`/cdn hosts` lists the domains available here.');
      expect(prod.quotaCalls + test.quotaCalls).toBe(0);
    });

    it('a domain served by two accounts', async () => {
      const prod = fakeProvider('prod', [{ domain: 'www.example.com' }], quotas('url-purge', ROOMY));
      const test = fakeProvider('test', [{ domain: 'www.example.com' }], quotas('url-purge', ROOMY));

      const error = await refusal(plan('purge-url', urls('www.example.com', 1), prod, test));

      expect(error.message).toBe(
        'Nothing was sent: `www.example.com` is served by more than one account (prod, test).',
      );
    });

    it.each<[Operation, DomainStatus, string]>([
      ['purge-url', 'offline', 'Nothing was sent: `www.example.com` is offline.'],
      ['prefetch', 'offline', 'Nothing was sent: `www.example.com` is offline.'],
      ['prefetch', 'processing', 'Nothing was sent: `www.example.com` is processing.'],
    ])('a %s of a domain that is %s', async (operation, status, message) => {
      const prod = fakeProvider(
        'prod',
        [{ domain: 'www.example.com', status }],
        [...quotas('url-purge', ROOMY), ...quotas('prefetch', ROOMY)],
      );

      const error = await refusal(plan(operation, urls('www.example.com', 1), prod));

      expect(error.message).toBe(message);
    });

    it('with the provider’s own error when an account’s domains could not be read', async () => {
      const failure = new ProviderError({
        account: 'prod',
        providerCode: 'AuthFailure.SecretIdNotFound',
        message: 'no',
      });
      const prod = fakeProvider('prod', [], quotas('url-purge', ROOMY), failure);

      const error = await plan('purge-url', urls('www.example.com', 1), prod).catch(
        (reason: unknown) => reason,
      );

      expect(error).toBe(failure);
    });
  });

  it('purges a domain that is still processing', async () => {
    const prod = fakeProvider(
      'prod',
      [{ domain: 'm.example.com', status: 'processing' }],
      quotas('url-purge', ROOMY),
    );

    const result = await plan('purge-url', urls('m.example.com', 1), prod);

    expect(result.accounts[0]!.chunks).toEqual([{ items: ['https://m.example.com/0.js'], urlEncode: false }]);
  });
});
