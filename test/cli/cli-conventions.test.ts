/**
 * `cdnops` as people expect of a command line (issue 19), driven as a user would: the real bin/cdnops.js in a child
 * process, against a Tencent sandbox running in this test on real time (tasks end at once, the follower polls after
 * a second). The working directory is an empty folder, so no ./cdnops.yml can be picked up by accident.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startTencentSandbox, type TencentSandbox } from '../../sandbox/tencent/index.ts';
import { systemClock } from '../../src/clock.ts';
import { TEST_ACCOUNT } from '../support/start-test-bot.ts';

const BIN = fileURLToPath(new URL('../../bin/cdnops.js', import.meta.url));
const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

let sandbox: TencentSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

interface Run {
  code: number | null;
  out: string;
  err: string;
}

function runBin(
  argv: string[],
  options: { env?: Record<string, string>; stdin?: string } = {},
): Promise<Run> {
  const cwd = mkdtempSync(join(tmpdir(), 'cdnops-bin-'));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], {
      cwd,
      // Only what the test gives: no CDNOPS_CONFIG, NO_COLOR or LOG_LEVEL from the developer's shell.
      env: { PATH: process.env.PATH ?? '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(options.stdin ?? '');
  });
}

/** A sandbox and a config file naming it; `runBin` with `--config` pointing there. */
async function withSandbox(): Promise<{ sandbox: TencentSandbox; config: string }> {
  sandbox = await startTencentSandbox({ clock: systemClock, accounts: [TEST_ACCOUNT], taskDurationMs: 0 });
  const config = join(mkdtempSync(join(tmpdir(), 'cdnops-bin-config-')), 'cdnops.yml');
  writeFileSync(
    config,
    [
      'providers:',
      '  tencent-prod:',
      '    kind: tencent',
      `    secretId: ${TEST_ACCOUNT.secretId}`,
      `    secretKey: ${TEST_ACCOUNT.secretKey}`,
      `    endpoint: ${sandbox.url}`,
      'channels:',
      '  C0123456789: { role: viewer, name: web-ops }',
      'follow: { pollInitial: 1s, pollMax: 1s }',
    ].join('\n'),
  );
  return { sandbox, config };
}

describe('cdnops without a config file', () => {
  it('prints its help, exit 0', async () => {
    const { code, out, err } = await runBin(['--help']);

    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('Usage: cdnops [--config FILE] <command>');
    expect(out).toMatch(/^ {2}purge +Purge URLs/m);
    expect(out).toContain('Exit status: 0 done; 1 refused or failed');
  });

  it('prints the version from package.json', async () => {
    const { code, out } = await runBin(['--version']);

    expect(code).toBe(0);
    expect(out.trim()).toBe(VERSION);
  });

  it('explains one command with <command> --help and with help <command>', async () => {
    const flag = await runBin(['purge', '--help']);
    const word = await runBin(['help', 'purge']);

    expect(flag.code).toBe(0);
    expect(flag.out).toContain('Usage: cdnops purge <url>...');
    expect(flag.out).toContain('cdnops purge https://www.example.com/app.js --verify');
    expect(flag.out).not.toContain('`');
    expect(word).toEqual(flag);
  });

  it('refuses an unknown command with exit 2, suggesting the nearest', async () => {
    const { code, err } = await runBin(['purg', 'https://www.example.com/a.js']);

    expect(code).toBe(2);
    expect(err).toContain('purg is not a cdnops command. Did you mean purge?');
  });
});

describe('cdnops with --config', () => {
  it('prints hosts --json as one JSON document of the documented shape', async () => {
    const { config } = await withSandbox();

    const { code, out } = await runBin(['--config', config, 'hosts', '--json']);

    expect(code).toBe(0);
    const data = JSON.parse(out) as {
      accounts: string[];
      domains: { account: string; domain: { domain: string; status: string } }[];
      failures: unknown[];
    };
    expect(data.accounts).toEqual(['tencent-prod']);
    expect(data.failures).toEqual([]);
    expect(data.domains.map((row) => row.domain.domain)).toEqual([
      'global.example.com',
      'old.example.com',
      'static.example.com',
      'www.example.com',
    ]);
    expect(data.domains.every((row) => row.account === 'tencent-prod')).toBe(true);
    expect(data.domains.find((row) => row.domain.domain === 'old.example.com')?.domain.status).toBe(
      'offline',
    );
  });

  it('refuses --json with exit 2 on a command that has no JSON shape, before anything runs', async () => {
    const { config, sandbox } = await withSandbox();

    const { code, out, err } = await runBin([
      '--config',
      config,
      'purge',
      'https://www.example.com/a.js',
      '--json',
    ]);

    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('purge has no --json output');
    expect(sandbox.calls.some((call) => call.action === 'PurgeUrlsCache')).toBe(false);
  });

  it('purges the URLs read from standard input with "-", skipping blank lines and # comments; exit 0', async () => {
    const { config, sandbox } = await withSandbox();
    const stdin = [
      '# changed by the last deploy',
      'https://www.example.com/app.js',
      '',
      '  https://www.example.com/app.css  ',
      '',
    ].join('\n');

    const { code, out } = await runBin(['--config', config, 'purge', '-'], { stdin });

    expect(code).toBe(0);
    expect(
      sandbox.calls.filter((call) => call.action === 'PurgeUrlsCache').map((call) => call.params),
    ).toEqual([{ Urls: ['https://www.example.com/app.js', 'https://www.example.com/app.css'] }]);
    expect(out).toMatch(/2 URLs · done/);
  });

  it('exits 1 when the provider refuses the purge', async () => {
    const { config, sandbox } = await withSandbox();
    sandbox.faults.push({
      action: 'PurgeUrlsCache',
      kind: 'error',
      code: 'InvalidParameter.CdnUrlInvalid',
      message: 'the URL is not valid',
    });

    const { code, out } = await runBin(['--config', config, 'purge', 'https://www.example.com/a.js']);

    expect(out).toContain('InvalidParameter.CdnUrlInvalid');
    expect(code).toBe(1);
  });

  it('exits 2 on a flag the command does not have, sending nothing', async () => {
    const { config, sandbox } = await withSandbox();

    const { code, out } = await runBin([
      '--config',
      config,
      'purge',
      'https://www.example.com/a.js',
      '--fast',
    ]);

    expect(code).toBe(2);
    expect(out).toContain('--fast');
    expect(sandbox.calls.some((call) => call.action === 'PurgeUrlsCache')).toBe(false);
  });

  it('takes --channel #name for a channel the config names (issue 19.10), and refuses a name it does not know', async () => {
    const { config } = await withSandbox();
    const add = ['digest', 'add', 'morning', '--schedule', '0 9 * * *', '--domains', 'all', '--dry-run'];

    const named = await runBin(['--config', config, ...add, '--channel', '#web-ops']);
    const unknown = await runBin(['--config', config, ...add, '--channel', '#nope']);

    expect(named.code).toBe(0);
    expect(named.out).toContain('would be added: posts to #web-ops on 0 9 * * *');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('no channel in the config is named #nope. Named channels: #web-ops.');
  });

  it('prints plain text: no code marks, no :emoji: codes, no buttons, nothing about Slack threads', async () => {
    const { config } = await withSandbox();

    const hosts = await runBin(['--config', config, 'hosts']);
    const offline = await runBin(['--config', config, 'offline', 'www.example.com']);

    expect(hosts.code).toBe(0);
    expect(hosts.out).toContain('4 domains in tencent-prod');
    expect(hosts.out).toContain('www.example.com · online · tencent-prod');
    for (const text of [hosts.out, offline.out]) {
      expect(text).not.toContain('`');
      expect(text).not.toMatch(/:[a-z_]+:/);
      expect(text).not.toMatch(/\[(Approve|Reject|Confirm|Cancel)!?\]/);
      expect(text).not.toContain('\u001b[');
    }
    // In Slack this posts an approval card; a terminal cannot wait for one, so it says how to get it done.
    expect(offline.code).toBe(1);
    expect(offline.out).not.toContain("card's thread");
    expect(offline.out).toContain("needs a second person's approval, which the command line cannot ask for");
    expect(offline.out).toContain('run "/cdn offline www.example.com" in an allowed Slack channel');
  });
});
