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

/** `cdnops <argv>` against a Tencent sandbox, with the config file a terminal user would have. */
async function cli(argv: string[]) {
  const clock = createManualClock();
  sandbox = await startTencentSandbox({ clock, accounts: [TEST_ACCOUNT] });
  const path = join(mkdtempSync(join(tmpdir(), 'cdnops-cli-')), 'cdnops.yml');
  writeFileSync(
    path,
    [
      'providers:',
      '  tencent-prod:',
      '    kind: tencent',
      `    secretId: ${TEST_ACCOUNT.secretId}`,
      `    secretKey: ${TEST_ACCOUNT.secretKey}`,
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
  const code = await runCli({ argv, env: { CDNOPS_CONFIG: path }, stdout, stderr, clock, color: false });
  return { code, out, err };
}

describe('cdnops origin and cdnops ip', () => {
  it('prints a domain’s origin as JSON', async () => {
    const { code, out } = await cli(['origin', 'static.example.com', '--json']);

    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({
      account: 'tencent-prod',
      domain: 'static.example.com',
      origins: ['10.0.0.8'],
      originType: 'ip',
      backupOrigins: [],
      protocol: 'http',
      originHost: 'static.example.com',
    });
  });

  it('shows an origin change and says to confirm it in Slack (exit 1), sending nothing', async () => {
    const { code, out, err } = await cli([
      'origin',
      'static.example.com',
      'set',
      '203.0.113.10',
      '--backup',
      '203.0.113.11',
    ]);
    const said = `${out}${err}`;

    expect(code).toBe(1);
    expect(said).toContain('Origins: 10.0.0.8 → 203.0.113.10');
    expect(said).toContain('"/cdn origin static.example.com set 203.0.113.10 --backup 203.0.113.11"');
    expect(sandbox!.calls.filter((call) => call.action === 'UpdateDomainConfig')).toEqual([]);
  });

  it('refuses a bad origin as usage (exit 2) before any call', async () => {
    const { code, out, err } = await cli(['origin', 'static.example.com', 'set', '203.0.113.10/24']);

    expect(code).toBe(2);
    expect(`${out}${err}`).toContain('no paths');
    expect(sandbox!.calls).toEqual([]);
  });

  it('prints ip --json: each address with whether it is a node', async () => {
    const { code, out } = await cli(['ip', '203.0.113.80', '198.51.100.7', '--json']);

    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({
      account: 'tencent-prod',
      addresses: [
        {
          ip: '203.0.113.80',
          isNode: true,
          location: 'Guangdong',
          city: 'Shenzhen',
          area: 'mainland',
          status: 'online',
          since: '2026-09-01 10:00:00',
        },
        {
          ip: '198.51.100.7',
          isNode: false,
          location: null,
          city: null,
          area: null,
          status: null,
          since: null,
        },
      ],
    });
  });
});
