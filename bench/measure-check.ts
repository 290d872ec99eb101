/**
 * `/cdn check` of 20 URLs on 4 edges each, every edge answering 200 ms late, through the command pipeline against the
 * DNS, origin and edge sandboxes (in a process of their own, see check-world-process.ts). Every request of a check goes out at once, so the whole check should take about as
 * long as its slowest request: the baseline is a check of one URL on one edge, measured the same way in the same run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runCommand } from '../src/dispatch/run-command.ts';
import type { Reply } from '../src/messaging/message.ts';
import { type BenchRow, ms } from './bench-row.ts';
import { median } from './percentile.ts';
import { type BenchBot, startBenchBot } from './start-bench-bot.ts';
import { BENCH_CHANNEL, BENCH_USER } from './start-bench-sandboxes.ts';
import { startCheckWorld } from './start-check-world.ts';

const URLS = 20;
const EDGES = 4;
const EDGE_DELAY_MS = 200;
const RUNS = 5;
/** The sandbox certificate covers *.example.com, so the checked domain is one label under it. */
const DOMAIN = 'check.example.com';
const ORIGIN_NAME = 'origin.example.com';

async function checkOnce(bench: BenchBot, words: string[], expected: string): Promise<number> {
  const replies: Reply[] = [];
  const started = performance.now();
  const ok = await runCommand(
    { text: words.join(' '), tokens: words, userId: BENCH_USER, channelId: BENCH_CHANNEL },
    bench.bot.services,
    async (reply) => {
      replies.push(reply);
    },
  );
  const elapsed = performance.now() - started;
  const text = replies.map((reply) => reply.text).join('\n');
  // A check that timed out or found stale edges would measure something else than the fan-out.
  if (!ok || !text.includes(expected)) throw new Error(`check did not come back clean: ${text}`);
  return elapsed;
}

export async function measureCheck(): Promise<BenchRow[]> {
  const paths = Array.from({ length: URLS }, (_, i) => `/assets/${i}.js`);
  const world = await startCheckWorld({ domain: DOMAIN, originName: ORIGIN_NAME, paths });
  const dir = mkdtempSync(join(tmpdir(), 'cdnops-bench-check-'));
  const caFile = join(dir, 'sandbox-ca.pem');
  writeFileSync(caFile, world.caPem);
  let bench: BenchBot | undefined;
  try {
    bench = await startBenchBot(
      {
        tencentDomains: [{ domain: DOMAIN, origins: [`${ORIGIN_NAME}:${world.originPort}`] }],
        wangsuDomains: [],
      },
      // The bench's DNS, origin and edges listen on loopback, which cdnops refuses to check unless allowed.
      {
        check: {
          resolver: world.dnsServer,
          caFile,
          timeout: '5s',
          allowNetworks: ['127.0.0.0/8', '::1/128'],
        },
      },
    );
    const urls = paths.map((path) => `https://${DOMAIN}:${world.httpsPort}${path}`);

    // Fills the edges' caches (and the bot's domain list) before anything is timed.
    const all = `all ${URLS * EDGES} edges fresh`;
    await checkOnce(bench, ['check', ...urls], all);
    await world.slowEdges(EDGE_DELAY_MS);

    const single: number[] = [];
    const whole: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      single.push(await checkOnce(bench, ['check', '--edges', '1', urls[0]!], 'all 1 edge fresh'));
      whole.push(await checkOnce(bench, ['check', ...urls], all));
    }
    const baseline = median(single);
    const wall = median(whole);
    return [
      {
        measure: `Check: ${URLS} URLs × ${EDGES} edges over HTTPS, every edge ${EDGE_DELAY_MS} ms late (median of ${RUNS})`,
        cdnops: `${ms(wall)}, ${URLS * EDGES} edge + ${URLS} origin requests`,
        baseline: `${ms(baseline)} (1 URL × 1 edge, same delay)`,
        ratio: wall / baseline,
        goal: '≤ 1.20',
      },
    ];
  } finally {
    await bench?.close();
    await world.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
