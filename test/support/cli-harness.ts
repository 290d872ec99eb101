/**
 * `cdnops` on the command line, run in this process against the sandboxes: a config file in a fresh temporary folder,
 * and runCli with what it prints caught.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { isQuietHour, trafficProfile } from '../../sandbox/tencent/traffic-model.ts';
import { runCli } from '../../src/cli/run-cli.ts';
import type { Clock } from '../../src/clock.ts';
import { TEST_ACCOUNT, WANGSU_ACCOUNT } from './start-test-bot.ts';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** `tencent-prod` under `providers:`, on the sandbox at `endpoint` with TEST_ACCOUNT's keys. */
export function tencentProdYaml(endpoint: string): string[] {
  return [
    '  tencent-prod:',
    '    kind: tencent',
    `    secretId: ${TEST_ACCOUNT.secretId}`,
    `    secretKey: ${TEST_ACCOUNT.secretKey}`,
    `    endpoint: ${endpoint}`,
  ];
}

/** `wangsu-prod` under `providers:`, on the sandbox at `endpoint` with WANGSU_ACCOUNT's key. */
export function wangsuProdYaml(endpoint: string): string[] {
  return [
    '  wangsu-prod:',
    '    kind: wangsu',
    `    username: ${WANGSU_ACCOUNT.username}`,
    `    apiKey: ${WANGSU_ACCOUNT.apiKey}`,
    `    endpoint: ${endpoint}`,
  ];
}

/** The sandboxes serve their log links over plain http on 127.0.0.1, which cdnops refuses unless told, as here. */
export const LOOPBACK_LOG_LINKS: readonly string[] = [
  'check:',
  '  allowNetworks: [127.0.0.1/32]',
  '  allowHttpLogLinksOnLoopback: true',
];

/**
 * Writes `cdnops.yml` (Shanghai time, the accounts given, one viewer channel, then `rest`) into a new temporary
 * folder, for output files to go beside it.
 */
export function writeCliConfig(options: {
  folderPrefix: string;
  providers: readonly string[];
  rest?: readonly string[];
}): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), options.folderPrefix));
  const path = join(dir, 'cdnops.yml');
  writeFileSync(
    path,
    [
      'timezone: Asia/Shanghai',
      'providers:',
      ...options.providers,
      'channels:',
      '  C0123456789: { role: viewer }',
      ...(options.rest ?? []),
    ].join('\n'),
  );
  return { dir, path };
}

/** Runs `cdnops <argv>` on the config at `configPath`, without colour; `tty` makes stderr pass for a terminal. */
export async function runCliCaught(options: {
  argv: string[];
  configPath: string;
  clock: Clock;
  env?: Readonly<Record<string, string>>;
  tty?: boolean;
}): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = Object.assign(new PassThrough(), { isTTY: options.tty ?? false });
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const code = await runCli({
    argv: options.argv,
    env: { ...options.env, CDNOPS_CONFIG: options.configPath },
    stdout,
    stderr,
    clock: options.clock,
    color: false,
  });
  return { code, out, err };
}

const HOUR_MS = 3_600_000;

/**
 * A recent day in Shanghai, before `now`'s, on which the sandboxes' traffic model gives `domain` traffic in all 24
 * hours, so the day has 24 log packages: the model leaves a few night hours of some days silent.
 */
export function dayWithEveryHour(domain: string, now: number): { day: string; compact: string } {
  const profile = trafficProfile(domain);
  const todayStart = Math.floor((now + 8 * HOUR_MS) / (24 * HOUR_MS)) * 24 * HOUR_MS - 8 * HOUR_MS;
  for (let back = 1; back < 28; back++) {
    const start = todayStart - back * 24 * HOUR_MS;
    const hours = Array.from({ length: 24 }, (_, hour) => start + hour * HOUR_MS);
    if (hours.every((hour) => !isQuietHour(profile, hour))) {
      const day = new Date(start + 8 * HOUR_MS).toISOString().slice(0, 10);
      return { day, compact: day.replaceAll('-', '') };
    }
  }
  throw new Error(`no day with 24 log packages for ${domain} in the sandbox model`);
}
