import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from '../../sandbox/manual-clock.ts';
import {
  type SandboxAccount,
  startTencentSandbox,
  type TencentSandbox,
} from '../../sandbox/tencent/index.ts';
import {
  type CliResult,
  dayWithEveryHour,
  LOOPBACK_LOG_LINKS,
  runCliCaught,
  tencentProdYaml,
  writeCliConfig,
} from '../support/cli-harness.ts';
import { TEST_ACCOUNT } from '../support/start-test-bot.ts';

const HOUR_MS = 3_600_000;
const DOMAIN = 'www.example.com';

let sandbox: TencentSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

interface Cli {
  clock: ManualClock;
  sandbox: TencentSandbox;
  dest: string;
  run(argv: string[], options?: { tty?: boolean }): Promise<CliResult>;
}

/**
 * `sandbox` (the default) allows the sandbox's log links as tests and the demo do; `strict` is a production config,
 * which refuses them; `httpOnly` allows http but not the address.
 */
const DOWNLOAD_RULES = {
  sandbox: LOOPBACK_LOG_LINKS,
  httpOnly: ['check:', '  allowHttpLogLinksOnLoopback: true'],
  strict: [],
};

async function startCli(
  options: { downloads?: keyof typeof DOWNLOAD_RULES; account?: SandboxAccount } = {},
): Promise<Cli> {
  const account = options.account ?? TEST_ACCOUNT;
  const clock = createManualClock();
  const started = await startTencentSandbox({ clock, accounts: [account] });
  sandbox = started;
  const config = writeCliConfig({
    folderPrefix: 'cdnops-logs-',
    providers: tencentProdYaml(started.url),
    rest: DOWNLOAD_RULES[options.downloads ?? 'sandbox'],
  });
  return {
    clock,
    sandbox: started,
    dest: join(config.dir, 'out'),
    run: (argv, options) => runCliCaught({ argv, configPath: config.path, clock, tty: options?.tty }),
  };
}

function logLines(path: string): string[] {
  return gunzipSync(readFileSync(path)).toString('utf8').split('\n').filter(Boolean);
}

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

describe('cdnops logs fetch', () => {
  // A name with a path separator is no domain name: it is refused as typed, before any provider is asked. Were the
  // provider ever to spell a domain so, --dest still contains every file (the `..example.com` case reaches there).
  it.each([
    ['x/../../escape.example.com', 2, 'is not a valid domain name'],
    ['../escape.example.com', 2, 'is not a valid domain name'],
    ['a/b.example.com', 2, 'is not a valid domain name'],
    [
      '..example.com',
      1,
      'the provider names this domain "..example.com", which contains .., so it cannot name a file in --dest',
    ],
  ] as const)(
    'writes nothing outside --dest (nor in it) when the provider names the domain %s, and says why',
    async (domain, exitCode, why) => {
      const cli = await startCli({
        account: { ...TEST_ACCOUNT, domains: [...TEST_ACCOUNT.domains, { domain }] },
      });
      const yesterday = new Date(cli.clock.now() - 24 * HOUR_MS).toISOString().slice(0, 10);
      const root = join(cli.dest, '..');
      const before = filesUnder(root);

      const { code, out, err } = await cli.run([
        'logs',
        'fetch',
        domain,
        '--day',
        yesterday,
        '--dest',
        cli.dest,
      ]);

      expect(code).toBe(exitCode);
      expect(out).toBe('');
      expect(err).toContain(why);
      expect(filesUnder(root)).toEqual(before);
      expect(cli.sandbox.calls.some((call) => call.action === 'DescribeCdnDomainLogs')).toBe(exitCode === 1);
    },
  );

  it('merges a day’s 24 packages into one gzip whose lines are in time order', async () => {
    const cli = await startCli();
    const { day, compact } = dayWithEveryHour(DOMAIN, cli.clock.now());

    const { code, out, err } = await cli.run(['logs', 'fetch', DOMAIN, '--day', day, '--dest', cli.dest]);

    expect(err).toBe('');
    expect(code).toBe(0);
    const target = join(cli.dest, `${compact}-${DOMAIN}.gz`);
    expect(out).toContain(`Wrote ${target}: 24 packages of ${day} (Asia/Shanghai)`);
    expect(readdirSync(cli.dest)).toEqual([`${compact}-${DOMAIN}.gz`]);
    const times = logLines(target).map((line) => line.split(' ')[0]!);
    expect(times.length).toBeGreaterThan(24);
    expect(times).toEqual([...times].sort());
    expect(new Set(times.map((time) => time.slice(0, 10)))).toEqual(
      new Set(Array.from({ length: 24 }, (_, hour) => `${compact}${String(hour).padStart(2, '0')}`)),
    );
  });

  it('leaves no output and no temp file when a download keeps failing midway, and says so', async () => {
    const cli = await startCli();
    const { day, compact } = dayWithEveryHour(DOMAIN, cli.clock.now());
    cli.sandbox.faults.push({ path: `/logs/${DOMAIN}/${compact}12.gz`, kind: 'truncate', times: 4 });

    const { code, out, err } = await cli.run(['logs', 'fetch', DOMAIN, '--day', day, '--dest', cli.dest]);

    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain(`download of ${compact}12-${DOMAIN} (package 13 of 24) broke off`);
    expect(err).toContain(`; gave up after 4 tries. Nothing was written to ${cli.dest}.`);
    expect(readdirSync(cli.dest)).toEqual([]);
    expect(cli.sandbox.faults.size).toBe(0);
  });

  it('refuses to keep a merge that does not decompress to the end', async () => {
    const cli = await startCli();
    const { day, compact } = dayWithEveryHour(DOMAIN, cli.clock.now());
    cli.sandbox.faults.push({ path: `/logs/${DOMAIN}/${compact}07.gz`, kind: 'malformed' });

    const { code, err } = await cli.run(['logs', 'fetch', DOMAIN, '--day', day, '--dest', cli.dest]);

    expect(code).toBe(1);
    expect(err).toContain('cdnops: the merged file does not decompress to the end:');
    expect(err).toContain(`Nothing was written to ${cli.dest}.`);
    expect(readdirSync(cli.dest)).toEqual([]);
  });

  it('retries a download that broke off, on the injected clock, and still writes a whole file', async () => {
    const cli = await startCli();
    const { day, compact } = dayWithEveryHour(DOMAIN, cli.clock.now());
    const before = cli.clock.now();
    cli.sandbox.faults.push({ path: `/logs/${DOMAIN}/${compact}05.gz`, kind: 'truncate', times: 2 });
    cli.sandbox.faults.push({ path: `/logs/${DOMAIN}/${compact}17.gz`, kind: 'http5xx', status: 503 });

    const { code } = await cli.run(['logs', 'fetch', DOMAIN, '--day', day, '--dest', cli.dest]);

    expect(code).toBe(0);
    expect(cli.sandbox.faults.size).toBe(0);
    // Backoff 1 s + 2 s for the first package, 1 s for the second: waited on the manual clock, not in real time.
    expect(cli.clock.now() - before).toBeGreaterThanOrEqual(4_000);
    const times = logLines(join(cli.dest, `${compact}-${DOMAIN}.gz`)).map((line) => line.split(' ')[0]!);
    expect(times).toEqual([...times].sort());
    expect(new Set(times.map((time) => time.slice(8, 10))).size).toBe(24);
  });

  it('refuses a day older than the provider keeps before listing anything', async () => {
    const cli = await startCli();

    const { code, err } = await cli.run(['logs', 'fetch', DOMAIN, '--day', '2026-10-01', '--dest', cli.dest]);

    // Bad input is a usage error, exit 2 (it was 1 before exit codes were told apart).
    expect(code).toBe(2);
    expect(err).toContain('keeps log packages for 30 days; 2026-10-01 is older than that.');
    expect(cli.sandbox.calls.filter((call) => call.action === 'DescribeCdnDomainLogs')).toEqual([]);
    expect(existsSync(cli.dest)).toBe(false);
  });

  it('refuses a domain no account serves, naming it', async () => {
    const cli = await startCli();

    const { code, err } = await cli.run(['logs', 'fetch', 'nosuch.example.org', '--dest', cli.dest]);

    expect(code).toBe(2);
    // The terminal gets no Slack code marks (they were kept before).
    expect(err).toContain('nosuch.example.org is not served by any account this channel may use.');
  });

  it('draws a progress bar on one stderr line only when stderr is a terminal', async () => {
    const cli = await startCli();
    const { day } = dayWithEveryHour(DOMAIN, cli.clock.now());

    const piped = await cli.run(['logs', 'fetch', DOMAIN, '--day', day, '--dest', cli.dest]);
    const terminal = await cli.run(['logs', 'fetch', DOMAIN, '--day', day, '--dest', cli.dest], {
      tty: true,
    });

    expect(piped.err).toBe('');
    expect(terminal.code).toBe(0);
    expect(terminal.err).toMatch(/^\r\[/);
    expect(terminal.err).toContain('\r[########################] 24/24 packages');
    expect(terminal.err.split('\n')).toEqual([expect.any(String), '']);
  });

  it('still runs the ordinary commands, including `logs` itself', async () => {
    const cli = await startCli();

    const { code, out } = await cli.run(['logs', DOMAIN, '--day', 'yesterday']);

    expect(code).toBe(0);
    expect(out).toContain(`Logs: ${DOMAIN}, 2026-11-22`);
  });
});

describe('cdnops logs fetch: where log links may lead', () => {
  it('refuses a log link over plain http, before downloading anything, unless the config allows http on loopback', async () => {
    const cli = await startCli({ downloads: 'strict' });
    const { day, compact } = dayWithEveryHour(DOMAIN, cli.clock.now());
    // Consumed by the first request for package 00: still there afterwards means nothing was fetched.
    cli.sandbox.faults.push({ path: `/logs/${DOMAIN}/${compact}00.gz`, kind: 'http5xx', status: 503 });

    const { code, out, err } = await cli.run(['logs', 'fetch', DOMAIN, '--day', day, '--dest', cli.dest]);

    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain(`cdnops: ${compact}00-${DOMAIN}: the log link ${cli.sandbox.url}/… is not https;`);
    expect(err).toContain('cdnops downloads log packages only over https and not from internal addresses');
    expect(err).not.toContain('expires=');
    expect(cli.sandbox.faults.size).toBe(1);
    expect(existsSync(cli.dest)).toBe(false);
  });

  it('refuses a log link on a loopback address that check.allowNetworks does not allow, even with http allowed', async () => {
    const cli = await startCli({ downloads: 'httpOnly' });
    const { day, compact } = dayWithEveryHour(DOMAIN, cli.clock.now());
    cli.sandbox.faults.push({ path: `/logs/${DOMAIN}/${compact}00.gz`, kind: 'http5xx', status: 503 });

    const { code, err } = await cli.run(['logs', 'fetch', DOMAIN, '--day', day, '--dest', cli.dest]);

    expect(code).toBe(1);
    expect(err).toContain(
      `cdnops: ${compact}00-${DOMAIN}: the log link ${cli.sandbox.url}/… points at 127.0.0.1, a loopback address; ` +
        'cdnops downloads log packages only over https and not from internal addresses unless check.allowNetworks allows them.',
    );
    expect(cli.sandbox.faults.size).toBe(1);
    expect(existsSync(cli.dest)).toBe(false);
  });
});
