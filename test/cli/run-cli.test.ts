import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../sandbox/manual-clock.ts';
import {
  type SandboxAccount,
  startTencentSandbox,
  type TencentSandbox,
} from '../../sandbox/tencent/index.ts';
import { runCli } from '../../src/cli/run-cli.ts';
import { TEST_ACCOUNT } from '../support/start-test-bot.ts';

let sandbox: TencentSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function cli(argv: string[], configText?: (endpoint: string) => string, account = TEST_ACCOUNT) {
  const clock = createManualClock();
  sandbox = await startTencentSandbox({ clock, accounts: [account] });
  const path = join(mkdtempSync(join(tmpdir(), 'cdnops-cli-')), 'cdnops.yml');
  writeFileSync(
    path,
    configText?.(sandbox.url) ??
      [
        'providers:',
        '  tencent-prod:',
        '    kind: tencent',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the config file's own ${ENV} syntax, not a template.
        '    secretId: ${TENCENT_SECRET_ID}',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: as above.
        '    secretKey: ${TENCENT_SECRET_KEY}',
        `    endpoint: ${sandbox.url}`,
        'channels:',
        '  C0123456789: { role: viewer }',
      ].join('\n'),
  );
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const code = await runCli({
    argv,
    env: {
      CDNOPS_CONFIG: path,
      TENCENT_SECRET_ID: TEST_ACCOUNT.secretId,
      TENCENT_SECRET_KEY: TEST_ACCOUNT.secretKey,
    },
    stdout,
    stderr,
    clock,
    color: false,
  });
  return { code, out, err };
}

describe('cdnops on the command line', () => {
  it('lists domains with the same config file, no Slack settings needed', async () => {
    const { code, out } = await cli(['hosts']);

    expect(code).toBe(0);
    expect(out).toContain('4 domains in tencent-prod');
    expect(out).toContain('www.example.com · online');
  });

  it('purges with shell-quoted arguments and waits until the task is done', async () => {
    const { code, out } = await cli(['purge', 'https://www.example.com/a b.js']);

    expect(code).toBe(0);
    expect(sandbox!.calls.find((call) => call.action === 'PurgeUrlsCache')?.params).toEqual({
      Urls: ['https://www.example.com/a b.js'],
    });
    expect(out).toMatch(/1 URL · in progress[\s\S]*1 URL · done/);
  });

  it('follows a 2,500-URL purge by counting its records, not reading a page per 100 URLs', async () => {
    const urls = Array.from({ length: 2500 }, (_, i) => `https://www.example.com/assets/${i}.js`);
    const { code, out } = await cli(['purge', ...urls]);

    expect(code).toBe(0);
    expect(out.match(/URLs · done/g)).toHaveLength(3);
    const reads = sandbox!.calls.filter((call) => call.action === 'DescribePurgeTasks');
    // Three tasks (1,000, 1,000 and 500 URLs), each counted in three calls a poll: all, done, and failed.
    expect(reads.length % 9).toBe(0);
    expect(
      reads
        .map((call) => (call.params as { Status?: string }).Status ?? 'all')
        .slice(0, 9)
        .sort(),
    ).toEqual(['all', 'all', 'all', 'done', 'done', 'done', 'fail', 'fail', 'fail']);
  });

  it('exits 2 with the usage message on bad input', async () => {
    const { code, out } = await cli(['purge', 'ftp://www.example.com/a.js']);

    expect(code).toBe(2);
    expect(out).toContain('not an http(s) URL');
    expect(sandbox!.calls.some((call) => call.action === 'PurgeUrlsCache')).toBe(false);
  });

  describe('with an international domain, listed by Tencent in punycode', () => {
    const account: SandboxAccount = {
      ...TEST_ACCOUNT,
      domains: [...TEST_ACCOUNT.domains, { domain: 'xn--fiq228c.example.com' }],
    };

    it('purges https://中文.example.com/首页.html: the host as listed, the path encoded by Tencent', async () => {
      const { code, out } = await cli(['purge', 'https://中文.example.com/首页.html'], undefined, account);

      expect(code).toBe(0);
      expect(sandbox!.calls.find((call) => call.action === 'PurgeUrlsCache')).toMatchObject({
        errorCode: undefined,
        params: { Urls: ['https://xn--fiq228c.example.com/首页.html'], UrlEncode: true },
      });
      expect(
        sandbox!.lastPurgeDoneAt('https://xn--fiq228c.example.com/%E9%A6%96%E9%A1%B5.html'),
      ).toBeDefined();
      expect(out).toContain('https://中文.example.com/首页.html (xn--fiq228c.example.com)');
      expect(out).toMatch(/1 URL · done/);
      expect(out).not.toContain('refused');
    });

    it('exits 2 (usage) on an invalid international name, before asking Tencent anything', async () => {
      const { code, out, err } = await cli(['access', 'xn--a.example.com'], undefined, account);

      expect(code).toBe(2);
      expect(`${out}${err}`).toContain('xn--a.example.com is not a valid domain name');
      expect(sandbox!.calls).toEqual([]);
    });
  });

  it('stops with one line per config problem', async () => {
    const { code, err } = await cli(['hosts'], () => 'providers: {}\nchanels: {}\n');

    expect(code).toBe(1);
    expect(err).toContain('providers: add at least one account');
    expect(err).toContain('chanels: unknown key');
  });

  it('prints quota --json as accounts with their quota per kind and area', async () => {
    const { code, out } = await cli(['quota', '--json']);

    expect(code).toBe(0);
    const data = JSON.parse(out) as {
      accounts: {
        account: string;
        quota: { kind: string; area: string; available: number; total: number }[];
      }[];
      failures: unknown[];
    };
    expect(data.failures).toEqual([]);
    expect(data.accounts.map((entry) => entry.account)).toEqual(['tencent-prod']);
    expect(data.accounts[0]!.quota).toContainEqual(
      expect.objectContaining({ kind: 'url-purge', area: 'mainland', available: expect.any(Number) }),
    );
  });

  it('prints purges --json: the range asked about, its records and failures', async () => {
    const { code, out } = await cli(['purges', '--json']);

    expect(code).toBe(0);
    const data = JSON.parse(out) as { from: number; to: number; records: unknown[]; failures: unknown[] };
    // The last 24 hours by default; a fresh sandbox has no history.
    expect(data.to - data.from).toBe(24 * 3_600_000);
    expect(data.records).toEqual([]);
    expect(data.failures).toEqual([]);
  });

  it('refuses --json with exit 2 where a command would change something or has no result to print', async () => {
    const add = await cli([
      'digest',
      'add',
      'morning',
      '--channel',
      'C0123456789',
      '--schedule',
      '0 9 * * *',
      '--domains',
      'all',
      '--json',
    ]);
    const stats = await cli(['stats', '--json']);
    const list = await cli(['digest', 'list', '--json']);

    expect(add.code).toBe(2);
    expect(add.out).toBe('');
    expect(add.err).toContain('digest has no --json output with these arguments');
    expect(stats.code).toBe(2);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.out)).toEqual({ timezone: 'Asia/Shanghai', digests: [], shadowed: [] });
  });

  it('prints codes, top, audit and referer --json in their documented shapes', async () => {
    const codes = await cli(['codes', 'www.example.com', '--last', '24h', '--json']);
    const top = await cli(['top', 'www.example.com', '--json']);
    // audit reads the bot's store (audit-export.test.ts); an empty one here, for the shape.
    const audit = await cli(['audit', '--json'], (endpoint) =>
      [
        "store: ':memory:'",
        'providers:',
        `  tencent-prod: { kind: tencent, secretId: ${TEST_ACCOUNT.secretId}, secretKey: ${TEST_ACCOUNT.secretKey}, endpoint: "${endpoint}" }`,
        'channels:',
        '  C0123456789: { role: viewer }',
      ].join('\n'),
    );
    const refererShown = await cli(['referer', 'www.example.com', '--json']);
    const refererSet = await cli(['referer', 'www.example.com', 'off', '--json']);

    expect([codes.code, top.code, audit.code, refererShown.code]).toEqual([0, 0, 0, 0]);
    const codesData = JSON.parse(codes.out) as {
      from: number;
      to: number;
      responses: number;
      classes: object;
    };
    expect(codesData.to - codesData.from).toBeGreaterThanOrEqual(24 * 3_600_000);
    expect(Object.keys(codesData.classes)).toEqual(['2xx', '3xx', '4xx', '5xx']);
    expect(codesData.responses).toBeGreaterThan(0);
    const topData = JSON.parse(top.out) as { by: string; entries: { name: string; value: number }[] };
    expect(topData.entries.length).toBeGreaterThan(0);
    expect(topData.entries[0]!.name).toContain('www.example.com');
    expect(JSON.parse(audit.out)).toEqual({ total: 0, page: 1, pages: 1, entries: [] });
    expect(JSON.parse(refererShown.out)).toMatchObject({
      domain: 'www.example.com',
      account: 'tencent-prod',
    });
    expect(refererSet.code).toBe(2);
    expect(refererSet.out).toBe('');
  });
});
