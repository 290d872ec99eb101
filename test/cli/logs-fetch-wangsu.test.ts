import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from '../../sandbox/manual-clock.ts';
import { startWangsuSandbox, type WangsuSandbox } from '../../sandbox/wangsu/index.ts';
import {
  type CliResult,
  dayWithEveryHour,
  LOOPBACK_LOG_LINKS,
  runCliCaught,
  wangsuProdYaml,
  writeCliConfig,
} from '../support/cli-harness.ts';
import { WANGSU_ACCOUNT } from '../support/start-test-bot.ts';

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
  run(argv: string[]): Promise<CliResult>;
}> {
  const clock = createManualClock();
  const started = await startWangsuSandbox({ clock, accounts: [WANGSU_ACCOUNT] });
  sandbox = started;
  const config = writeCliConfig({
    folderPrefix: 'cdnops-wangsu-logs-',
    providers: wangsuProdYaml(started.url),
    rest: LOOPBACK_LOG_LINKS,
  });
  return {
    clock,
    sandbox: started,
    dest: join(config.dir, 'out'),
    run: (argv) => runCliCaught({ argv, configPath: config.path, clock }),
  };
}

describe('cdnops logs fetch on a Wangsu domain', () => {
  it('merges the day’s 24 hourly files into one gzip whose lines are in time order', async () => {
    const cli = await startCli();
    const { day, compact } = dayWithEveryHour(DOMAIN, cli.clock.now());

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
    const { day, compact } = dayWithEveryHour(DOMAIN, cli.clock.now());
    cli.sandbox.faults.push({ path: `/logs/${DOMAIN}_${compact}05.log.gz`, kind: 'http5xx', status: 503 });

    const { code } = await cli.run(['logs', 'fetch', DOMAIN, '--day', day, '--dest', cli.dest]);

    expect(code).toBe(0);
    expect(cli.sandbox.faults.size).toBe(0);
    expect(readdirSync(cli.dest)).toEqual([`${compact}-${DOMAIN}.gz`]);
  });
});
