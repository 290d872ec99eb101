import * as z from 'zod';
import { findDomain } from '../changes/find-domain.ts';
import { formatRefererSetting } from '../changes/format-referer-setting.ts';
import { parseRefererSetting } from '../changes/parse-referer-setting.ts';
import { requestChange } from '../changes/request-change.ts';
import { UsageError } from '../errors.ts';
import type { Reply } from '../messaging/message.ts';
import { requireOperation } from '../providers/require-operation.ts';
import type { AccessRule } from '../providers/types.ts';
import { context, sectionsFromLines } from '../render/blocks.ts';
import { code } from '../render/format.ts';
import type { AppContext } from './app-services.ts';
import { defineCommand } from './app-services.ts';

/** `cdnops referer <domain> --json` prints this (README "Command line"): the domain's referer rules as the provider has them. */
export const RefererData = z.object({
  domain: z.string(),
  account: z.string(),
  rules: z.array(
    z.object({
      appliesTo: z.array(z.string()),
      allow: z.array(z.string()),
      deny: z.array(z.string()),
      allowEmpty: z.boolean().optional(),
    }),
  ),
});

export const referer = defineCommand({
  name: 'referer',
  summary: 'Show or set referer anti-leech for a whole domain (setting needs operator, confirmed first)',
  usage: '<domain> [set allow|deny <domains> [--allow-empty | --deny-empty] | off] [--dry-run]',
  examples: [
    'referer www.example.com',
    'referer www.example.com set allow *.example.com example.com --allow-empty',
    'referer www.example.com set deny bad.example.org',
    'referer www.example.com off',
  ],
  role: 'viewer',
  mutating: true,
  // Only the read form has a shape: a change is confirmed in Slack, never printed for a script.
  json: { data: RefererData, reads: (args) => args.positionals.length === 1 },
  flags: { 'allow-empty': 'boolean', 'deny-empty': 'boolean', 'dry-run': 'boolean' },
  args: z
    .object({
      positionals: z.array(z.string()).min(1, 'Name a domain, e.g. `/cdn referer www.example.com`.'),
      'allow-empty': z.boolean().default(false),
      'deny-empty': z.boolean().default(false),
      'dry-run': z.boolean().default(false),
    })
    .refine((args) => !(args['allow-empty'] && args['deny-empty']), {
      message: 'Give --allow-empty or --deny-empty, not both.',
    }),
  async handler(args, ctx) {
    const [domain, verb, ...rest] = args.positionals as [string, ...string[]];
    if (verb === undefined) return show(ctx, domain);

    const lowered = verb.toLowerCase();
    let mode: string;
    let list: string[];
    if (lowered === 'off') {
      mode = 'off';
      list = rest;
    } else if (lowered === 'set' && rest.length > 0) {
      [mode, ...list] = rest as [string, ...string[]];
    } else {
      throw new UsageError(
        'Write `set allow <domains>`, `set deny <domains>` or `off` after the domain.',
        `e.g. \`/cdn referer ${domain} set allow *.example.com --allow-empty\``,
      );
    }
    ctx.guardrails.requireRole(ctx.caller, 'operator', 'referer set');
    // A deny list blocks the listed sites and lets everything else through, including requests without a
    // Referer, unless --deny-empty says otherwise; an allow list refuses them unless --allow-empty.
    const allowEmpty = mode.toLowerCase() === 'deny' ? !args['deny-empty'] : args['allow-empty'];
    const setting = parseRefererSetting({ mode, list, allowEmpty });
    return requestChange(ctx, {
      action: 'referer',
      domain,
      dryRun: args['dry-run'],
      plan: (target) => ({
        plan: { kind: 'config', change: { referer: setting } },
        summary: `set referer anti-leech of ${target.shown} on ${target.accountId}: ${formatRefererSetting(setting)}`,
        consequence:
          setting.mode === 'off'
            ? 'Every referer is served again.'
            : 'Requests whose Referer is refused get HTTP 403 from the edge. Other visit-control rules stay as they are.',
        preview: [
          `Before: ${describeCurrent(target.detail?.referer)}`,
          `After: ${formatRefererSetting(setting)}`,
        ],
        statusBefore: target.detail?.status ?? 'unknown',
      }),
    });
  },
});

function describeCurrent(
  referer:
    | { enabled: boolean; rules: { type: string; referers: string[]; allowEmpty: boolean }[] }
    | undefined,
): string {
  if (!referer) return 'see `/cdn access` for this provider';
  if (!referer.enabled || referer.rules.length === 0) return 'off';
  return referer.rules
    .map((rule) => `${rule.type === 'whitelist' ? 'allow only' : 'deny'} ${rule.referers.join(', ')}`)
    .join('; ');
}

async function show(ctx: AppContext, domain: string): Promise<Reply> {
  const { accountId, provider, detail, shown } = await findDomain(ctx, domain);
  const rules = (await requireOperation(provider, 'accessRules', 'Visit control')(detail.domain)).filter(
    (rule): rule is AccessRule & { referer: NonNullable<AccessRule['referer']> } =>
      rule.referer !== undefined,
  );
  const lines = [`*Referer anti-leech of ${shown}* on ${code(accountId)}`];
  if (rules.length === 0) lines.push('• off: every referer is served');
  for (const rule of rules) {
    const parts = [
      rule.referer.allow.length > 0 ? `allow only ${rule.referer.allow.map(code).join(' ')}` : '',
      rule.referer.deny.length > 0 ? `deny ${rule.referer.deny.map(code).join(' ')}` : '',
      rule.referer.allowEmpty === undefined
        ? ''
        : `empty referer ${rule.referer.allowEmpty ? 'allowed' : 'refused'}`,
    ].filter(Boolean);
    lines.push(`• ${rule.appliesTo.join('; ')}: ${parts.join(' · ')}`);
  }
  return {
    visibility: 'ephemeral',
    text: `Referer anti-leech of ${shown}`,
    blocks: [...sectionsFromLines(lines), context('`/cdn access` shows the IP and user-agent rules too.')],
    data: {
      domain: detail.domain,
      account: accountId,
      rules: rules.map((rule) => ({
        appliesTo: rule.appliesTo,
        allow: rule.referer.allow,
        deny: rule.referer.deny,
        ...(rule.referer.allowEmpty === undefined ? {} : { allowEmpty: rule.referer.allowEmpty }),
      })),
    } satisfies z.input<typeof RefererData>,
  };
}
