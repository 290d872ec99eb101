import * as z from 'zod';
import { diffCacheRules } from '../changes/diff-cache-rules.ts';
import { findDomain } from '../changes/find-domain.ts';
import { formatCacheRules } from '../changes/format-cache-rules.ts';
import { parseCacheRules } from '../changes/parse-cache-rules.ts';
import { requestChange } from '../changes/request-change.ts';
import { UsageError } from '../errors.ts';
import { isObject } from '../providers/account-failure.ts';
import type { CacheRule } from '../providers/types.ts';
import { context, sectionsFromLines } from '../render/blocks.ts';
import { code } from '../render/format.ts';
import { defineCommand } from './app-services.ts';

/** `cdnops cache <domain> --json` prints this (README "Command line"): the rules as the provider has them. */
export const CacheData = z.object({
  account: z.string(),
  domain: z.string(),
  rules: z.array(z.custom<CacheRule>(isObject)),
});

export const cache = defineCommand({
  name: 'cache',
  summary: 'Show a domain’s cache-expiry rules, or replace them (operator, confirmed first)',
  usage: '<domain> [set <rules>] [--dry-run]',
  examples: [
    'cache www.example.com',
    'cache www.example.com set all=30d .jpg,.js=1h /www/html=50m',
    'cache www.example.com set [[0,"all",1000],[1,".jpg;.js",2000],[2,"/www/html",3000]]',
  ],
  role: 'viewer',
  mutating: true,
  flags: { 'dry-run': 'boolean' },
  // Only the read form (no `set`) prints JSON.
  json: { data: CacheData, reads: (args) => args.positionals.length === 1 },
  args: z.object({
    positionals: z.array(z.string()).min(1, 'Name a domain, e.g. `/cdn cache www.example.com`.'),
    'dry-run': z.boolean().default(false),
  }),
  async handler(args, ctx) {
    const [domain, verb, ...rest] = args.positionals as [string, ...string[]];
    if (verb === undefined) {
      const { accountId, detail, shown } = await findDomain(ctx, domain);
      const lines = [
        `*Cache rules of ${shown}* on ${code(accountId)}`,
        ...(detail.cacheRules.length > 0
          ? formatCacheRules(detail.cacheRules).map((line) => `• ${line}`)
          : ['• provider defaults']),
      ];
      return {
        visibility: 'ephemeral',
        text: `Cache rules of ${shown}`,
        blocks: [
          ...sectionsFromLines(lines),
          context(`Change them with \`/cdn cache ${detail.domain} set all=30d .jpg,.js=1h\`.`),
        ],
        data: {
          account: accountId,
          domain: detail.domain,
          rules: detail.cacheRules,
        } satisfies z.input<typeof CacheData>,
      };
    }
    if (verb.toLowerCase() !== 'set' || rest.length === 0) {
      throw new UsageError(
        'To change the rules, write `set` and the new rules after the domain.',
        `e.g. \`/cdn cache ${domain} set all=30d .jpg,.js=1h\``,
      );
    }
    ctx.guardrails.requireRole(ctx.caller, 'operator', 'cache set');
    const rules = parseCacheRules(rest.join(' '));
    return requestChange(ctx, {
      action: 'cache',
      domain,
      dryRun: args['dry-run'],
      plan: (target) => {
        const before = target.detail?.cacheRules ?? [];
        const diff = diffCacheRules(before, rules);
        return {
          plan: { kind: 'config', change: { cacheRules: rules } },
          summary: `replace the cache rules of ${target.shown} on ${target.accountId}`,
          consequence: 'Other cache settings (follow origin, ignore Cache-Control, …) stay as they are.',
          preview: [
            'Before:',
            ...(before.length > 0
              ? formatCacheRules(before).map((line) => `  ${line}`)
              : ['  provider defaults']),
            'After:',
            ...formatCacheRules(rules).map((line) => `  ${line}`),
            `(${diff.added.length} added, ${diff.changed.length} changed, ${diff.removed.length} removed, ${diff.unchanged.length} unchanged)`,
          ],
          statusBefore: target.detail?.status ?? 'unknown',
        };
      },
    });
  },
});
