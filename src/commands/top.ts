import * as z from 'zod';
import type { Block } from '../messaging/message.ts';
import { isObject } from '../providers/account-failure.ts';
import type { TopEntry } from '../providers/traffic-types.ts';
import { context, fitBlocks, header, section, sectionsFromLines } from '../render/blocks.ts';
import { code, escapeMrkdwn, plural, truncate } from '../render/format.ts';
import { formatUnits } from '../render/format-units.ts';
import { batchProgress, readingDomains } from '../traffic/batch-progress.ts';
import { describeRange } from '../traffic/describe-range.ts';
import { DomainAndDay } from '../traffic/domain-and-day.ts';
import { failureNotes } from '../traffic/failure-notes.ts';
import { type BatchFailure, fetchBatched } from '../traffic/fetch-batched.ts';
import { prepareTrafficCommand } from '../traffic/prepare-traffic-command.ts';
import { defineCommand } from './app-services.ts';

const BY = ['flux', 'request'] as const;
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;
/** Long URLs are cut so a ranking of 100 stays readable and inside a message. */
const URL_CHARS = 200;

/** `cdnops top --json` prints this (README "Command line"): the URLs ranked, with the measure and the range (epoch ms). */
export const TopData = z.object({
  by: z.string(),
  from: z.number(),
  to: z.number(),
  entries: z.array(z.object({ name: z.string(), value: z.number() })),
  failures: z.array(z.custom<BatchFailure>(isObject)),
});

export const top = defineCommand({
  name: 'top',
  summary: 'Top URLs of a domain or of all, by traffic or requests, with their share of the total',
  usage:
    '<domain|all> [--by flux|request] [--last 24h|7d|30d] [--from D --to D] [today|yesterday] [--limit N]',
  examples: [
    'top www.example.com',
    'top all --by request --last 7d',
    'top www.example.com yesterday --limit 50',
  ],
  role: 'viewer',
  json: { data: TopData },
  flags: { by: 'string', last: 'string', from: 'string', to: 'string', limit: 'string' },
  args: z.object({
    positionals: DomainAndDay.check(
      z.minLength(1, 'Name a domain, or `all` for every domain here, e.g. `/cdn top www.example.com`.'),
    ),
    by: z
      .string()
      .transform((value) => value.toLowerCase())
      .pipe(z.enum(BY, { error: '--by must be flux or request.' }))
      .default('flux'),
    last: z.string().optional(),
    from: z.string().optional(),
    to: z.string().optional(),
    limit: z.coerce
      .number({ error: '--limit must be a number, e.g. --limit 50.' })
      .int('--limit must be a whole number.')
      .min(1, '--limit is at least 1.')
      .max(MAX_LIMIT, `--limit is at most ${MAX_LIMIT}.`)
      .default(DEFAULT_LIMIT),
  }),
  async handler(args, ctx) {
    const [target, day] = args.positionals as [string, string | undefined];
    const { range, targets, unsupported, plans } = await prepareTrafficCommand(ctx, {
      target,
      day,
      flags: args,
      operations: ['trafficLimits', 'topUrls'],
      what: 'Top URLs',
      previous: false,
    });
    const byAccount = new Map(plans.map((plan) => [plan.accountId, plan]));

    // One note for both passes: the totals' batches are counted once the ranking says which domains answered.
    const progress = batchProgress(ctx, readingDomains(plans));
    const ranked = await fetchBatched(
      plans,
      (provider, domains) => {
        const plan = byAccount.get(provider.accountId)!;
        const { from, to } = plan.current;
        return provider.topUrls!({
          domains,
          from,
          to,
          interval: plan.interval,
          by: args.by,
          limit: args.limit,
        });
      },
      { progress },
    );
    // The total each share is of: the same domains, range and measure, from the traffic series.
    const rankedDomains = answered(plans, ranked.failures);
    const totals = await fetchBatched(
      plans
        .filter((plan) => plan.provider.traffic)
        .map((plan) => ({ ...plan, domains: plan.domains.filter((domain) => rankedDomains.has(domain)) })),
      (provider, domains) => {
        const plan = byAccount.get(provider.accountId)!;
        const { from, to } = plan.current;
        return provider.traffic!({ domains, from, to, interval: plan.interval }, [args.by]);
      },
      { progress },
    );
    const hasTotal =
      totals.failures.length === 0 &&
      plans.every(
        (plan) => plan.provider.traffic || !plan.domains.some((domain) => rankedDomains.has(domain)),
      );
    const total = totals.results
      .flatMap((series) => series.points)
      .reduce((sum, point) => (Number.isFinite(point.value) ? sum + point.value : sum), 0);

    const entries = merge(ranked.results).slice(0, args.limit);
    const unit = args.by === 'flux' ? 'bytes' : 'count';
    const lines = entries.map(
      (entry, index) =>
        `${index + 1}. ${escapeMrkdwn(truncate(entry.name, URL_CHARS))} · *${formatUnits(entry.value, unit)}*${hasTotal && total > 0 ? ` · ${formatUnits((entry.value / total) * 100, 'percent')}` : ''}`,
    );
    const what = targets.all ? 'all domains' : (targets.shown ?? targets.groups[0]!.domains[0]!);
    const measure = args.by === 'flux' ? 'traffic' : 'requests';
    const shown = plans[0]?.current ?? range;
    const blocks: Block[] = [
      header(`Top URLs by ${measure}: ${what}`),
      context(
        [
          describeRange(range, shown, ctx.timezone),
          targets.all
            ? `${plural(rankedDomains.size, 'domain')} in ${plural(plans.length, 'account')}`
            : `account ${code(targets.groups[0]!.accountId)}`,
          hasTotal
            ? `shares are of the total ${formatUnits(total, unit)}${args.by === 'request' ? ' requests' : ''}`
            : 'no shares: the total is not available',
        ].join(' · '),
      ),
      ...(lines.length > 0
        ? sectionsFromLines(lines)
        : [
            section(plans.length === 0 ? '_No domains to rank._' : '_No URLs were requested in this range._'),
          ]),
      ...failureNotes({
        unreadable: targets.unreadable,
        unsupported,
        failures: ranked.failures,
        missing: 'No ranking',
      }),
      ...failureNotes({ failures: totals.failures, missing: 'No total (so no shares)' }),
    ];
    return {
      visibility: 'ephemeral',
      text: `Top ${plural(entries.length, 'URL')} by ${measure} for ${what}, ${range.label}`,
      blocks: fitBlocks(blocks, (hidden) => `${hidden} more blocks not shown.`),
      data: {
        by: measure,
        from: range.from,
        to: range.to,
        entries,
        failures: ranked.failures,
      } satisfies z.input<typeof TopData>,
    };
  },
});

/** Rankings from several batches as one: the same URL's values added, highest first, ties by name. */
function merge(entries: readonly TopEntry[]): TopEntry[] {
  const byName = new Map<string, number>();
  for (const entry of entries) {
    if (Number.isFinite(entry.value)) byName.set(entry.name, (byName.get(entry.name) ?? 0) + entry.value);
  }
  return [...byName]
    .map(([name, value]) => ({ name, value }))
    .sort((a, b) => b.value - a.value || a.name.localeCompare(b.name));
}

function answered(
  plans: readonly { domains: readonly string[] }[],
  failures: readonly { domains: readonly string[] }[],
): Set<string> {
  const failed = new Set(failures.flatMap((failure) => failure.domains));
  return new Set(plans.flatMap((plan) => plan.domains).filter((domain) => !failed.has(domain)));
}
