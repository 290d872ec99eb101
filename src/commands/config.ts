import { z } from 'zod';
import { findDomain } from '../changes/find-domain.ts';
import { requestChange } from '../changes/request-change.ts';
import type { DomainConfigChange } from '../providers/types.ts';
import { sectionsFromLines } from '../render/blocks.ts';
import { code } from '../render/format.ts';
import { defineCommand } from './app-services.ts';

const ON_OFF = z.enum(['on', 'off'], { error: '--full-url takes on or off.' });

/**
 * `cdnops config <domain> --json` prints this (README "Command line"): origins, the origin Host header (`null`: the
 * domain itself) and full-URL caching (`null`: the provider does not say).
 */
export const ConfigData = z.object({
  account: z.string(),
  domain: z.string(),
  origins: z.array(z.string()),
  originHost: z.string().nullable(),
  fullUrlCache: z.boolean().nullable(),
});

export const config = defineCommand({
  name: 'config',
  summary: 'Show or change a domain’s origin Host header and full-URL caching (changing needs operator)',
  usage: '<domain> [--origin-host H] [--full-url on|off] [--dry-run]',
  examples: [
    'config www.example.com',
    'config www.example.com --origin-host origin.example.com --full-url off',
  ],
  role: 'viewer',
  mutating: true,
  flags: { 'origin-host': 'string', 'full-url': 'string', 'dry-run': 'boolean' },
  // Only the read form (no --origin-host or --full-url) prints JSON.
  json: {
    data: ConfigData,
    reads: (args) => args['origin-host'] === undefined && args['full-url'] === undefined,
  },
  args: z.object({
    positionals: z.array(z.string()).length(1, 'Name one domain, e.g. `/cdn config www.example.com`.'),
    'origin-host': z
      .string()
      .regex(/^[a-z0-9.-]+(:\d{1,5})?$/i, '--origin-host takes a host name such as origin.example.com.')
      .optional(),
    'full-url': ON_OFF.optional(),
    'dry-run': z.boolean().default(false),
  }),
  async handler(args, ctx) {
    const domain = args.positionals[0]!;
    if (args['origin-host'] === undefined && args['full-url'] === undefined) {
      const { accountId, detail, shown } = await findDomain(ctx, domain);
      const lines = [
        `*${shown}* on ${code(accountId)}`,
        `• origin ${detail.origins.map(code).join(', ') || '—'}`,
        `• origin Host header ${detail.originHost ? code(detail.originHost) : '— (the domain itself)'}`,
        `• full-URL caching ${detail.fullUrlCache === undefined ? '—' : detail.fullUrlCache ? 'on (query strings are part of the cache key)' : 'off (query strings ignored)'}`,
      ];
      return {
        visibility: 'ephemeral',
        text: `Configuration of ${shown}`,
        blocks: sectionsFromLines(lines),
        data: {
          account: accountId,
          domain: detail.domain,
          origins: [...detail.origins],
          originHost: detail.originHost ?? null,
          fullUrlCache: detail.fullUrlCache ?? null,
        } satisfies z.input<typeof ConfigData>,
      };
    }
    ctx.guardrails.requireRole(ctx.caller, 'operator', 'config');
    const change: DomainConfigChange = {
      ...(args['origin-host'] !== undefined ? { originHost: args['origin-host'].toLowerCase() } : {}),
      ...(args['full-url'] !== undefined ? { fullUrlCache: args['full-url'] === 'on' } : {}),
    };
    return requestChange(ctx, {
      action: 'config',
      domain,
      dryRun: args['dry-run'],
      plan: (target) => {
        const preview: string[] = [];
        if (change.originHost !== undefined) {
          preview.push(
            `Origin Host header: ${target.detail?.originHost ?? '(the domain)'} → ${change.originHost}`,
          );
        }
        if (change.fullUrlCache !== undefined) {
          const before = target.detail?.fullUrlCache;
          preview.push(
            `Full-URL caching: ${before === undefined ? '—' : before ? 'on' : 'off'} → ${change.fullUrlCache ? 'on' : 'off'}`,
          );
        }
        return {
          plan: { kind: 'config', change },
          summary: `change the origin settings of ${target.shown} on ${target.accountId}`,
          consequence:
            change.fullUrlCache !== undefined
              ? 'Changing full-URL caching changes cache keys: expect more origin traffic until the cache fills again.'
              : 'The edges send the new Host header on their next request to the origin.',
          preview,
          statusBefore: target.detail?.status ?? 'unknown',
        };
      },
    });
  },
});
