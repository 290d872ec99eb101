import * as z from 'zod';
import { selectAccounts } from '../auth/select-accounts.ts';
import { AccountFailure, accountFailure, isObject } from '../providers/account-failure.ts';
import type { Quota } from '../providers/types.ts';
import { context, fitBlocks, section, sectionsFromLines } from '../render/blocks.ts';
import { code, escapeMrkdwn, formatCount } from '../render/format.ts';
import { defineCommand } from './app-services.ts';

const LABELS: Readonly<Record<Quota['kind'], string>> = {
  'url-purge': 'URL purge',
  'dir-purge': 'Directory purge',
  prefetch: 'Prefetch',
};

/** `cdnops quota --json` prints this (README "Command line"): what is left today, per account, kind and area. */
export const QuotaData = z.object({
  accounts: z.array(z.object({ account: z.string(), quota: z.array(z.custom<Quota>(isObject)) })),
  failures: z.array(AccountFailure),
});

export const quota = defineCommand({
  name: 'quota',
  summary: 'Purge and prefetch quota left today, per account and area',
  usage: '[--account A]',
  examples: ['quota', 'quota --account tencent-prod'],
  role: 'viewer',
  flags: { account: 'string' },
  json: { data: QuotaData },
  args: z.object({
    positionals: z.array(z.string()).max(0, '`quota` takes no arguments; use --account to pick one account.'),
    account: z.string().optional(),
  }),
  async handler(args, ctx) {
    const accountIds = selectAccounts(ctx.caller, args.account);
    const results = await Promise.allSettled(accountIds.map((id) => ctx.providers.get(id)!.getQuota()));
    const lines: string[] = [];
    results.forEach((result, index) => {
      const accountId = accountIds[index]!;
      lines.push(`*${escapeMrkdwn(accountId)}*`);
      if (result.status === 'rejected') {
        const error = result.reason as { providerCode?: string; message?: string; requestId?: string };
        lines.push(
          `      :x: ${code(error.providerCode ?? 'error')} ${escapeMrkdwn(error.message ?? String(result.reason))}${error.requestId ? ` (request id ${code(error.requestId)})` : ''}`,
        );
        return;
      }
      for (const item of result.value) {
        lines.push(
          `      ${LABELS[item.kind]} · ${item.area}: *${formatCount(item.available)}* of ${formatCount(item.total)} left (up to ${formatCount(item.batch)} a request)`,
        );
      }
    });
    return {
      visibility: 'ephemeral',
      text: 'Quota left today',
      blocks: fitBlocks(
        [
          section('*Quota left today*'),
          ...sectionsFromLines(lines),
          context('Quotas reset at midnight, China time.'),
        ],
        (hidden) => `${hidden} more blocks not shown.`,
      ),
      data: {
        accounts: results.flatMap((result, index) =>
          result.status === 'fulfilled' ? [{ account: accountIds[index]!, quota: result.value }] : [],
        ),
        failures: results.flatMap((result, index) =>
          result.status === 'rejected' ? [accountFailure(accountIds[index]!, result.reason as object)] : [],
        ),
      } satisfies z.input<typeof QuotaData>,
    };
  },
});
