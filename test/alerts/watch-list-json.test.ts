import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../sandbox/manual-clock.ts';
import { startTencentSandbox, type TencentSandbox } from '../../sandbox/tencent/index.ts';
import { runCli } from '../../src/cli/run-cli.ts';
import { TEST_ACCOUNT } from '../support/start-test-bot.ts';

let sandbox: TencentSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function cli(argv: string[]) {
  const clock = createManualClock();
  sandbox = await startTencentSandbox({ clock, accounts: [TEST_ACCOUNT] });
  const path = join(mkdtempSync(join(tmpdir(), 'cdnops-cli-')), 'cdnops.yml');
  writeFileSync(
    path,
    [
      "store: ':memory:'",
      'providers:',
      `  tencent-prod: { kind: tencent, secretId: ${TEST_ACCOUNT.secretId}, secretKey: ${TEST_ACCOUNT.secretKey}, endpoint: "${sandbox.url}" }`,
      'channels:',
      '  C0123456789: { role: operator }',
      'watches:',
      '  - { name: certs, channel: C0123456789, domains: all, when: "cert < 14d", for: 10m }',
      '  - { name: errors, channel: C0123456789, domains: [www.example.com], when: "5xx > 2%", mention: S0ONCALL }',
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
  const code = await runCli({ argv, env: { CDNOPS_CONFIG: path }, stdout, stderr, clock, color: false });
  return { code, out, err };
}

describe('cdnops watch list --json', () => {
  it('prints every rule with its condition, length, domains and state, for scripts', async () => {
    const { code, out } = await cli(['watch', 'list', '--json']);

    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({
      watches: [
        {
          name: 'certs',
          source: 'config',
          channel: 'C0123456789',
          when: 'cert < 14d',
          forMs: 600_000,
          domains: 'all',
          minRequests: 0,
          mutes: [],
          notJudged: [],
        },
        {
          name: 'errors',
          source: 'config',
          channel: 'C0123456789',
          when: '5xx > 2%',
          forMs: 300_000,
          domains: ['www.example.com'],
          mention: 'S0ONCALL',
          minRequests: 100,
          mutes: [],
          notJudged: [],
        },
      ],
      notRunning: [],
    });
  });

  it('refuses --json for a watch change, with exit 2 and nothing done', async () => {
    const { code, out, err } = await cli(['watch', 'mute', 'errors', '1h', '--json']);

    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('watch has no --json output with these arguments');
  });
});
