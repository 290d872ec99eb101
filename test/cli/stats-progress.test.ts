import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../sandbox/manual-clock.ts';
import { startTencentSandbox, type TencentSandbox } from '../../sandbox/tencent/index.ts';
import { runCli } from '../../src/cli/run-cli.ts';
import { TEST_ACCOUNT } from '../support/start-test-bot.ts';
import { manyDomains } from '../traffic/fake-traffic-provider.ts';

let sandbox: TencentSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

/** `cdnops <argv>` over 300 domains, stderr a terminal or not. */
async function cli(argv: string[], options: { tty: boolean }) {
  const clock = createManualClock();
  const account = { ...TEST_ACCOUNT, domains: manyDomains(300).map((domain) => ({ domain })) };
  sandbox = await startTencentSandbox({ clock, accounts: [account] });
  const path = join(mkdtempSync(join(tmpdir(), 'cdnops-cli-')), 'cdnops.yml');
  writeFileSync(
    path,
    [
      'providers:',
      '  tencent-prod:',
      '    kind: tencent',
      `    secretId: ${account.secretId}`,
      `    secretKey: ${account.secretKey}`,
      `    endpoint: ${sandbox.url}`,
      'channels:',
      '  C0123456789: { role: viewer }',
    ].join('\n'),
  );
  const stdout = new PassThrough();
  const stderr = Object.assign(new PassThrough(), options.tty ? { isTTY: true } : {});
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
    env: { CDNOPS_CONFIG: path },
    stdout,
    stderr,
    clock,
    color: false,
  });
  return { code, out, err };
}

describe('progress of a long answer on the command line', () => {
  it('draws "batch N of M" on a terminal’s stderr and wipes it, leaving --json on stdout intact', async () => {
    const { code, out, err } = await cli(['stats', 'all', '--metric', 'flux', '--json'], { tty: true });

    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ target: 'all', metrics: ['flux'] });
    expect(err).toContain('\rReading 300 domains: batch 1 of 10…');
    // The line is blanked and the cursor put back before anything else is written.
    expect(err.endsWith(`\r${' '.repeat('Reading 300 domains: batch 1 of 10…'.length)}\r`)).toBe(true);
  });

  it('writes nothing about progress where stderr is not a terminal', async () => {
    const { code, out, err } = await cli(['stats', 'all', '--metric', 'flux'], { tty: false });

    expect(code).toBe(0);
    expect(out).toContain('300 domains in 1 account');
    expect(err).toBe('');
  });
});
