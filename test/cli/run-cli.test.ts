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

async function cli(argv: string[], configText?: (endpoint: string) => string) {
  const clock = createManualClock();
  sandbox = await startTencentSandbox({ clock, accounts: [TEST_ACCOUNT] });
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
    expect(out).toContain('4 domains in `tencent-prod`');
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

  it('exits 1 with the usage message on bad input', async () => {
    const { code, out } = await cli(['purge', 'ftp://www.example.com/a.js']);

    expect(code).toBe(1);
    expect(out).toContain('not an http(s) URL');
    expect(sandbox!.calls.some((call) => call.action === 'PurgeUrlsCache')).toBe(false);
  });

  it('stops with one line per config problem', async () => {
    const { code, err } = await cli(['hosts'], () => 'providers: {}\nchanels: {}\n');

    expect(code).toBe(1);
    expect(err).toContain('providers: add at least one account');
    expect(err).toContain('chanels: unknown key');
  });
});
