import { z } from 'zod';
import { selectAccounts } from '../auth/select-accounts.ts';
import { UsageError } from '../errors.ts';
import { AccountFailure, accountFailure, isObject } from '../providers/account-failure.ts';
import { describeDomain, requireDomainName } from '../providers/domain-name.ts';
import type { TaskRecord } from '../providers/types.ts';
import { context, fitBlocks, section, sectionsFromLines } from '../render/blocks.ts';
import { code, escapeMrkdwn, plural } from '../render/format.ts';
import { parseUserTime } from '../time/parse-user-time.ts';
import { formatWallTime } from '../time/zoned-time.ts';
import { defineCommand } from './app-services.ts';

const DEFAULT_RANGE_MS = 24 * 60 * 60 * 1000;
/** Tencent keeps purge records about 30 days. */
const RETENTION_MS = 30 * DEFAULT_RANGE_MS;
const SHOWN = 40;
const STATE_EMOJI: Readonly<Record<TaskRecord['state'], string>> = {
  done: ':white_check_mark:',
  process: ':hourglass_flowing_sand:',
  fail: ':x:',
};

/** `cdnops purges --json` prints this (README "Command line"): the records in the range (or of the task), newest first; times are epoch milliseconds. */
export const PurgesData = z.object({
  from: z.number().optional(),
  to: z.number().optional(),
  task: z.string().optional(),
  records: z.array(z.object({ account: z.string(), record: z.custom<TaskRecord>(isObject) })),
  failures: z.array(AccountFailure),
});

export const purges = defineCommand({
  name: 'purges',
  summary: 'Purge history: what was purged, when, and how it ended (last 24 hours by default)',
  usage: '[--from D] [--to D] [--task ID] [--domain D] [--account A]',
  examples: ['purges', 'purges --domain www.example.com --from 2026-11-20', 'purges --task 1234567890'],
  role: 'viewer',
  flags: { from: 'string', to: 'string', task: 'string', domain: 'string', account: 'string' },
  json: { data: PurgesData },
  args: z.object({
    positionals: z.array(z.string()).max(0, 'Use --domain, --task, --from and --to to narrow the history.'),
    from: z.string().optional(),
    to: z.string().optional(),
    task: z
      .string()
      .regex(/^[\w-]{1,128}$/, '--task takes a task id as shown in a purge answer.')
      .optional(),
    domain: z.string().optional(),
    account: z.string().optional(),
  }),
  async handler(args, ctx) {
    const now = ctx.clock.now();
    const to = args.to
      ? parseUserTime(args.to, { timeZone: ctx.timezone, now, edge: 'end', flag: '--to' })
      : now;
    const from = args.from
      ? parseUserTime(args.from, { timeZone: ctx.timezone, now, edge: 'start', flag: '--from' })
      : to - DEFAULT_RANGE_MS;
    if (from > to)
      throw new UsageError('--from is after --to.', 'Swap them, e.g. --from 2026-11-20 --to 2026-11-21.');
    if (now - from > RETENTION_MS) {
      throw new UsageError('Purge history is kept for 30 days.', `Use a --from within the last 30 days.`);
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
      limit: 200,
    };
    const results = await Promise.allSettled(
      accountIds.map(async (accountId) =>
        (await ctx.providers.get(accountId)!.purgeTasks(query)).map((record) => ({ accountId, record })),
      ),
    );
    const rows = results
      .flatMap((result) => (result.status === 'fulfilled' ? result.value : []))
      .sort((a, b) => (b.record.createdAt ?? 0) - (a.record.createdAt ?? 0));
    const lines = rows
      .slice(0, SHOWN)
      .map(
        ({ accountId, record }) =>
          `${STATE_EMOJI[record.state]} ${record.createdAt ? formatWallTime(record.createdAt, ctx.timezone) : '—'} · ${escapeMrkdwn(record.url)}\n      ${[record.kind === 'dir' ? `directory (${record.flushType ?? 'flush'})` : 'URL', record.taskId ? `task ${code(record.taskId)}` : '', code(accountId)].filter(Boolean).join(' · ')}`,
      );
    const range = args.task
      ? `task ${code(args.task)}`
      : `${formatWallTime(from, ctx.timezone)} – ${formatWallTime(to, ctx.timezone)} (${ctx.timezone})`;
    const blocks = [
      section(
        `*${plural(rows.length, 'purge record')}* · ${range}${args.domain ? ` · ${code(args.domain)}` : ''}`,
      ),
      ...sectionsFromLines(lines.length > 0 ? lines : ['_Nothing was purged in this range._']),
    ];
    if (rows.length > SHOWN)
      blocks.push(context(`Showing the newest ${SHOWN}; narrow with --domain or --from/--to.`));
    results.forEach((result, index) => {
      if (result.status === 'rejected') {
        const error = result.reason as { providerCode?: string; message?: string; requestId?: string };
        blocks.push(
          context(
            `:warning: ${code(accountIds[index]!)}: ${code(error.providerCode ?? 'error')} ${escapeMrkdwn(error.message ?? '')}${error.requestId ? ` (request id ${code(error.requestId)})` : ''}`,
          ),
        );
      }
    });
    return {
      visibility: 'ephemeral',
      text: `${rows.length} purge records`,
      blocks: fitBlocks(blocks, (hidden) => `${hidden} more blocks not shown.`),
      data: {
        ...(args.task ? { task: args.task } : { from, to }),
        records: rows.map(({ accountId, record }) => ({ account: accountId, record })),
        failures: results.flatMap((result, index) =>
          result.status === 'rejected' ? [accountFailure(accountIds[index]!, result.reason as object)] : [],
        ),
      } satisfies z.input<typeof PurgesData>,
    };
  },
});
