import { type BenchRow, ms } from './bench-row.ts';
import { startBotInWorld } from './start-bench-bot.ts';
import { startWorldProcess } from './start-world-process.ts';
import { timeCommandInWorld } from './time-command-in-world.ts';

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
    const { wall, cpu, reply, received } = await timeCommandInWorld(
      world,
      bot,
      ['stats', 'all'],
      WARM_UP_AND_RUN_MS,
    );
    if (!reply.startsWith('Traffic for all domains')) throw new Error(`stats all answered: ${reply}`);

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
