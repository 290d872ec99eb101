/**
 * `/cdn digest run` of a daily digest over 120 Tencent domains whose every call takes 50 ms: the calls by action
 * against the fewest the API allows, and the wall time against the fastest schedule those calls allow at Tencent's
 * documented 20 calls a second per action. The sandboxes run in a process of their own (world-process.ts) and
 * answer the timed run from the warm-up's model (fresh-minute.ts), as Tencent answers from statistics worked out
 * beforehand.
 *
 * The fewest calls, from the API's batch sizes (tencent-cdn.md §4, §5.16): each metric once per batch of 30 domains
 * for the day with the day before (one range), and once for the same day a week before (a range of its own:
 * spanning the week between would fetch 8 days' points to use 3); ListTopData once per batch for each status class
 * and once for the top URLs (`Detail` ranks each domain apart); DescribeDomainsConfig once per 100 domains for the
 * certificates.
 */
import { performance } from 'node:perf_hooks';
import { runCommand } from '../src/dispatch/run-command.ts';
import type { Reply } from '../src/messaging/message.ts';
import { type BenchRow, ms } from './bench-row.ts';
import { processCpuMs } from './cpu-time.ts';
import { PACING_WINDOW_MS, untilMinuteLeft } from './fresh-minute.ts';
import { startBotInWorld } from './start-bench-bot.ts';
import { BENCH_CHANNEL, BENCH_USER } from './start-bench-sandboxes.ts';
import { startWorldProcess } from './start-world-process.ts';

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
    // The domain list is read (and cached) by any command; the digest is what is measured.
    await runCommand(
      { text: 'hosts', userId: BENCH_USER, channelId: BENCH_CHANNEL },
      bot.services,
      async () => {},
    );
    const digestRun = {
      text: 'digest run fleet',
      tokens: ['digest', 'run', 'fleet'],
      userId: BENCH_USER,
      channelId: BENCH_CHANNEL,
    };
    await untilMinuteLeft(WARM_UP_AND_RUN_MS);
    await runCommand(digestRun, bot.services, async () => {});
    await new Promise((resolve) => setTimeout(resolve, PACING_WINDOW_MS));
    const since = (await world.tencentCalls()).length;
    const replies: Reply[] = [];
    const worldCpu = await world.cpuMs();
    const botCpu = processCpuMs();
    const started = performance.now();
    await runCommand(digestRun, bot.services, async (reply) => {
      replies.push(reply);
    });
    const wall = performance.now() - started;
    const cpu = `bot CPU ${ms(processCpuMs() - botCpu)}, sandbox CPU ${ms((await world.cpuMs()) - worldCpu)}`;
    const reply = replies.at(-1)?.text ?? '';
    if (!reply.startsWith('Posted digest fleet')) throw new Error(`digest run answered: ${reply}`);

    const received = await world.tencentCalls(since);
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
