/**
 * Purge fan-out: 10,000 URLs of one domain through the `/cdn purge` pipeline (runCommand, as the command line
 * runs it: a Slack message cannot carry 10,000 URLs) against a sandbox whose purge endpoint takes 50 ms. The ideal
 * is ceil(ceil(10000 / batch) / in flight) rounds of that latency: every request full, as many in flight as cdnops
 * lets run at once (20 per account; 4 on a Wangsu account, its client's limit).
 */
import { performance } from 'node:perf_hooks';
import { runCommand } from '../src/dispatch/run-command.ts';
import type { Reply } from '../src/messaging/message.ts';
import { type BenchRow, ms } from './bench-row.ts';
import { median } from './percentile.ts';
import { type BenchBot, startBenchBot } from './start-bench-bot.ts';
import { BENCH_CHANNEL, BENCH_USER } from './start-bench-sandboxes.ts';

const URLS = 10_000;
const LATENCY_MS = 50;
const RUNS = 3;
/** The Tencent client's pacing window. */
const PACING_WINDOW_MS = 1_100;

interface Target {
  label: string;
  domain: string;
  /** URLs per purge request: Tencent's DescribePurgeQuota batch, Wangsu's /ccm limit. */
  batch: number;
  /**
   * Requests in flight: executePlan sends 20 per account; the Wangsu client lets 4 run at once, as Wangsu throttles
   * above about 10 concurrent requests (wangsu-cdn.md, rate limits).
   */
  inFlight: number;
  requests(bench: BenchBot): number;
  slowDown(bench: BenchBot): void;
}

const TARGETS: readonly Target[] = [
  {
    label: 'Tencent',
    domain: 'www.bench.example.com',
    batch: 1000,
    inFlight: 20,
    requests: (bench) => bench.tencent.calls.filter((call) => call.action === 'PurgeUrlsCache').length,
    slowDown: (bench) =>
      bench.tencent.faults.push({
        action: 'PurgeUrlsCache',
        kind: 'slow',
        delayMs: LATENCY_MS,
        times: Number.MAX_SAFE_INTEGER,
      }),
  },
  {
    label: 'Wangsu',
    domain: 'cdn.bench.example.cn',
    batch: 500,
    inFlight: 4,
    requests: (bench) =>
      bench.wangsu.calls.filter((call) => call.path === '/ccm/purge/ItemIdReceiver').length,
    slowDown: (bench) =>
      bench.wangsu.faults.push({
        path: '/ccm/purge/ItemIdReceiver',
        kind: 'slow',
        delayMs: LATENCY_MS,
        times: Number.MAX_SAFE_INTEGER,
      }),
  },
];

async function purgeOnce(bench: BenchBot, domain: string): Promise<number> {
  const urls = Array.from({ length: URLS }, (_, i) => `https://${domain}/assets/${i}.js`);
  const replies: Reply[] = [];
  const posted = bench.slack.messages.length;
  const started = performance.now();
  const ok = await runCommand(
    {
      text: `purge (${URLS} URLs)`,
      tokens: ['purge', ...urls],
      userId: BENCH_USER,
      channelId: BENCH_CHANNEL,
    },
    bench.bot.services,
    async (reply) => {
      replies.push(reply);
    },
  );
  const elapsed = performance.now() - started;
  const message = bench.slack.messages[posted];
  if (!ok || !message?.text.includes('submitted')) {
    throw new Error(`purge of ${domain} did not go out: ${replies.map((reply) => reply.text).join(' / ')}`);
  }
  return elapsed;
}

export async function measurePurge(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const target of TARGETS) {
    const bench = await startBenchBot({
      tencentDomains: [{ domain: 'www.bench.example.com' }],
      wangsuDomains: ['cdn.bench.example.cn'],
      // A warm-up and three runs of 10,000 each: more than one day's default quota.
      tencentQuotas: { urlPurge: { batch: 1000, total: 100_000 } },
    });
    try {
      // Only the submission is measured; following the tasks afterwards is polling, not fan-out.
      await bench.bot.services.follower.stop();
      target.slowDown(bench);
      await purgeOnce(bench, target.domain);
      const before = target.requests(bench);
      const times: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        // Tencent's client paces each action to 15 a second; a run right after another would wait for the last
        // one's window, which a person sending one purge never does.
        await new Promise((resolve) => setTimeout(resolve, PACING_WINDOW_MS));
        times.push(await purgeOnce(bench, target.domain));
      }
      const requests = (target.requests(bench) - before) / RUNS;
      const ideal = Math.ceil(Math.ceil(URLS / target.batch) / target.inFlight) * LATENCY_MS;
      const wall = median(times);
      rows.push({
        measure: `Purge fan-out, ${target.label}: ${URLS.toLocaleString('en-US')} URLs, ${LATENCY_MS} ms per request`,
        cdnops: `${ms(wall)}, ${requests} requests`,
        baseline: `${ms(ideal)}, ${Math.ceil(URLS / target.batch)} requests (ideal: batches of ${target.batch}, ${target.inFlight} in flight)`,
        ratio: wall / ideal,
      });
    } finally {
      await bench.close();
    }
  }
  return rows;
}
