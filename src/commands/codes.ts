import * as z from 'zod';
import type { Block } from '../messaging/message.ts';
import { isObject } from '../providers/account-failure.ts';
import type { DomainStatusCodes, SeriesPoint } from '../providers/traffic-types.ts';
import { context, divider, fitBlocks, header, section, sectionsFromLines } from '../render/blocks.ts';
import { code, escapeMrkdwn, plural } from '../render/format.ts';
import { formatUnits } from '../render/format-units.ts';
import { batchProgress, readingDomains } from '../traffic/batch-progress.ts';
import { bucketSeries } from '../traffic/bucket-series.ts';
import { describeRange } from '../traffic/describe-range.ts';
import { DomainAndDay } from '../traffic/domain-and-day.ts';
import { failureNotes } from '../traffic/failure-notes.ts';
import { type BatchFailure, fetchBatched } from '../traffic/fetch-batched.ts';
import { prepareTrafficCommand } from '../traffic/prepare-traffic-command.ts';
import { sparkline } from '../traffic/sparkline.ts';
import { totalsGrid } from '../traffic/totals-grid.ts';
import { defineCommand } from './app-services.ts';

/**
 * `cdnops codes --json` prints this (README "Command line"): the range asked (epoch ms), responses per class and per
 * code over every domain answered, and per domain what its provider counted; accounts that failed, with their error.
 */
export const CodesData = z.object({
  from: z.number(),
  to: z.number(),
  responses: z.number(),
  classes: z.record(z.string(), z.number()),
  codes: z.array(z.object({ code: z.string(), total: z.number() })),
  domains: z.array(
    z.object({ domain: z.string(), codes: z.array(z.object({ code: z.string(), total: z.number() })) }),
  ),
  failures: z.array(z.custom<BatchFailure>(isObject)),
});

const CLASSES = ['2xx', '3xx', '4xx', '5xx'] as const;
type CodeClass = (typeof CLASSES)[number];
const CLASS_EMOJI: Readonly<Record<CodeClass, string>> = {
  '2xx': ':large_green_circle:',
  '3xx': ':large_blue_circle:',
  '4xx': ':large_orange_circle:',
  '5xx': ':red_circle:',
};
/** Specific codes listed, most frequent first. */
const TOP_CODES = 10;
/** Per-domain lines for `all`, most server errors first. */
const DOMAIN_LINES = 40;

/** One domain's (or every domain's) responses by class and by specific code. */
interface CodeTally {
  classes: Record<CodeClass, { total: number; points: SeriesPoint[] }>;
  /** Specific codes (`404`), with their totals. */
  codes: Map<string, number>;
}

export const codes = defineCommand({
  name: 'codes',
  summary:
    'HTTP status codes of a domain or of all: 2xx–5xx totals and rates, the most frequent codes, a trend',
  usage: '<domain|all> [--last 24h|7d|30d] [--from D --to D] [today|yesterday]',
  examples: ['codes www.example.com', 'codes all --last 7d', 'codes www.example.com yesterday'],
  role: 'viewer',
  json: { data: CodesData },
  flags: { last: 'string', from: 'string', to: 'string' },
  args: z.object({
    positionals: DomainAndDay.check(
      z.minLength(1, 'Name a domain, or `all` for every domain here, e.g. `/cdn codes www.example.com`.'),
    ),
    last: z.string().optional(),
    from: z.string().optional(),
    to: z.string().optional(),
  }),
  async handler(args, ctx) {
    const [target, day] = args.positionals as [string, string | undefined];
    const { range, targets, unsupported, plans } = await prepareTrafficCommand(ctx, {
      target,
      day,
      flags: args,
      operations: ['trafficLimits', 'statusCodes'],
      report: 'statusCodes',
      what: 'Status-code statistics',
      previous: false,
    });
    const byAccount = new Map(plans.map((plan) => [plan.accountId, plan]));

    const { results, failures } = await fetchBatched(
      plans,
      (provider, domains) => {
        const plan = byAccount.get(provider.accountId)!;
        const { from, to } = plan.current;
        return provider.statusCodes!({ domains, from, to, interval: plan.interval });
      },
      { progress: batchProgress(ctx, readingDomains(plans)) },
    );

    const failed = new Set(failures.flatMap((failure) => failure.domains));
    const answered = plans.flatMap((plan) => plan.domains).filter((domain) => !failed.has(domain));
    const totals = tally(results);
    const responses = CLASSES.reduce((sum, name) => sum + totals.classes[name].total, 0);
    const starts = totalsGrid(plans, range, ctx.timezone);
    const what = targets.all ? 'all domains' : (targets.shown ?? targets.groups[0]!.domains[0]!);
    const shown = plans[0]?.current ?? range;

    const blocks: Block[] = [
      header(`Status codes: ${what}`),
      context(
        [
          describeRange(range, shown, ctx.timezone),
          targets.all
            ? `${plural(answered.length, 'domain')} in ${plural(plans.length, 'account')}`
            : `account ${code(targets.groups[0]!.accountId)}`,
          `${formatUnits(responses, 'count')} responses`,
        ].join(' · '),
      ),
    ];
    if (responses === 0) {
      blocks.push(
        section(
          plans.length === 0 ? '_No domains to report on._' : '_No responses were counted in this range._',
        ),
      );
    } else {
      const classLines = CLASSES.flatMap((name) => {
        const { total, points } = totals.classes[name];
        const spark = sparkline(bucketSeries(points, starts, 'sum'));
        return [
          `${CLASS_EMOJI[name]} *${name}* ${formatUnits(total, 'count')} · ${formatUnits((total / responses) * 100, 'percent')}`,
          ...(total > 0 && spark.trim() ? [spark] : []),
        ];
      });
      const frequent = [...totals.codes]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, TOP_CODES)
        .map(
          ([name, total]) =>
            `${code(name)} ${formatUnits(total, 'count')} (${formatUnits((total / responses) * 100, 'percent')})`,
        );
      blocks.push(...sectionsFromLines(classLines));
      // Some providers break down only the error classes; then the list says so rather than implying 200 is rare.
      const errorsOnly = [...totals.codes.keys()].every((name) => name >= '400');
      if (frequent.length > 0) {
        blocks.push(
          section(`*Most frequent ${errorsOnly ? 'error codes' : 'codes'}*\n${frequent.join(' · ')}`),
        );
      }
    }
    if (targets.all && answered.length > 0) {
      const lines = domainLines(results);
      if (lines.length > 0) {
        blocks.push(divider(), section('*By domain*, most server errors first'));
        blocks.push(...sectionsFromLines(lines.slice(0, DOMAIN_LINES)));
        if (lines.length > DOMAIN_LINES) {
          blocks.push(
            context(
              `${plural(lines.length - DOMAIN_LINES, 'more domain')} not listed; ask for one with \`/cdn codes <domain>\`.`,
            ),
          );
        }
      }
    }
    blocks.push(
      ...failureNotes({ unreadable: targets.unreadable, unsupported, failures, missing: 'No status codes' }),
    );
    return {
      visibility: 'ephemeral',
      text: `Status codes for ${what}, ${range.label}: ${CLASSES.map((name) => `${name} ${formatUnits(totals.classes[name].total, 'count')}`).join(', ')}`,
      blocks: fitBlocks(blocks, (hidden) => `${hidden} more blocks not shown; ask for one domain at a time.`),
      data: {
        from: shown.from,
        to: shown.to,
        responses,
        classes: Object.fromEntries(CLASSES.map((name) => [name, totals.classes[name].total])),
        codes: [...totals.codes].map(([name, total]) => ({ code: name, total })),
        domains: results.map((result) => ({
          domain: result.domain,
          codes: result.codes.map((entry) => ({ code: entry.code, total: entry.total })),
        })),
        failures,
      } satisfies z.input<typeof CodesData>,
    };
  },
});

/**
 * Adds up the codes of every domain given. A class total (`4xx`) is taken as the provider gives it; a class it
 * does not give is the sum of that class's specific codes, so either way of answering reads the same.
 */
function tally(results: readonly DomainStatusCodes[]): CodeTally {
  const classes = emptyClasses();
  const specific = new Map<string, number>();
  for (const domain of results) {
    const given = new Set<CodeClass>();
    const derived = emptyClasses();
    for (const entry of domain.codes) {
      const name = entry.code.toLowerCase();
      if (isClass(name)) {
        given.add(name);
        classes[name].total += entry.total;
        classes[name].points.push(...entry.points);
      } else if (/^\d{3}$/.test(name)) {
        specific.set(name, (specific.get(name) ?? 0) + entry.total);
        const parent = `${name[0]}xx`;
        if (isClass(parent)) {
          derived[parent].total += entry.total;
          derived[parent].points.push(...entry.points);
        }
      }
    }
    // A class this domain's answer left out: its total comes from the class's specific codes.
    for (const name of CLASSES) {
      if (given.has(name)) continue;
      classes[name].total += derived[name].total;
      classes[name].points.push(...derived[name].points);
    }
  }
  return { classes, codes: specific };
}

function emptyClasses(): CodeTally['classes'] {
  return {
    '2xx': { total: 0, points: [] },
    '3xx': { total: 0, points: [] },
    '4xx': { total: 0, points: [] },
    '5xx': { total: 0, points: [] },
  };
}

function isClass(name: string): name is CodeClass {
  return (CLASSES as readonly string[]).includes(name);
}

/** One line per domain that had responses, most 5xx first, then most 4xx. */
function domainLines(results: readonly DomainStatusCodes[]): string[] {
  const rows = results
    .map((domain) => {
      const { classes } = tally([domain]);
      const responses = CLASSES.reduce((sum, name) => sum + classes[name].total, 0);
      return { domain: domain.domain, responses, classes };
    })
    .filter((row) => row.responses > 0);
  rows.sort(
    (a, b) =>
      b.classes['5xx'].total - a.classes['5xx'].total ||
      b.classes['4xx'].total - a.classes['4xx'].total ||
      a.domain.localeCompare(b.domain),
  );
  return rows.map(
    ({ domain, responses, classes }) =>
      `*${escapeMrkdwn(domain)}* · ${formatUnits(responses, 'count')} responses · 4xx ${formatUnits((classes['4xx'].total / responses) * 100, 'percent')} · 5xx ${formatUnits((classes['5xx'].total / responses) * 100, 'percent')}`,
  );
}
