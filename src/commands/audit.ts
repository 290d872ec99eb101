import * as z from 'zod';
import { UsageError } from '../errors.ts';
import { asciiDomain, describeDomain } from '../providers/domain-name.ts';
import { context, fitBlocks, section, sectionsFromLines } from '../render/blocks.ts';
import { code, escapeMrkdwn, plural } from '../render/format.ts';
import { AuditEntry } from '../store/store.ts';
import { formatWallTime } from '../time/zoned-time.ts';
import { defineCommand } from './app-services.ts';

const PAGE_SIZE = 20;
const LAST = /^(\d+)([hdw])$/i;
const UNIT_MS: Readonly<Record<string, number>> = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

const OUTCOME_EMOJI: Readonly<Record<string, string>> = {
  done: ':white_check_mark:',
  submitted: ':white_check_mark:',
  failed: ':x:',
  rejected: ':no_entry_sign:',
  expired: ':hourglass:',
  requested: ':raised_hand:',
  approved: ':ballot_box_with_check:',
  confirmed: ':ballot_box_with_check:',
};

/** `cdnops audit --json` prints this (README "Command line"): one page of entries, newest first, and the total. */
export const AuditData = z.object({
  total: z.number(),
  page: z.number(),
  pages: z.number(),
  entries: z.array(AuditEntry),
});

export const audit = defineCommand({
  name: 'audit',
  summary: 'Who changed what, when, and how it ended (last 7 days by default)',
  usage: '[--last 7d] [--domain D] [--user @someone] [--page N]',
  examples: ['audit', 'audit --domain www.example.com --last 30d', 'audit --user @otto'],
  role: 'viewer',
  json: { data: AuditData },
  flags: { last: 'string', domain: 'string', user: 'string', page: 'string' },
  args: z.object({
    positionals: z.array(z.string()).max(0, 'Narrow with --last, --domain, --user and --page.'),
    last: z.string().regex(LAST, '--last takes a number and h, d or w, e.g. --last 7d.').default('7d'),
    domain: z.string().optional(),
    user: z
      .string()
      .regex(/^@?[UW][A-Z0-9]+$/, '--user takes a mention: type @ and pick the person.')
      .optional(),
    page: z.coerce
      .number({ error: '--page must be a number.' })
      .int()
      .min(1, '--page starts at 1.')
      .default(1),
  }),
  async handler(args, ctx) {
    const [, amount, unit] = LAST.exec(args.last)!;
    const spanMs = Number(amount) * UNIT_MS[unit!.toLowerCase()]!;
    if (spanMs <= 0) throw new UsageError('--last must be longer than zero.');
    const userId = args.user?.replace(/^@/, '');
    const { entries, total } = await ctx.store.audit.query({
      since: ctx.clock.now() - spanMs,
      // Recorded as the provider lists it: an international domain in punycode, whichever form is typed here.
      domain: args.domain === undefined ? undefined : asciiDomain(args.domain) || args.domain.toLowerCase(),
      userId,
      limit: PAGE_SIZE,
      offset: (args.page - 1) * PAGE_SIZE,
    });
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const filters = [
      `last ${args.last}`,
      args.domain ? `domain ${code(describeDomain(args.domain))}` : '',
      userId ? `by <@${userId}>` : '',
    ].filter(Boolean);
    const blocks = [
      section(`*${plural(total, 'audit entry', 'audit entries')}* · ${filters.join(' · ')}`),
      ...sectionsFromLines(
        entries.length > 0
          ? entries.map((entry) => renderEntry(entry, ctx.timezone))
          : ['_Nothing recorded._'],
      ),
    ];
    if (pages > 1)
      blocks.push(
        context(
          `Page ${Math.min(args.page, pages)} of ${pages}; add --page ${Math.min(args.page + 1, pages)} for more.`,
        ),
      );
    return {
      visibility: 'ephemeral',
      text: plural(total, 'audit entry', 'audit entries'),
      blocks: fitBlocks(blocks, (hidden) => `${hidden} more blocks not shown.`),
      data: { total, page: args.page, pages, entries } satisfies z.input<typeof AuditData>,
    };
  },
});

function renderEntry(entry: AuditEntry, timeZone: string): string {
  // What touches no domain (a digest added or removed) names its target in the detail: show it where a target goes.
  const detailIsTarget = !entry.domain && !entry.accountId && Boolean(entry.detail);
  const target = [
    entry.domain ? code(entry.domain) : '',
    entry.accountId ? `on ${code(entry.accountId)}` : '',
    detailIsTarget ? escapeMrkdwn(entry.detail!) : '',
  ]
    .filter(Boolean)
    .join(' ');
  const details = [
    `<#${entry.channel}>`,
    entry.requestId ? `request id ${code(entry.requestId)}` : '',
    entry.changeId ? `change ${code(entry.changeId)}` : '',
    entry.detail && !detailIsTarget ? escapeMrkdwn(entry.detail) : '',
  ].filter(Boolean);
  return `${OUTCOME_EMOJI[entry.outcome] ?? ':small_blue_diamond:'} ${formatWallTime(entry.at, timeZone)} · <@${entry.userId}> · *${entry.action}* ${target} · ${entry.outcome}\n      \`/cdn ${escapeMrkdwn(entry.commandText).slice(0, 200)}\` · ${details.join(' · ')}`;
}
