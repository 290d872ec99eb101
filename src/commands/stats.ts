import * as z from 'zod';
import type { Block } from '../messaging/message.ts';
import { AccountFailure, accountFailure } from '../providers/account-failure.ts';
import { type Interval, RATE_VOLUME, type TrafficMetric } from '../providers/traffic-types.ts';
import { context, divider, fitBlocks, header, section, sectionsFromLines } from '../render/blocks.ts';
import { code, escapeMrkdwn, plural } from '../render/format.ts';
import { formatUnits } from '../render/format-units.ts';
import { statsModalView } from '../render/stats-modal-view.ts';
import { statsPeriodButtons } from '../render/stats-period-buttons.ts';
import type { TimeRange } from '../time/time-range.ts';
import { formatWallTime } from '../time/zoned-time.ts';
import { batchProgress, readingDomains } from '../traffic/batch-progress.ts';
import { describeRange } from '../traffic/describe-range.ts';
import { DomainAndDay } from '../traffic/domain-and-day.ts';
import { type DomainRow, domainRows, seriesByRow } from '../traffic/domain-rows.ts';
import { failureNotes } from '../traffic/failure-notes.ts';
import type { BatchedResults, BatchFailure } from '../traffic/fetch-batched.ts';
import { foldTrafficPeriods, type PeriodBatch, type PeriodsPlan } from '../traffic/fetch-periods.ts';
import { percentChange } from '../traffic/percent-change.ts';
import type { TrafficPlan } from '../traffic/plan-traffic-queries.ts';
import { prepareTrafficCommand } from '../traffic/prepare-traffic-command.ts';
import { sparkline } from '../traffic/sparkline.ts';
import { summarizeTraffic } from '../traffic/summarize-traffic.ts';
import { totalsGrid } from '../traffic/totals-grid.ts';
import {
  mergeTallies,
  summaryOfTally,
  type TrafficSummary,
  type TrafficTally,
  tallyTraffic,
} from '../traffic/traffic-tally.ts';
import { type SeriesOf, unreportedMetrics } from '../traffic/unreported-metrics.ts';
import { defineCommand } from './app-services.ts';

/** Every metric `stats` shows, in the order it shows them. */
const ALL_METRICS = ['flux', 'bandwidth', 'request', 'fluxHitRate', 'requestHitRate'] as const;
/** What users may write after --metric (case-insensitive); `hitRate` is both hit rates. */
const METRIC_NAMES: Readonly<Record<string, readonly TrafficMetric[]>> = {
  flux: ['flux'],
  traffic: ['flux'],
  bandwidth: ['bandwidth'],
  request: ['request'],
  requests: ['request'],
  hitrate: ['fluxHitRate', 'requestHitRate'],
  fluxhitrate: ['fluxHitRate'],
  requesthitrate: ['requestHitRate'],
};
const METRIC_LABEL: Readonly<Record<TrafficMetric, string>> = {
  flux: 'Traffic',
  bandwidth: 'Peak bandwidth',
  request: 'Requests',
  fluxHitRate: 'Hit rate (traffic)',
  requestHitRate: 'Hit rate (requests)',
};
const INTERVAL_LABEL: Readonly<Record<Interval, string>> = {
  '1min': '1-minute',
  '5min': '5-minute',
  hour: 'hourly',
  day: 'daily',
};
/** Per-domain lines shown for `all`, busiest first; the rest are counted. */
const DOMAIN_LINES = 40;
const USAGE =
  '<domain|all> [--metric flux,bandwidth,request,hitRate] [--last 24h|7d|30d] [--from D --to D] [today|yesterday]';

/** Totals of one period: bytes, requests, peak bits per second with its time (epoch ms), hit rates in percent. */
const StatsTotals = z.object({
  flux: z.number().optional(),
  request: z.number().optional(),
  peakBandwidth: z.object({ value: z.number(), time: z.number() }).optional(),
  fluxHitRate: z.number().nullable().optional(),
  requestHitRate: z.number().nullable().optional(),
});

/**
 * `cdnops stats --json` prints this (README "Command line"): the period shown (epoch ms, `to` exclusive), its
 * totals and the previous period's (`null` when not comparable), per domain for `all`, and batches that failed.
 */
export const StatsData = z.object({
  target: z.string(),
  from: z.number(),
  to: z.number(),
  timezone: z.string(),
  metrics: z.array(z.string()),
  totals: StatsTotals,
  previous: StatsTotals.nullable(),
  domains: z.array(z.object({ domain: z.string(), totals: StatsTotals, previous: StatsTotals.nullable() })),
  failures: z.array(AccountFailure.extend({ domains: z.array(z.string()) })),
});

export const stats = defineCommand({
  name: 'stats',
  summary:
    'Traffic, peak bandwidth, requests and hit rates of a domain or of all, against the previous period',
  usage: USAGE,
  examples: [
    'stats www.example.com',
    'stats all --last 7d',
    'stats www.example.com yesterday --metric flux,bandwidth',
    'stats all --from 2026-11-01 --to 2026-11-15',
  ],
  role: 'viewer',
  flags: { metric: 'string[]', last: 'string', from: 'string', to: 'string' },
  // `stats` alone opens a modal in Slack and only explains itself here: it has nothing to print as JSON.
  json: { data: StatsData, reads: (args) => args.positionals.length > 0 },
  args: z.object({
    positionals: DomainAndDay,
    metric: z
      .array(z.string())
      .optional()
      .transform((names, issues) => {
        if (!names) return [...ALL_METRICS];
        const unknown = names.filter((name) => !METRIC_NAMES[name.toLowerCase()]);
        if (unknown.length > 0) {
          issues.addIssue({
            code: 'custom',
            message: `--metric takes flux, bandwidth, request and hitRate (fluxHitRate, requestHitRate); not ${unknown.join(', ')}. Status codes are \`/cdn codes\`.`,
          });
          return z.NEVER;
        }
        const wanted = new Set(names.flatMap((name) => METRIC_NAMES[name.toLowerCase()]!));
        return ALL_METRICS.filter((metric) => wanted.has(metric));
      }),
    last: z.string().optional(),
    from: z.string().optional(),
    to: z.string().optional(),
  }),
  async handler(args, ctx) {
    const [target, day] = args.positionals;
    if (!target && ctx.openModal) {
      await ctx.openModal(statsModalView(ctx.caller.channelId));
      return undefined;
    }
    if (!target) {
      return {
        visibility: 'ephemeral',
        text: `Usage: /cdn stats ${USAGE}`,
        blocks: [
          section(
            `:information_source: Name a domain, or \`all\` for every domain here.\nUsage: \`/cdn stats ${USAGE}\`\nFor example \`/cdn stats www.example.com --last 7d\` or \`/cdn stats all yesterday\`.`,
          ),
        ],
      };
    }
    const { now, range, targets, unsupported, plans } = await prepareTrafficCommand(ctx, {
      target,
      day,
      flags: args,
      operations: ['trafficLimits', 'traffic'],
      what: 'Traffic statistics',
      previous: true,
    });
    const metrics = args.metric;
    // A hit rate over several intervals or domains is weighted by its volume: asked with it, shown only if asked for.
    const fetched = withWeights(metrics);

    const totalsStarts = totalsGrid(plans, range, ctx.timezone);
    const previousStarts =
      plans.length > 0 && plans.every((plan) => plan.previous)
        ? totalsGrid(plans, plans[0]!.previous!, ctx.timezone)
        : undefined;
    // Both periods in one call per batch wherever the provider answers their union at the same interval. Each batch
    // is added up as it comes: 500 domains' points are never all held, and the last answer leaves one batch to do.
    const [current = NOTHING, previous = NOTHING] = await foldTrafficPeriods(
      periodsOf(plans),
      fetched,
      (batch) => addUpBatch(batch, fetched, batch.period === 0 ? totalsStarts : previousStarts),
      { progress: batchProgress(ctx, readingDomains(plans)) },
    );

    const answered = answeredDomains(plans, current.failures);
    const compared = answeredDomains(
      plans.filter((plan) => plan.previous),
      previous.failures,
    );
    const totals = shownOnly(
      summaryOfTally(
        mergeTallies(
          current.results.map((batch) => batch.tally),
          fetched,
          totalsStarts,
        ),
      ),
      metrics,
    );
    // Totals are compared only when every domain in them has a previous period too, and over those same domains:
    // a partial or wider previous total would mislead.
    const totalsBefore =
      previousStarts && [...answered].every((domain) => compared.has(domain))
        ? shownOnly(
            summaryOfTally(
              mergeTallies(
                previous.results
                  .filter((batch) => batch.domains.every((domain) => answered.has(domain)))
                  .map((batch) => batch.tally),
                fetched,
                previousStarts,
              ),
            ),
            metrics,
          )
        : undefined;

    const byDomain = domainSummaries(current.results, previous.results, compared, fetched).map((row) => ({
      ...row,
      now: shownOnly(row.now, metrics),
      before: row.before && shownOnly(row.before, metrics),
    }));
    const shown = plans[0]?.current ?? range;
    const blocks: Block[] = [
      header(
        targets.all ? 'Traffic: all domains' : `Traffic: ${targets.shown ?? targets.groups[0]!.domains[0]}`,
      ),
      context(
        [
          describeRange(range, shown, ctx.timezone),
          describeIntervals(plans),
          targets.all
            ? `${plural(answered.size, 'domain')} in ${plural(plans.length, 'account')}`
            : `account ${code(targets.groups[0]!.accountId)}`,
          totalsBefore ? 'changes against the previous period of the same length' : '',
        ]
          .filter(Boolean)
          .join(' · '),
      ),
      statsPeriodButtons({ target, range, metrics, now }),
    ];
    if (plans.length === 0 || answered.size === 0) {
      blocks.push(section(plans.length === 0 ? '_No domains to report on._' : '_No statistics came back._'));
    } else {
      blocks.push(...sectionsFromLines(renderTotals(totals, totalsBefore, metrics, ctx.timezone)));
      if (!totalsBefore && plans.length > 0) {
        blocks.push(context('No comparison: the previous period is not available for every domain.'));
      }
      for (const { accountId, metrics: missing } of unreportedMetrics(
        plans,
        answered,
        current.results.flatMap((batch) => batch.reported),
        metrics,
      )) {
        blocks.push(
          context(
            `:information_source: ${code(accountId)} does not report ${missing.map((metric) => METRIC_LABEL[metric]).join(' or ')}; ${targets.all ? 'those figures leave its domains out' : 'there is nothing to show for them'}.`,
          ),
        );
      }
    }
    if (targets.all && answered.size > 0) {
      const lines = domainLines(byDomain, metrics);
      blocks.push(divider(), section(`*By domain*, ${sortLabel(fetched)}`));
      blocks.push(...sectionsFromLines(lines.slice(0, DOMAIN_LINES)));
      if (lines.length > DOMAIN_LINES) {
        blocks.push(
          context(
            `${plural(lines.length - DOMAIN_LINES, 'more domain')} with less traffic not listed; ask for one with \`/cdn stats <domain>\`.`,
          ),
        );
      }
    }
    blocks.push(
      ...failureNotes({
        unreadable: targets.unreadable,
        unsupported,
        failures: current.failures,
        missing: 'No statistics',
      }),
      // A domain without statistics needs no note that it also lacks a comparison.
      ...failureNotes({
        failures: previous.failures
          .map((failure) => ({
            ...failure,
            domains: failure.domains.filter((domain) => answered.has(domain)),
          }))
          .filter((failure) => failure.domains.length > 0),
        missing: 'No comparison with the previous period',
      }),
    );
    return {
      visibility: 'ephemeral',
      text: summaryText(
        targets.all ? 'all domains' : (targets.shown ?? targets.groups[0]!.domains[0]!),
        range,
        totals,
      ),
      blocks: fitBlocks(blocks, (hidden) => `${hidden} more blocks not shown; ask for one domain at a time.`),
      data: {
        target: targets.all ? 'all' : targets.groups[0]!.domains[0]!,
        from: shown.from,
        to: shown.to,
        timezone: ctx.timezone,
        metrics: [...metrics],
        totals: totalsData(totals),
        previous: totalsBefore ? totalsData(totalsBefore) : null,
        domains: (plans.length > 0 && answered.size > 0 ? byDomain : []).map((row) => ({
          domain: row.domain,
          totals: totalsData(row.now),
          previous: row.before ? totalsData(row.before) : null,
        })),
        failures: current.failures.map((failure) => ({
          ...accountFailure(failure.accountId, failure),
          domains: failure.domains,
        })),
      } satisfies z.input<typeof StatsData>,
    };
  },
});

/** `metrics` and the volumes their hit rates are weighted by. */
function withWeights(metrics: readonly TrafficMetric[]): TrafficMetric[] {
  const weights = Object.entries(RATE_VOLUME)
    .filter(([rate]) => metrics.includes(rate as TrafficMetric))
    .map(([, volume]) => volume);
  return [...new Set([...metrics, ...weights])];
}

/** A summary without the volumes fetched only to weigh hit rates. */
function shownOnly(summary: TrafficSummary, metrics: readonly TrafficMetric[]): TrafficSummary {
  const shown = { ...summary };
  for (const volume of Object.values(RATE_VOLUME)) if (!metrics.includes(volume)) delete shown[volume];
  return shown;
}

/** What a period of no account answers. */
const NOTHING: BatchedResults<AddedUpBatch> = { results: [], failures: [] };

/** One batch of one period, added up as it came: what the reply needs of it, without its points. */
interface AddedUpBatch {
  accountId: string;
  domains: readonly string[];
  /** Its series added up on the period's grid, for the totals. */
  tally: TrafficTally;
  /** Its by-domain lines' figures: a row per domain, or per domains the provider only reported together. */
  rows: { row: DomainRow; summary: TrafficSummary }[];
  /** Which metrics its series were of (a provider may not report some). */
  reported: SeriesOf[];
}

function addUpBatch(
  batch: PeriodBatch,
  metrics: readonly TrafficMetric[],
  starts: readonly number[] | undefined,
): AddedUpBatch {
  const byRow = seriesByRow(batch.series);
  // A by-domain line shows figures, never a sparkline: no grids.
  const rows = domainRows(batch.accountId, batch.domains, batch.series).map((row) => ({
    row,
    summary: summarizeTraffic(byRow.get(row.key) ?? [], metrics),
  }));
  return {
    accountId: batch.accountId,
    domains: batch.domains,
    tally: tallyTraffic(batch.series, metrics, starts),
    rows,
    reported: batch.series.map(({ domain, domains, metric }) => ({ domain, domains, metric })),
  };
}

/** Each account's current period and, where it has one, the previous period, at the account's interval. */
function periodsOf(plans: readonly TrafficPlan[]): PeriodsPlan[] {
  return plans.map((plan) => ({
    ...plan,
    periods: [
      { interval: plan.interval, pieces: [plan.current] },
      plan.previous ? { interval: plan.interval, pieces: [plan.previous] } : undefined,
    ],
  }));
}

/** Domains whose batch was answered (whether or not they had traffic). */
function answeredDomains(plans: readonly TrafficPlan[], failures: readonly BatchFailure[]): Set<string> {
  const failed = new Set(failures.flatMap((failure) => failure.domains));
  return new Set(plans.flatMap((plan) => plan.domains).filter((domain) => !failed.has(domain)));
}

function describeIntervals(plans: readonly TrafficPlan[]): string {
  const intervals = [...new Set(plans.map((plan) => plan.interval))];
  if (intervals.length === 0) return '';
  if (intervals.length === 1) return `${INTERVAL_LABEL[intervals[0]!]} data`;
  return plans.map((plan) => `${code(plan.accountId)} ${INTERVAL_LABEL[plan.interval]}`).join(', ');
}

/** One line per metric with its total and change, and its sparkline under it. */
function renderTotals(
  now: TrafficSummary,
  before: TrafficSummary | undefined,
  metrics: readonly TrafficMetric[],
  timeZone: string,
): string[] {
  return metrics.flatMap((metric) => {
    const change = before ? changeOf(metric, now, before) : '';
    const line = `*${METRIC_LABEL[metric]}* ${metricValue(metric, now, timeZone)}${change ? ` · ${change} vs previous` : ''}`;
    const spark = sparkline(now.grid[metric] ?? []);
    return spark.trim() ? [line, spark] : [line];
  });
}

function metricValue(metric: TrafficMetric, summary: TrafficSummary, timeZone: string): string {
  switch (metric) {
    case 'flux':
      return formatUnits(summary.flux ?? Number.NaN, 'bytes');
    case 'request':
      return formatUnits(summary.request ?? Number.NaN, 'count');
    case 'bandwidth': {
      const peak = summary.peakBandwidth;
      return peak
        ? `${formatUnits(peak.value, 'bitsPerSecond')} at ${formatWallTime(peak.time, timeZone)}`
        : '—';
    }
    case 'fluxHitRate':
    case 'requestHitRate':
      return formatUnits(summary[metric] ?? Number.NaN, 'percent');
  }
}

/** Volumes change in percent; hit rates, already percentages, in percentage points. */
function changeOf(metric: TrafficMetric, now: TrafficSummary, before: TrafficSummary): string {
  switch (metric) {
    case 'flux':
    case 'request':
      return percentChange(now[metric] ?? Number.NaN, before[metric] ?? Number.NaN);
    case 'bandwidth':
      return percentChange(now.peakBandwidth?.value ?? Number.NaN, before.peakBandwidth?.value ?? Number.NaN);
    case 'fluxHitRate':
    case 'requestHitRate': {
      const points = (now[metric] ?? Number.NaN) - (before[metric] ?? Number.NaN);
      if (!Number.isFinite(points)) return '';
      const rounded = Math.round(points * 10) / 10;
      return `${rounded > 0 ? '+' : rounded < 0 ? '−' : '±'}${Math.abs(rounded).toFixed(1)} pp`;
    }
  }
}

function sortLabel(metrics: readonly TrafficMetric[]): string {
  const key = sortKey(metrics);
  return key === 'flux'
    ? 'most traffic first'
    : key === 'request'
      ? 'most requests first'
      : key === 'bandwidth'
        ? 'highest peak first'
        : 'by name';
}

function sortKey(metrics: readonly TrafficMetric[]): TrafficMetric | undefined {
  return (['flux', 'request', 'bandwidth'] as const).find((metric) => metrics.includes(metric));
}

function sortValue(metric: TrafficMetric | undefined, summary: TrafficSummary): number {
  if (metric === 'flux') return summary.flux ?? 0;
  if (metric === 'request') return summary.request ?? 0;
  if (metric === 'bandwidth') return summary.peakBandwidth?.value ?? 0;
  return 0;
}

/**
 * One line per domain, busiest first: each metric's figure and, where there is one, its change. Domains a provider
 * reported only added up (Wangsu) share one line that names them, counted once and never split.
 */
interface DomainFigures {
  domain: string;
  now: TrafficSummary;
  before: TrafficSummary | undefined;
}

/**
 * One row per answered domain (or per combined row), busiest first by the sort metric, with the previous period's
 * figures where every domain of the row has them.
 */
function domainSummaries(
  current: readonly AddedUpBatch[],
  previous: readonly AddedUpBatch[],
  compared: ReadonlySet<string>,
  metrics: readonly TrafficMetric[],
): DomainFigures[] {
  const key = sortKey(metrics);
  const rowKey = (accountId: string, row: { key: string }) => `${accountId}\u0000${row.key}`;
  const before = new Map(
    previous.flatMap((batch) =>
      batch.rows.map(({ row, summary }) => [rowKey(batch.accountId, row), summary]),
    ),
  );
  const rows = current.flatMap((batch) =>
    batch.rows.map(({ row, summary }) => ({
      domain: row.label,
      now: summary,
      before: row.domains.every((domain) => compared.has(domain))
        ? (before.get(rowKey(batch.accountId, row)) ?? summarizeTraffic([], metrics))
        : undefined,
    })),
  );
  rows.sort((a, b) => sortValue(key, b.now) - sortValue(key, a.now) || a.domain.localeCompare(b.domain));
  return rows;
}

function domainLines(rows: readonly DomainFigures[], metrics: readonly TrafficMetric[]): string[] {
  return rows.map((row) => {
    const parts = metrics.map((metric) => {
      const value =
        metric === 'bandwidth'
          ? `peak ${formatUnits(row.now.peakBandwidth?.value ?? Number.NaN, 'bitsPerSecond')}`
          : metric === 'request'
            ? `${formatUnits(row.now.request ?? Number.NaN, 'count')} req`
            : metric === 'flux'
              ? formatUnits(row.now.flux ?? Number.NaN, 'bytes')
              : `${metric === 'fluxHitRate' ? 'hit' : 'req hit'} ${formatUnits(row.now[metric] ?? Number.NaN, 'percent')}`;
      const change =
        row.before && (metric === 'flux' || metric === 'request')
          ? changeOf(metric, row.now, row.before)
          : '';
      return change ? `${value} (${change})` : value;
    });
    return `*${escapeMrkdwn(row.domain)}* · ${parts.join(' · ')}`;
  });
}

/** Figures as JSON can carry them: a hit rate with no traffic behind it is `null`, not NaN. */
function totalsData(summary: TrafficSummary): z.input<typeof StatsTotals> {
  const finite = (value: number | undefined) =>
    value === undefined ? undefined : Number.isFinite(value) ? value : null;
  const data: z.input<typeof StatsTotals> = {};
  if (summary.flux !== undefined) data.flux = summary.flux;
  if (summary.request !== undefined) data.request = summary.request;
  if (summary.peakBandwidth) data.peakBandwidth = summary.peakBandwidth;
  const fluxHitRate = finite(summary.fluxHitRate);
  if (fluxHitRate !== undefined) data.fluxHitRate = fluxHitRate;
  const requestHitRate = finite(summary.requestHitRate);
  if (requestHitRate !== undefined) data.requestHitRate = requestHitRate;
  return data;
}

function summaryText(what: string, range: TimeRange, totals: TrafficSummary): string {
  const parts = [
    totals.flux !== undefined ? formatUnits(totals.flux, 'bytes') : '',
    totals.peakBandwidth ? `peak ${formatUnits(totals.peakBandwidth.value, 'bitsPerSecond')}` : '',
    totals.request !== undefined ? `${formatUnits(totals.request, 'count')} requests` : '',
  ].filter(Boolean);
  return `Traffic for ${what}, ${range.label}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`;
}
