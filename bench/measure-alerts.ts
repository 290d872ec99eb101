/**
 * Alerts: one evaluation of the issue's three watch rules over 500 Tencent domains whose DescribeCdnData and
 * ListTopData take 50 ms (bandwidth, hit rate, traffic change against a week earlier), then one of those three with
 * `5xx > 2%` beside them, each rule batching its domains.
 * Compared with the fewest calls that can answer each rule, 30 domains a call (ceil(500/30) = 17 per metric and range
 * it reads), and with the fastest schedule those calls allow at Tencent's documented 20 DescribeCdnData a second (or,
 * if slower, 4 batches of a rule in flight, each asking metric after metric). The ideal is computed from what the
 * rules read in this run.
 *
 * The 5xx rule reads requests from DescribeCdnData and the judged interval's 5xx from ListTopData's host ranking: its
 * ideal is one ranking per batch, plus one exact count (the ranking from the interval's end, subtracted) for each
 * batch holding a domain whose exact 5xx rate is at or above the clearing level (80% of the threshold) with enough
 * requests to be judged, worked out in this run from exact counts asked after the measured evaluation.
 */
import { performance } from 'node:perf_hooks';
import { runCommand } from '../src/dispatch/run-command.ts';
import { parseChinaTime } from '../src/providers/china-time.ts';
import { type BenchRow, ms } from './bench-row.ts';
import { PACING_WINDOW_MS } from './fresh-minute.ts';
import { startBenchBot } from './start-bench-bot.ts';
import { BENCH_CHANNEL, BENCH_USER } from './start-bench-sandboxes.ts';

const DOMAINS = 500;
const LATENCY_MS = 50;
const PER_CALL = 30;
const IN_FLIGHT = 4;
const PER_SECOND = 20;
/** Each rule with the metric and range pairs (`now` or a `week` earlier) it needs a call per batch for. */
const RULES = [
  { name: 'bandwidth', when: 'bandwidth > 2Gbps', reads: ['bandwidth now', 'request now'] },
  { name: 'hit-rate', when: 'hit-rate < 80%', reads: ['requestHitRate now', 'request now'] },
  { name: 'surge', when: 'traffic change > 50%', reads: ['request now', 'request week'] },
  { name: 'errors', when: '5xx > 2%', reads: ['request now'] },
] as const;
/** The 5xx rule's threshold, the share of it under which a domain is clear (clear-level.ts), and its volume floor. */
const ERRORS_THRESHOLD = 2;
const CLEAR_FACTOR = 0.8;
const MIN_REQUESTS = 100;

export async function measureAlerts(): Promise<BenchRow[]> {
  const bench = await startBenchBot({
    tencentDomains: Array.from({ length: DOMAINS }, (_, i) => ({ domain: `d${i}.bench.example.com` })),
    wangsuDomains: [],
  });
  try {
    // The bench drives the evaluation itself, so the bot's own 30-second ticker must not claim it first.
    await bench.bot.alerts.stop();
    for (const action of ['DescribeCdnData', 'ListTopData']) {
      bench.tencent.faults.push({
        action,
        kind: 'slow',
        delayMs: LATENCY_MS,
        times: Number.MAX_SAFE_INTEGER,
      });
    }
    // The domain list is read (and cached) by any command; the evaluation is what is measured.
    await runCommand(
      { text: 'hosts', userId: BENCH_USER, channelId: BENCH_CHANNEL },
      bench.bot.services,
      async () => {},
    );
    const batches = Math.ceil(DOMAINS / PER_CALL);
    const three = await evaluate(bench, RULES.slice(0, 3), '');
    // The first pass's last calls hold their places in Tencent's window for a second after their answers.
    await new Promise((resolve) => setTimeout(resolve, PACING_WINDOW_MS));
    const four = await evaluate(bench, RULES, '-beside-5xx');
    const rankings = four.made.filter((call) => call.action === 'ListTopData');
    const exactBatches = await batchesNeedingExact(bench, rankings);
    const idealRankings = batches + exactBatches;
    return [
      ...describeCdnDataRows(three, 3),
      {
        measure: `Alerts, \`5xx > 2%\` × ${DOMAINS} healthy domains, one evaluation: ListTopData calls`,
        cdnops: `${rankings.length}`,
        baseline: `${idealRankings} (${batches} batches × 1 ranking + ${exactBatches} exact for batches with a domain at or over ${CLEAR_FACTOR * ERRORS_THRESHOLD}%)`,
        ratio: rankings.length / idealRankings,
        goal: `≤ 1.00, ≤ ${batches} per metric when healthy`,
      },
      ...describeCdnDataRows(four, 4),
    ];
  } finally {
    await bench.close();
  }
}

type Rule = (typeof RULES)[number];
type SandboxCall = Awaited<ReturnType<typeof startBenchBot>>['tencent']['calls'][number];

interface Evaluation {
  rules: readonly Rule[];
  made: SandboxCall[];
  wall: number;
}

/** Adds `rules` (named with `suffix`, so an earlier pass's claims do not apply), evaluates them once, removes them. */
async function evaluate(
  bench: Awaited<ReturnType<typeof startBenchBot>>,
  rules: readonly Rule[],
  suffix: string,
): Promise<Evaluation> {
  const { store } = bench.bot.services;
  for (const rule of rules) {
    const name = `${rule.name}${suffix}`;
    await store.watches.add({
      name,
      channel: BENCH_CHANNEL,
      rule: { name, channel: BENCH_CHANNEL, domains: 'all', when: rule.when, forMs: 300_000 },
      createdBy: BENCH_USER,
      createdAt: Date.now(),
    });
  }
  const before = bench.tencent.calls.length;
  const started = performance.now();
  await bench.bot.alerts.tick(Date.now());
  const wall = performance.now() - started;
  for (const rule of rules) {
    const [run] = await store.watchEvaluations.recent(`${rule.name}${suffix}`, 1);
    if (run?.outcome !== 'posted') throw new Error(`watch ${rule.name}: ${run?.outcome} ${run?.detail}`);
  }
  for (const rule of rules) await store.watches.remove(`${rule.name}${suffix}`);
  return { rules, made: bench.tencent.calls.slice(before), wall };
}

/** DescribeCdnData calls against the fewest, and wall time against the ideal schedule, of one evaluation. */
function describeCdnDataRows({ rules, made, wall }: Evaluation, count: number): BenchRow[] {
  const calls = made.filter((call) => call.action === 'DescribeCdnData');
  const params = (call: SandboxCall) => call.params as { Metric?: string; StartTime?: string };
  // The latest StartTime is the last hour's; an earlier one is the same hour a week before.
  const latestStart = calls
    .map((call) => params(call).StartTime ?? '')
    .sort()
    .at(-1);
  const perRead = new Map<string, number>();
  for (const call of calls) {
    const { Metric, StartTime } = params(call);
    const key = `${Metric} ${StartTime === latestStart ? 'now' : 'week'}`;
    perRead.set(key, (perRead.get(key) ?? 0) + 1);
  }
  const batches = Math.ceil(DOMAINS / PER_CALL);
  const reads: string[] = rules.flatMap((rule) => rule.reads);
  const fewest = reads.length * batches;
  // Each rule reads its own metrics (rules do not share calls): a pair read by two rules is asked twice.
  const worst = Math.max(
    ...[...perRead].map(([key, n]) => n / Math.max(1, reads.filter((read) => read === key).length)),
  );
  const latencyBound = Math.ceil(batches / IN_FLIGHT) * 2 * LATENCY_MS;
  const paceBound = (Math.ceil(calls.length / PER_SECOND) - 1) * 1000 + LATENCY_MS;
  const ideal = Math.max(latencyBound, (Math.ceil(fewest / PER_SECOND) - 1) * 1000 + LATENCY_MS);
  const what = count === 3 ? '3 rules' : `${count} rules (with \`5xx > 2%\`)`;
  return [
    {
      measure: `Alerts, ${what} × ${DOMAINS} domains, one evaluation: DescribeCdnData calls`,
      cdnops: `${calls.length} (at most ${worst} per rule, metric and range: ${[...perRead].map(([key, n]) => `${key} ${n}`).join(', ')})`,
      baseline: `${fewest} (${batches} batches of ≤ ${PER_CALL} domains × ${reads.length} metric-ranges)`,
      ratio: calls.length / fewest,
      goal: `≤ 1.00, ≤ ${batches} per metric`,
    },
    {
      measure: `Alerts, ${what} × ${DOMAINS} domains: evaluation wall time, ${LATENCY_MS} ms per call`,
      cdnops: ms(wall),
      baseline: `${ms(ideal)} (ideal: ${fewest} calls at ≤ ${PER_SECOND}/s; ${ms(latencyBound)} if unpaced; ${ms(paceBound)} for the calls made)`,
      ratio: wall / ideal,
      goal: '≤ 1.10',
    },
  ];
}

/**
 * Batches of the 5xx rule holding a domain whose exact rate in the judged interval could match or keep an alert
 * firing: at or above the clearing level, over enough requests. Asked after the measured evaluation (not counted),
 * exactly (no screening), over the interval the rule's first rankings started at.
 */
async function batchesNeedingExact(
  bench: Awaited<ReturnType<typeof startBenchBot>>,
  rankings: readonly { params: unknown }[],
): Promise<number> {
  const provider = [...bench.bot.services.providers.values()][0]!;
  const asked = rankings.map((call) => call.params as { StartTime: string; Domains: string[] });
  const from = Math.min(...asked.map((params) => parseChinaTime(params.StartTime)!));
  const batches = [...new Map(asked.map((params) => [params.Domains.join(','), params.Domains])).values()];
  let needing = 0;
  for (const domains of batches) {
    const query = { domains, from, to: from + 5 * 60_000, interval: '5min' as const };
    const [counts, requests] = await Promise.all([
      provider.intervalClassCounts!({ ...query, codeClass: '5xx' }),
      provider.traffic!(query, ['request']),
    ]);
    const volume = new Map(requests.map((series) => [series.domain, series.points[0]?.value ?? 0]));
    const needs = counts.some(({ domain, count }) => {
      const total = volume.get(domain) ?? 0;
      return total >= MIN_REQUESTS && (count / total) * 100 >= CLEAR_FACTOR * ERRORS_THRESHOLD;
    });
    if (needs) needing += 1;
  }
  return needing;
}
