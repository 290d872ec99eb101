import * as z from 'zod';
import { selectAccounts } from '../auth/select-accounts.ts';
import { AccountFailure, accountFailure, isObject } from '../providers/account-failure.ts';
import { describeDomain, unicodeDomain } from '../providers/domain-name.ts';
import type { DomainSummary } from '../providers/types.ts';
import { context, fitBlocks, section, sectionsFromLines } from '../render/blocks.ts';
import { code, escapeMrkdwn, plural } from '../render/format.ts';
import { hostsPageButtons } from '../render/hosts-page-buttons.ts';
import { statusEmoji } from '../render/status-emoji.ts';
import { defineCommand } from './app-services.ts';

const PAGE_SIZE = 25;
const STATUSES = ['online', 'offline', 'processing', 'rejected', 'closing'] as const;
/** The words people use for a status (help itself speaks of a "stopped domain"), read as the provider's. */
const STATUS_WORDS: Readonly<Record<string, (typeof STATUSES)[number]>> = {
  stopped: 'offline',
  running: 'online',
  started: 'online',
};

/** `cdnops hosts --json` prints this (README "Command line"): every matching domain (not one page), sorted by name. */
export const HostsData = z.object({
  accounts: z.array(z.string()),
  domains: z.array(z.object({ account: z.string(), domain: z.custom<DomainSummary>(isObject) })),
  failures: z.array(AccountFailure),
});

export const hosts = defineCommand({
  name: 'hosts',
  summary: 'Domains of every account this channel may use, with status, CNAME and origin',
  usage: '[filter] [--account A] [--status online|offline|processing|rejected|closing] [--page N]',
  examples: [
    'hosts',
    'hosts example.com --status online',
    'hosts --status stopped',
    'hosts --account tencent-prod --page 2',
  ],
  role: 'viewer',
  flags: { account: 'string', status: 'string', page: 'string' },
  json: { data: HostsData },
  args: z.object({
    positionals: z.array(z.string()).max(1, 'Give at most one filter; it matches domain, CNAME and origin.'),
    account: z.string().optional(),
    status: z
      .preprocess(
        (typed) =>
          typeof typed === 'string' ? (STATUS_WORDS[typed.toLowerCase()] ?? typed.toLowerCase()) : typed,
        z.enum(STATUSES, {
          error: `--status must be one of ${STATUSES.join(', ')} (stopped = offline, running = online).`,
        }),
      )
      .optional(),
    page: z.coerce
      .number({ error: '--page must be a number, e.g. --page 2.' })
      .int('--page must be a whole number.')
      .min(1, '--page starts at 1.')
      .default(1),
  }),
  async handler(args, ctx) {
    const accountIds = selectAccounts(ctx.caller, args.account);
    const { accounts, failures } = await ctx.inventory.list(accountIds);
    const filter = args.positionals[0]?.toLowerCase();
    const rows = accounts
      .flatMap((account) => account.domains.map((domain) => ({ accountId: account.accountId, domain })))
      .filter(({ domain }) => !args.status || domain.status === args.status)
      .filter(({ domain }) => !filter || matches(domain, filter))
      .sort((a, b) => a.domain.domain.localeCompare(b.domain.domain));

    const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
    const page = Math.min(args.page, pages);
    const shown = rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    const lines = shown.map(({ accountId, domain }) => renderRow(accountId, domain));
    const summary = `*${plural(rows.length, 'domain')}*${filter ? ` matching ${code(filter)}` : ''}${args.status ? ` (${args.status})` : ''} in ${accountIds.map(code).join(', ')}`;
    const empty =
      failures.length > 0 && accounts.length === 0
        ? '_Nothing to list: no account could be read (see below)._'
        : '_No domains match._';
    const blocks = [section(summary), ...sectionsFromLines(lines.length > 0 ? lines : [empty])];
    if (pages > 1) {
      // The hint repeats every narrowing given, so following it pages through the same list.
      const next = [
        '/cdn hosts',
        filter,
        args.account ? `--account ${args.account}` : '',
        args.status ? `--status ${args.status}` : '',
        `--page ${page + 1}`,
      ].filter(Boolean);
      blocks.push(
        context(
          page < pages
            ? `Page ${page} of ${pages}. Next: \`${next.join(' ')}\``
            : `Page ${page} of ${pages}.${args.page > pages ? ` There is no page ${args.page}; this is the last.` : ''}`,
        ),
      );
      const buttons = hostsPageButtons({ page, pages, filter, account: args.account, status: args.status });
      if (buttons) blocks.push(buttons);
    }
    for (const failure of failures) {
      blocks.push(
        context(
          `:warning: ${code(failure.account)} could not be listed: ${code(failure.providerCode)} ${escapeMrkdwn(failure.message)}${failure.requestId ? ` (request id ${code(failure.requestId)})` : ''}`,
        ),
      );
    }
    return {
      visibility: 'ephemeral',
      text: plural(rows.length, 'domain'),
      blocks: fitBlocks(blocks, (hidden) => `${hidden} more blocks not shown; narrow with a filter.`),
      data: {
        accounts: [...accountIds],
        domains: rows.map(({ accountId, domain }) => ({ account: accountId, domain })),
        failures: failures.map((failure) => accountFailure(failure.account, failure)),
      } satisfies z.input<typeof HostsData>,
    };
  },
});

function matches(domain: DomainSummary, filter: string): boolean {
  // An international domain matches in either form: `中文` finds xn--fiq228c.example.com.
  return [domain.domain, unicodeDomain(domain.domain), domain.cname ?? '', ...domain.origins].some((value) =>
    value.toLowerCase().includes(filter),
  );
}

function renderRow(accountId: string, domain: DomainSummary): string {
  const details = [
    domain.cname ? `cname ${code(domain.cname)}` : '',
    domain.origins.length > 0 ? `origin ${code(domain.origins.join(', '))}` : '',
    domain.serviceType ?? '',
    domain.area && domain.area !== 'mainland' ? domain.area : '',
    domain.disabledReason ? `disabled: ${domain.disabledReason}` : '',
  ].filter(Boolean);
  return `${statusEmoji(domain.status)} *${escapeMrkdwn(describeDomain(domain.domain))}* · ${domain.status} · ${code(accountId)}\n      ${details.join(' · ')}`;
}
