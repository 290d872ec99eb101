import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../../sandbox/manual-clock.ts';
import { startWangsuSandbox, type WangsuSandbox } from '../../../sandbox/wangsu/index.ts';
import { silentLogger } from '../../../src/logger.ts';
import { WangsuAccount } from '../../../src/providers/wangsu/account.ts';
import { createWangsuClient } from '../../../src/providers/wangsu/client.ts';
import { createWangsuProvider } from '../../../src/providers/wangsu/index.ts';

let sandbox: WangsuSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const RULES = [
  { directory: '/a/', 'control-action': '403', 'ip-control-rule': { 'forbidden-ips': '1.1.1.1' } },
  {
    'custom-pattern': 'all',
    'control-action': '403',
    'referer-control-rule': { 'allow-null-referer': 'true', 'valid-domain': 'example.cn' },
  },
  { 'file-type': 'mp4', 'control-action': '403', 'ua-control-rule': { 'invalid-user-agents': 'curl' } },
];

async function setup() {
  const clock = createManualClock();
  sandbox = await startWangsuSandbox({
    clock,
    accounts: [
      {
        username: 'u',
        apiKey: 'key-0000000000',
        domains: [{ domain: 'www.example.cn', visitControlRules: RULES }, { domain: 'img.example.cn' }],
      },
    ],
  });
  const account = WangsuAccount.parse({
    kind: 'wangsu',
    username: 'u',
    apiKey: 'key-0000000000',
    endpoint: sandbox.url,
  });
  const client = createWangsuClient({
    accountId: 'wangsu-prod',
    account,
    clock,
    logger: silentLogger,
    random: () => 0.5,
  });
  const provider = createWangsuProvider('wangsu-prod', client, clock);
  return { clock, provider, sandbox };
}

describe('Wangsu asynchronous changes', () => {
  it('follows a disable past the 202 until Wangsu says SUCCESS, and the domain is then disabled', async () => {
    const { provider, sandbox } = await setup();

    const result = await provider.stopDomain!('img.example.cn');

    expect(result.state).toBe('done');
    expect(sandbox.domain('img.example.cn').enabled).toBe(false);
    const accepted = sandbox.calls.find((call) => call.method === 'PUT' && call.path.endsWith('/disable'))!;
    expect(accepted.status).toBe(202);
    expect(result.requestId).toBe(accepted.requestId);
    expect(
      sandbox.calls.filter((call) => call.path === `/api/request/${accepted.requestId}`).length,
    ).toBeGreaterThan(0);
  });

  it('reports a disable that ends in FAIL as failed, and the domain stays enabled', async () => {
    const { provider, sandbox } = await setup();
    sandbox.failNextDeploy('img.example.cn');

    const result = await provider.stopDomain!('img.example.cn');

    expect(result.state).toBe('failed');
    expect(sandbox.domain('img.example.cn').enabled).toBe(true);
  });

  it('changes one visit-control rule and keeps every other rule exactly as it was', async () => {
    const { provider, sandbox } = await setup();
    const before = structuredClone(sandbox.visitControl('www.example.cn'));
    const ids = before.map((rule) => rule['data-id']);
    const middle = String(ids[1]);

    const result = await provider.updateVisitControl('www.example.cn', (rules) =>
      rules.map((rule) =>
        rule['data-id'] === middle
          ? {
              ...rule,
              'referer-control-rule': {
                'allow-null-referer': 'false',
                'valid-domain': 'example.cn;cdn.example.cn',
              },
            }
          : rule,
      ),
    );

    expect(result.state).toBe('done');
    const after = sandbox.visitControl('www.example.cn');
    expect(after.map((rule) => rule['data-id'])).toEqual(ids);
    expect(after[0]).toEqual(before[0]);
    expect(after[2]).toEqual(before[2]);
    expect(after[1]!['referer-control-rule']).toEqual({
      'allow-null-referer': 'false',
      'valid-domain': 'example.cn;cdn.example.cn',
    });
  });

  it('removes one rule by its data-id and keeps the others', async () => {
    const { provider, sandbox } = await setup();
    const ids = sandbox.visitControl('www.example.cn').map((rule) => rule['data-id']);

    await provider.updateVisitControl('www.example.cn', (rules) =>
      rules.filter((rule) => rule['data-id'] !== String(ids[0])),
    );

    expect(sandbox.visitControl('www.example.cn').map((rule) => rule['data-id'])).toEqual(ids.slice(1));
  });
});

describe('Wangsu request budget', () => {
  it('keeps a burst of purges within the account budget the sandbox counts', async () => {
    const { provider, sandbox } = await setup();

    await Promise.all(
      Array.from({ length: 260 }, (_, index) =>
        provider.purgeUrls([`https://img.example.cn/${index}.js`], { urlEncode: false }),
      ),
    );

    expect(sandbox.calls.filter((call) => call.status === 446)).toEqual([]);
    expect(sandbox.maxRequestsInWindow('u')).toBeLessThanOrEqual(300);
  });
});
