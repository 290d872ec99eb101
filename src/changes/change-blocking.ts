import * as z from 'zod';
import type { CommandContext } from '../dispatch/command-context.ts';
import { UsageError } from '../errors.ts';
import type { Reply } from '../messaging/message.ts';
import { requireOperation } from '../providers/require-operation.ts';
import type { BlockChange } from '../providers/types.ts';
import { findDomain } from './find-domain.ts';
import { parseIpTargets, parseUaTargets } from './parse-block-targets.ts';
import { planBlock } from './plan-block.ts';
import { requestChange } from './request-change.ts';

export const BlockArgs = z.object({
  positionals: z
    .array(z.string())
    .min(
      3,
      'Name a domain, `ip` or `ua`, and what to block, e.g. `/cdn block www.example.com ip 203.0.113.7`.',
    ),
  'dry-run': z.boolean().default(false),
});

const WORDS = {
  block: {
    verb: 'block',
    ip: 'Requests from these addresses get HTTP 403 from the edge.',
    ua: 'Requests whose User-Agent matches get HTTP 403 from the edge.',
  },
  unblock: {
    verb: 'unblock',
    ip: 'These addresses are served again, unless another rule refuses them.',
    ua: 'These user agents are served again, unless another rule refuses them.',
  },
} as const;

/** `/cdn block` and `/cdn unblock`: one confirmed change to the whole-domain IP or user-agent deny list. */
export async function changeBlocking(
  action: 'block' | 'unblock',
  args: z.output<typeof BlockArgs>,
  ctx: CommandContext,
): Promise<Reply | undefined> {
  const [domain, kindWord, ...rest] = args.positionals as [string, string, ...string[]];
  const kind = kindWord.toLowerCase();
  if (kind !== 'ip' && kind !== 'ua') {
    throw new UsageError(
      `Write \`ip\` or \`ua\` after the domain, not \`${kindWord}\`.`,
      `e.g. \`/cdn ${action} ${domain} ip 203.0.113.7\` or \`/cdn ${action} ${domain} ua BadBot.*\``,
    );
  }
  // Every entry is checked before any provider is asked.
  const values = kind === 'ip' ? parseIpTargets(rest) : parseUaTargets(rest);
  const change: BlockChange = { kind, action, values };
  const found = await findDomain(ctx, domain);
  const rules = await requireOperation(found.provider, 'accessRules', 'Visit control')(found.detail.domain);
  const { before, after } = planBlock(rules, change, found.detail.domain, found.provider.ipDenyLimit);
  const what = kind === 'ip' ? 'Blocked IPs' : 'Blocked user agents';
  const list = (items: string[]) => (items.length > 0 ? items.join('  ') : 'none');
  return requestChange(ctx, {
    action,
    domain,
    dryRun: args['dry-run'],
    plan: (target) => ({
      plan: { kind: 'config', change: { blocking: change } },
      summary: `${action} ${kind === 'ip' ? 'IP' : 'user agent'} ${values.join(' ')} on ${target.shown} (${target.accountId})`,
      consequence: `${WORDS[action][kind]} Other visit-control rules stay as they are.`,
      preview: [`${what} before: ${list(before)}`, `${what} after: ${list(after)}`],
      statusBefore: target.detail?.status ?? 'unknown',
    }),
  });
}
