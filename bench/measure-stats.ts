/**
 * `/cdn stats all` over 500 Tencent domains whose DescribeCdnData takes 50 ms: the calls made for each metric and
 * the wall time, against the fewest calls that can cover 500 domains (30 a call, the current and the previous
 * period in one range) and the fastest those calls can go: 4 batches in flight, each asking metric after metric,
 * and never more than Tencent's documented 20 DescribeCdnData in any second. The sandboxes run in a process of
 * their own (world-process.ts), as Tencent's servers are not on the bot's CPU, and answer the timed run from the
 * warm-up's model (fresh-minute.ts), as Tencent answers from statistics worked out beforehand.
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

const DOMAINS = 500;
const LATENCY_MS = 50;
const PER_CALL = 30;
const IN_FLIGHT = 4;
const PER_SECOND = 20;
/** The current and the previous period are one range (src/traffic/fetch-periods.ts). */
const PERIODS = 1;
/** A warm-up run and the timed one, on a busy machine. */
const WARM_UP_AND_RUN_MS = 40_000;

export async function measureStats(): Promise<BenchRow[]> {
  const world = await startWorldProcess({
    tencentDomains: Array.from({ length: DOMAINS }, (_, i) => `d${i}.bench.example.com`),
    wangsuDomains: [],
    latencyMs: LATENCY_MS,
  });
  const bot = await startBotInWorld(world);
  try {
    // The domain list is read (and cached) by any command; stats is what is measured.
    await runCommand(
      { text: 'hosts', userId: BENCH_USER, channelId: BENCH_CHANNEL },
      bot.services,
      async () => {},
    );
    const statsAll = {
      text: 'stats all',
      tokens: ['stats', 'all'],
      userId: BENCH_USER,
      channelId: BENCH_CHANNEL,
    };
    await untilMinuteLeft(WARM_UP_AND_RUN_MS);
    await runCommand(statsAll, bot.services, async () => {});
    await new Promise((resolve) => setTimeout(resolve, PACING_WINDOW_MS));
    const since = (await world.tencentCalls()).length;
    const replies: Reply[] = [];
    const worldCpu = await world.cpuMs();
    const botCpu = processCpuMs();
    const started = performance.now();
    await runCommand(statsAll, bot.services, async (reply) => {
      replies.push(reply);
    });
    const wall = performance.now() - started;
    const cpu = `bot CPU ${ms(processCpuMs() - botCpu)}, sandbox CPU ${ms((await world.cpuMs()) - worldCpu)}`;
    const reply = replies.at(-1)?.text ?? '';
    if (!reply.startsWith('Traffic for all domains')) throw new Error(`stats all answered: ${reply}`);

    const received = await world.tencentCalls(since);
    const refused = received.filter((call) => call.errorCode !== undefined);
    if (refused.length > 0)
      throw new Error(`Tencent refused ${refused.length} calls: ${refused[0]!.errorCode}`);
    const perMetric = new Map<string, number>();
    for (const call of received.filter((candidate) => candidate.action === 'DescribeCdnData')) {
      const metric = call.metric ?? '?';
      perMetric.set(metric, (perMetric.get(metric) ?? 0) + 1);
    }
    const metrics = perMetric.size;
    const calls = [...perMetric.values()].reduce((sum, count) => sum + count, 0);
    const batches = Math.ceil(DOMAINS / PER_CALL);
    const fewest = batches * PERIODS;
    const latencyBound = PERIODS * Math.ceil(batches / IN_FLIGHT) * metrics * LATENCY_MS;
    const paceBound = (Math.ceil(calls / PER_SECOND) - 1) * 1000 + LATENCY_MS;
    const ideal = Math.max(latencyBound, paceBound);
    const counts = [...new Set(perMetric.values())];
    return [
      {
        measure: `Stats all, ${DOMAINS} domains: DescribeCdnData calls per metric`,
        cdnops: `${counts.join(' / ')} for each of ${metrics} metrics (${calls} in all)`,
        baseline: `${fewest} (${batches} batches of ≤ ${PER_CALL} domains, both periods in one range)`,
        ratio: Math.max(...counts) / fewest,
        goal: '= ideal',
      },
      {
        measure: `Stats all, ${DOMAINS} domains: wall time, ${LATENCY_MS} ms per call`,
        cdnops: `${ms(wall)} (${cpu})`,
        baseline: `${ms(ideal)} (ideal: ${calls} calls at ≤ ${PER_SECOND}/s; ${ms(latencyBound)} if unpaced)`,
        ratio: wall / ideal,
        goal: '≤ 1.10',
      },
    ];
  } finally {
    await bot.stop();
    await world.close();
  }
}
