import * as z from 'zod';
import { selectAccounts } from '../auth/select-accounts.ts';
import { UsageError } from '../errors.ts';
import { AccountFailure, accountFailure, isObject } from '../providers/account-failure.ts';
import { describeDomain, requireDomainName } from '../providers/domain-name.ts';
import { requireOperation } from '../providers/require-operation.ts';
import type { CdnProvider, TaskHistory, TaskQuery, TaskRecord } from '../providers/types.ts';
import { context, fitBlocks, section, sectionsFromLines } from '../render/blocks.ts';
import { code, escapeMrkdwn, formatCount, plural } from '../render/format.ts';
import { purgesPageButtons, purgesWords } from '../render/purges-page-buttons.ts';
import { parseUserTime } from '../time/parse-user-time.ts';
import { formatWallTime } from '../time/zoned-time.ts';
import { defineCommand } from './app-services.ts';

const DEFAULT_RANGE_MS = 24 * 60 * 60 * 1000;
/** Tencent keeps purge records about 30 days. */
const RETENTION_MS = 30 * DEFAULT_RANGE_MS;
const PAGE_SIZE = 40;
/**
 * Records asked of each account for one page: every account's newest `page × PAGE_SIZE`, merged. Deeper pages cost
 * more calls, so they stop here; the total is still counted in full.
 */
const MAX_RECORDS_PER_ACCOUNT = 2000;
const MAX_PAGE = MAX_RECORDS_PER_ACCOUNT / PAGE_SIZE;
const LAST = /^(\d+)([hdw])$/i;
const UNIT_MS: Readonly<Record<string, number>> = {
  h: 3_600_000,
  d: DEFAULT_RANGE_MS,
  w: 7 * DEFAULT_RANGE_MS,
};
const STATE_EMOJI: Readonly<Record<TaskRecord['state'], string>> = {
  done: ':white_check_mark:',
  process: ':hourglass_flowing_sand:',
  fail: ':x:',
};

/** `cdnops purges --json` prints this (README "Command line"): one page of the records in the range (or of the task), newest first, with the true total; times are epoch milliseconds. */
export const PurgesData = z.object({
  from: z.number().optional(),
  to: z.number().optional(),
  task: z.string().optional(),
  /** The provider's own count of records in the range, over every page. */
  total: z.number(),
  page: z.number(),
  pages: z.number(),
  records: z.array(z.object({ account: z.string(), record: z.custom<TaskRecord>(isObject) })),
  failures: z.array(AccountFailure),
});

export const purges = defineCommand({
  name: 'purges',
  summary:
    'Purge history (or prefetch history with --prefetch): what was purged, when, and how it ended (last 24 hours by default)',
  usage: '[--prefetch] [--last 7d] [--from D] [--to D] [--task ID] [--domain D] [--account A] [--page N]',
  examples: [
    'purges',
    'purges --domain www.example.com --from 2026-11-20',
    'purges --task 1234567890',
    'purges --last 7d --page 2',
    'purges --prefetch',
  ],
  role: 'viewer',
  flags: {
    last: 'string',
    from: 'string',
    to: 'string',
    task: 'string',
    domain: 'string',
    account: 'string',
    page: 'string',
    prefetch: 'boolean',
  },
  json: { data: PurgesData },
  args: z.object({
    positionals: z.array(z.string()).max(0, 'Use --domain, --task, --from and --to to narrow the history.'),
    last: z.string().regex(LAST, '--last takes a number and h, d or w, e.g. --last 7d.').optional(),
    from: z.string().optional(),
    to: z.string().optional(),
    task: z
      .string()
      .regex(/^[\w-]{1,128}$/, '--task takes a task id as shown in a purge answer.')
      .optional(),
    domain: z.string().optional(),
    account: z.string().optional(),
    page: z.coerce
      .number({ error: '--page must be a number, e.g. --page 2.' })
      .int('--page must be a whole number.')
      .min(1, '--page starts at 1.')
      .max(
        MAX_PAGE,
        `--page goes up to ${MAX_PAGE}; narrow with --domain or --from/--to to see older records.`,
      )
      .default(1),
    prefetch: z.boolean().default(false),
  }),
  async handler(args, ctx) {
    const now = ctx.clock.now();
    const to = args.to
      ? parseUserTime(args.to, { timeZone: ctx.timezone, now, edge: 'end', flag: '--to' })
      : now;
    if (args.last && args.from)
      throw new UsageError('Give --last or --from, not both.', 'e.g. --last 7d, or --from 2026-11-20.');
    const from = args.from
      ? parseUserTime(args.from, { timeZone: ctx.timezone, now, edge: 'start', flag: '--from' })
      : to - (args.last ? lastMs(args.last) : DEFAULT_RANGE_MS);
    if (from > to)
      throw new UsageError('--from is after --to.', 'Swap them, e.g. --from 2026-11-20 --to 2026-11-21.');
    const noun = args.prefetch ? 'prefetch' : 'purge';
    if (now - from > RETENTION_MS) {
      throw new UsageError(
        `${args.prefetch ? 'Prefetch' : 'Purge'} history is kept for 30 days.`,
        `Use a --from within the last 30 days.`,
      );
    }

    let accountIds = selectAccounts(ctx.caller, args.account);
    /** The domain as its provider lists it (punycode for an international one): what the history is searched by. */
    let listed: string | undefined;
    if (args.domain) {
      const name = requireDomainName(args.domain);
      const resolution = await ctx.inventory.resolve([name], accountIds);
      const owner = resolution.found.get(name);
      if (!owner && resolution.failures[0]) throw resolution.failures[0];
      if (!owner) {
        throw new UsageError(
          `${code(describeDomain(args.domain, name))} is not served by any account this channel may use.`,
          '`/cdn hosts` lists the domains available here.',
        );
      }
      accountIds = [owner.accountId];
      listed = owner.summary.domain;
    }
    const query = {
      ...(args.task ? { taskId: args.task } : { from, to }),
      ...(listed ? { keyword: listed } : {}),
      limit: args.page * PAGE_SIZE,
    };
    const results = await Promise.allSettled(
      accountIds.map((accountId) => readHistory(ctx.providers.get(accountId)!, args.prefetch, query)),
    );
    const histories = results.map((result, index) => ({ accountId: accountIds[index]!, result }));
    const answered = histories.flatMap(({ accountId, result }) =>
      result.status === 'fulfilled' ? [{ accountId, history: result.value }] : [],
    );
    const total = answered.reduce((sum, { history }) => sum + history.total, 0);
    const rows = answered
      .flatMap(({ accountId, history }) => history.records.map((record) => ({ accountId, record })))
      .sort((a, b) => (b.record.createdAt ?? 0) - (a.record.createdAt ?? 0));
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const page = Math.min(args.page, pages);
    const lines = rows
      .slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
      .map(
        ({ accountId, record }) =>
          `${STATE_EMOJI[record.state]} ${record.createdAt ? formatWallTime(record.createdAt, ctx.timezone) : '—'} · ${escapeMrkdwn(record.url)}\n      ${[kindLabel(record), record.taskId ? `task ${code(record.taskId)}` : '', code(accountId)].filter(Boolean).join(' · ')}`,
      );
    const range = args.task
      ? `task ${code(args.task)}`
      : `${formatWallTime(from, ctx.timezone)} – ${formatWallTime(to, ctx.timezone)} (${ctx.timezone})`;
    const blocks = [
      section(
        `*${plural(total, `${noun} record`)}* · ${range}${args.domain ? ` · ${code(args.domain)}` : ''}`,
      ),
      ...sectionsFromLines(
        lines.length > 0
          ? lines
          : [`_Nothing was ${args.prefetch ? 'prefetched' : 'purged'} in this range._`],
      ),
    ];
    if (answered.length > 1 || (answered.length === 1 && histories.length > 1)) {
      blocks.push(
        context(
          `Per account: ${answered.map(({ accountId, history }) => `${code(accountId)} ${formatCount(history.total)}`).join(' · ')}`,
        ),
      );
    }
    for (const { accountId, history } of answered) {
      if (history.clamped) {
        blocks.push(
          context(
            `:information_source: ${code(accountId)} keeps ${noun} status for ${history.clamped.keptDays} days only: its records are from ${formatWallTime(history.clamped.from, ctx.timezone)} on.`,
          ),
        );
      }
    }
    const flags = {
      last: args.last,
      from: args.from,
      to: args.to,
      task: args.task,
      domain: args.domain,
      account: args.account,
      prefetch: args.prefetch,
    };
    if (pages > 1) {
      const next = ['/cdn', ...purgesWords(flags, page + 1).map(quoteWord)].join(' ');
      blocks.push(
        context(
          page < pages
            ? `Page ${page} of ${pages}. Next: \`${next}\``
            : `Page ${page} of ${pages}.${args.page > pages ? ` There is no page ${args.page}; this is the last.` : ''}`,
        ),
      );
      const buttons = purgesPageButtons({ page, pages: Math.min(pages, MAX_PAGE), flags });
      if (buttons) blocks.push(buttons);
    }
    histories.forEach(({ accountId, result }) => {
      if (result.status === 'rejected') {
        const error = result.reason as { providerCode?: string; message?: string; requestId?: string };
        blocks.push(
          context(
            `:warning: ${code(accountId)}: ${error.providerCode ? `${code(error.providerCode)} ` : ''}${escapeMrkdwn(error.message ?? String(result.reason))}${error.requestId ? ` (request id ${code(error.requestId)})` : ''}`,
          ),
        );
      }
    });
    return {
      visibility: 'ephemeral',
      text: `${total} ${noun} records`,
      blocks: fitBlocks(blocks, (hidden) => `${hidden} more blocks not shown.`),
      data: {
        ...(args.task ? { task: args.task } : { from, to }),
        total,
        page,
        pages,
        records: rows.map(({ accountId, record }) => ({ account: accountId, record })),
        failures: results.flatMap((result, index) =>
          result.status === 'rejected' ? [accountFailure(accountIds[index]!, result.reason as object)] : [],
        ),
      } satisfies z.input<typeof PurgesData>,
    };
  },
});

function lastMs(last: string): number {
  const [, amount, unit] = LAST.exec(last)!;
  const ms = Number(amount) * UNIT_MS[unit!.toLowerCase()]!;
  if (ms <= 0) throw new UsageError('--last must be longer than zero.');
  return ms;
}

function kindLabel(record: TaskRecord): string {
  if (record.kind === 'prefetch') return 'prefetch';
  return record.kind === 'dir' ? `directory (${record.flushType ?? 'flush'})` : 'URL';
}

function quoteWord(word: string): string {
  return /\s/.test(word) ? `"${word}"` : word;
}

/** A provider's history with its total; one without `taskHistory` counts what it returned. */
async function readHistory(provider: CdnProvider, prefetch: boolean, query: TaskQuery): Promise<TaskHistory> {
  if (provider.taskHistory) return provider.taskHistory(prefetch ? 'prefetch' : 'purge', query);
  const records = prefetch
    ? await requireOperation(provider, 'prefetchTasks', 'Prefetch history')(query)
    : await provider.purgeTasks(query);
  return { records, total: records.length };
}
