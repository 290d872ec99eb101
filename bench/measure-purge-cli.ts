/**
 * A 10,000-URL purge through the command line, as a person runs it: `npx cdnops purge -` with the URLs on stdin,
 * timed from spawning to exit (start-up, the quota read, the purge requests, following the tasks to done), against
 * a Tencent sandbox in a world process whose every call takes 50 ms.
 *
 * The ideal, measured in the same run: the same command purging one URL (every fixed cost: npx, start-up, config,
 * the quota read, one request, following it) plus what 10,000 URLs must add at Tencent's documented 20 calls a
 * second per action: the purge requests (1,000 URLs each: 10, within one second, so nothing) and the DescribePurgeTasks
 * calls that following them makes (cdnops counts each task's records, all, done and failed, rather than reading
 * them 100 a page), ceil(calls / 20) − 1 more seconds. Tencent's default daily quota is 10,000 URLs per area (tencent-cdn.md, PurgeUrlsCache): one such
 * purge uses a whole day's, so the bench account has 100,000 a day, as Tencent raises it for a big customer; the
 * sandbox's default stays Tencent's.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { type BenchRow, ms } from './bench-row.ts';
import { median } from './percentile.ts';
import { startWorldProcess, type WorldProcess } from './start-world-process.ts';

const URLS = 10_000;
const LATENCY_MS = 50;
const RUNS = 5;
const DOMAIN = 'www.bench.example.com';
/** PurgeUrlsCache: 1,000 URLs a request, 20 requests a second, 10,000 URLs a day per area by default. */
const PER_REQUEST = 1000;
const PER_SECOND = 20;
const BENCH_DAILY_QUOTA = 100_000;
const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface CliRun {
  ms: number;
  /** When the purge said it was submitted (the requests are out; following them starts). */
  submittedMs: number;
  exitCode: number | null;
  stderr: string;
}

function runCli(configPath: string, urls: readonly string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('npx', ['cdnops', 'purge', '-'], {
      cwd: ROOT,
      env: { ...process.env, CDNOPS_CONFIG: configPath, NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    let submittedMs = Number.NaN;
    child.stdout.on('data', (chunk: Buffer) => {
      if (Number.isNaN(submittedMs) && chunk.toString().includes('submitted')) {
        submittedMs = performance.now() - started;
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (exitCode) =>
      resolve({ ms: performance.now() - started, submittedMs, exitCode, stderr }),
    );
    child.stdin.end(`${urls.join('\n')}\n`);
  });
}

async function timed(world: WorldProcess, configPath: string, urls: readonly string[]) {
  const since = (await world.tencentCalls()).length;
  const run = await runCli(configPath, urls);
  if (run.exitCode !== 0)
    throw new Error(`cdnops purge - exited ${run.exitCode}: ${run.stderr.slice(0, 500)}`);
  const calls = await world.tencentCalls(since);
  const count = (action: string) => calls.filter((call) => call.action === action).length;
  return {
    ms: run.ms,
    submittedMs: run.submittedMs,
    requests: count('PurgeUrlsCache'),
    reads: count('DescribePurgeTasks'),
    refused: calls.filter((call) => call.errorCode !== undefined).length,
  };
}

export async function measurePurgeCli(): Promise<BenchRow[]> {
  const world = await startWorldProcess({
    tencentDomains: [DOMAIN],
    wangsuDomains: [],
    latencyMs: LATENCY_MS,
    tencentQuotas: { urlPurge: { batch: PER_REQUEST, total: BENCH_DAILY_QUOTA } },
    // Tasks done at once, for both runs alike: following them is polling, the same for one URL as for 10,000.
    tencentTaskDurationMs: 0,
  });
  const dir = mkdtempSync(join(tmpdir(), 'cdnops-bench-'));
  try {
    const configPath = join(dir, 'cdnops.yml');
    // JSON is YAML. The first poll after a second, not the default 10: the tasks are done by then.
    writeFileSync(
      configPath,
      JSON.stringify({ ...world.config, follow: { pollInitial: '1s', pollMax: '1s' } }),
    );
    const many = Array.from({ length: URLS }, (_, i) => `https://${DOMAIN}/assets/${i}.js`);
    const one = [`https://${DOMAIN}/assets/one.js`];
    // npx and the compiled build warm up (file cache) once, outside the figures.
    await timed(world, configPath, one);
    const singles: Awaited<ReturnType<typeof timed>>[] = [];
    const fulls: Awaited<ReturnType<typeof timed>>[] = [];
    for (let run = 0; run < RUNS; run++) {
      singles.push(await timed(world, configPath, one));
      fulls.push(await timed(world, configPath, many));
    }
    const wall = median(fulls.map((run) => run.ms));
    const single = median(singles.map((run) => run.ms));
    const requests = Math.ceil(URLS / PER_REQUEST);
    // Beyond what the one-URL run already needed: every extra action's calls at 20 a second, side by side.
    const reads = fulls[0]!.reads;
    const extra = Math.max(Math.ceil(requests / PER_SECOND) - 1, Math.ceil(reads / PER_SECOND) - 1) * 1000;
    const ideal = single + extra;
    const submitted = median(fulls.map((run) => run.submittedMs));
    const singleSubmitted = median(singles.map((run) => run.submittedMs));
    const refused = [...fulls, ...singles].reduce((sum, run) => sum + run.refused, 0);
    return [
      {
        measure: `Purge through \`npx cdnops purge -\`: ${URLS.toLocaleString('en-US')} URLs on stdin, Tencent, ${LATENCY_MS} ms per call, spawn to exit (median of ${RUNS})`,
        cdnops: `${ms(wall)} (submitted at ${ms(submitted)}), ${fulls[0]!.requests} requests, ${reads} DescribePurgeTasks calls, ${refused} refused`,
        baseline: `${ms(ideal)} (ideal: 1 URL ${ms(single)}, submitted at ${ms(singleSubmitted)}; + ${ms(extra)} for ${requests} requests of ${PER_REQUEST} and ${reads} task reads at ≤ ${PER_SECOND}/s)`,
        ratio: refused > 0 ? Number.NaN : wall / ideal,
        goal: '≤ 1.10, 0 refused',
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await world.close();
  }
}
