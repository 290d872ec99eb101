import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from '../../sandbox/manual-clock.ts';
import { isQuietHour, trafficProfile } from '../../sandbox/tencent/traffic-model.ts';
import { startWangsuSandbox, type WangsuSandbox } from '../../sandbox/wangsu/index.ts';
import { runCli } from '../../src/cli/run-cli.ts';
import { WANGSU_ACCOUNT } from '../support/start-test-bot.ts';

const HOUR_MS = 3_600_000;
const DOMAIN = 'cdn.example.cn';

let sandbox: WangsuSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function startCli(): Promise<{
  clock: ManualClock;
  sandbox: WangsuSandbox;
  dest: string;
  run(argv: string[]): Promise<{ code: number; out: string; err: string }>;
}> {
  const clock = createManualClock();
  const started = await startWangsuSandbox({ clock, accounts: [WANGSU_ACCOUNT] });
  sandbox = started;
  const dir = mkdtempSync(join(tmpdir(), 'cdnops-wangsu-logs-'));
  const config = join(dir, 'cdnops.yml');
  writeFileSync(
    config,
    [
      'timezone: Asia/Shanghai',
      'providers:',
      '  wangsu-prod:',
      '    kind: wangsu',
      `    username: ${WANGSU_ACCOUNT.username}`,
      `    apiKey: ${WANGSU_ACCOUNT.apiKey}`,
      `    endpoint: ${started.url}`,
      'channels:',
      '  C0123456789: { role: viewer }',
      // The sandbox serves its log links over plain http on 127.0.0.1, which cdnops refuses unless told.
      'check:',
      '  allowNetworks: [127.0.0.1/32]',
      '  allowHttpLogLinksOnLoopback: true',
    ].join('\n'),
  );
  return {
    clock,
    sandbox: started,
    dest: join(dir, 'out'),
    async run(argv) {
      const stdout = new PassThrough();
      const stderr = Object.assign(new PassThrough(), { isTTY: false });
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
        env: { CDNOPS_CONFIG: config },
        stdout,
        stderr,
        clock,
        color: false,
      });
      return { code, out, err };
    },
  };
}

/** A recent Shanghai day on which the model gives DOMAIN traffic in all 24 hours: 24 Wangsu log files. */
function dayWithEveryHour(): { day: string; compact: string } {
  const profile = trafficProfile(DOMAIN);
  const todayStart = Date.UTC(2026, 10, 23) - 8 * HOUR_MS;
  for (let back = 1; back < 28; back++) {
    const start = todayStart - back * 24 * HOUR_MS;
    const hours = Array.from({ length: 24 }, (_, hour) => start + hour * HOUR_MS);
    if (hours.every((hour) => !isQuietHour(profile, hour))) {
      const day = new Date(start + 8 * HOUR_MS).toISOString().slice(0, 10);
      return { day, compact: day.replaceAll('-', '') };
    }
  }
  throw new Error('no day with 24 log files in the sandbox model');
}

describe('cdnops logs fetch on a Wangsu domain', () => {
  it('merges the day’s 24 hourly files into one gzip whose lines are in time order', async () => {
    const cli = await startCli();
    const { day, compact } = dayWithEveryHour();

    const { code, out, err } = await cli.run(['logs', 'fetch', DOMAIN, '--day', day, '--dest', cli.dest]);

    expect(err).toBe('');
    expect(code).toBe(0);
    const target = join(cli.dest, `${compact}-${DOMAIN}.gz`);
    expect(out).toContain(`Wrote ${target}: 24 packages of ${day} (Asia/Shanghai)`);
    expect(readdirSync(cli.dest)).toEqual([`${compact}-${DOMAIN}.gz`]);
    const lines = gunzipSync(readFileSync(target)).toString('utf8').split('\n').filter(Boolean);
    // `[22/Nov/2026:09:00:12 +0800]` → `09:00:12`: one day, so the clock times sort as the lines should.
    const times = lines.map((line) => /\[\d\d\/\w{3}\/\d{4}:(\d\d:\d\d:\d\d) \+0800\]/.exec(line)![1]!);
    expect(times.length).toBeGreaterThan(24);
    expect(times).toEqual([...times].sort());
    expect(new Set(times.map((time) => time.slice(0, 2))).size).toBe(24);
    expect(cli.sandbox.calls.map((call) => call.path)).toContain('/api/report/log/downloadLink');
  });

  it('retries a file whose download failed and still writes the whole day', async () => {
    const cli = await startCli();
    const { day, compact } = dayWithEveryHour();
    cli.sandbox.faults.push({ path: `/logs/${DOMAIN}_${compact}05.log.gz`, kind: 'http5xx', status: 503 });

    const { code } = await cli.run(['logs', 'fetch', DOMAIN, '--day', day, '--dest', cli.dest]);

    expect(code).toBe(0);
    expect(cli.sandbox.faults.size).toBe(0);
    expect(readdirSync(cli.dest)).toEqual([`${compact}-${DOMAIN}.gz`]);
  });
});
