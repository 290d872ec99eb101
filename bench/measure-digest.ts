import { type BenchRow, ms } from './bench-row.ts';
import { startBotInWorld } from './start-bench-bot.ts';
import { BENCH_CHANNEL } from './start-bench-sandboxes.ts';
import { startWorldProcess } from './start-world-process.ts';
import { timeCommandInWorld } from './time-command-in-world.ts';

const DOMAINS = 120;
const LATENCY_MS = 50;
const PER_SECOND = 20;
/** What a digest shows by default: traffic, peak bandwidth and requests, each a DescribeCdnData metric. */
const METRICS = 3;
const CALLS_PER_BATCH_AND_METRIC = 2;
const DESCRIBE_CDN_DATA_DOMAINS = 30;
const LIST_TOP_DATA_DOMAINS = 30;
const STATUS_CLASSES = 4;
const DOMAINS_CONFIG_PAGE = 100;
/** A warm-up run and the timed one, on a busy machine. */
const WARM_UP_AND_RUN_MS = 20_000;

/** The fewest calls of each action a 120-domain digest needs. */
function idealCalls(): Record<string, number> {
  const dataBatches = Math.ceil(DOMAINS / DESCRIBE_CDN_DATA_DOMAINS);
  const topBatches = Math.ceil(DOMAINS / LIST_TOP_DATA_DOMAINS);
  return {
    DescribeCdnData: dataBatches * METRICS * CALLS_PER_BATCH_AND_METRIC,
    ListTopData: topBatches * (STATUS_CLASSES + 1),
    DescribeDomainsConfig: Math.ceil(DOMAINS / DOMAINS_CONFIG_PAGE),
  };
}

/** Each action's calls in windows of 20 a second, the actions side by side: the slowest action's schedule. */
function idealSchedule(calls: Record<string, number>): number {
  const longest = Math.max(...Object.values(calls).map((count) => Math.ceil(count / PER_SECOND) - 1));
  return longest * 1000 + LATENCY_MS;
}

export async function measureDigest(): Promise<BenchRow[]> {
  const world = await startWorldProcess({
    tencentDomains: Array.from({ length: DOMAINS }, (_, i) => `d${i}.bench.example.com`),
    wangsuDomains: [],
    latencyMs: LATENCY_MS,
  });
  const bot = await startBotInWorld(world, {
    digests: [{ name: 'fleet', channel: BENCH_CHANNEL, schedule: '0 9 * * *', domains: 'all' }],
  });
  try {
    const { wall, cpu, reply, received } = await timeCommandInWorld(
      world,
      bot,
      ['digest', 'run', 'fleet'],
      WARM_UP_AND_RUN_MS,
    );
    if (!reply.startsWith('Posted digest fleet')) throw new Error(`digest run answered: ${reply}`);

    const refused = received.filter((call) => call.errorCode !== undefined);
    const byAction = new Map<string, number>();
    for (const call of received) byAction.set(call.action, (byAction.get(call.action) ?? 0) + 1);
    const ideal = idealCalls();
    const actions = [...new Set([...Object.keys(ideal), ...byAction.keys()])];
    const made = (action: string) => byAction.get(action) ?? 0;
    const list = (count: (action: string) => number) =>
      actions.map((action) => `${action} ${count(action)}`).join(', ');
    const schedule = idealSchedule(ideal);
    return [
      {
        measure: `Digest, ${DOMAINS} Tencent domains (daily, 3 metrics, codes, top URLs): calls by action`,
        cdnops: `${list(made)} (${received.length} in all, ${refused.length} refused)`,
        baseline: `${list((action) => ideal[action] ?? 0)} (ideal)`,
        // The worst action: every action must be within its ideal.
        ratio: Math.max(...actions.map((action) => made(action) / (ideal[action] ?? 0))),
        goal: '≤ 1.00',
      },
      {
        measure: `Digest, ${DOMAINS} Tencent domains: wall time, ${LATENCY_MS} ms per call`,
        cdnops: `${ms(wall)} (${cpu})`,
        baseline: `${ms(schedule)} (ideal: each action at ≤ ${PER_SECOND}/s, side by side)`,
        ratio: wall / schedule,
        goal: '≤ 1.20',
      },
    ];
  } finally {
    await bot.stop();
    await world.close();
  }
}
