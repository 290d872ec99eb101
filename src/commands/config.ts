import * as z from 'zod';
import { findDomain } from '../changes/find-domain.ts';
import { requestChange } from '../changes/request-change.ts';
import { UsageError } from '../errors.ts';
import type { DomainConfigChange } from '../providers/types.ts';
import { sectionsFromLines } from '../render/blocks.ts';
import { code } from '../render/format.ts';
import { defineCommand } from './app-services.ts';

const onOff = (value: boolean) => (value ? 'on' : 'off');

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
  // --origin only to point at `origin set`: the seed's UpdateCdnHost row is typed this way.
  flags: { 'origin-host': 'string', 'full-url': 'string', 'dry-run': 'boolean', origin: 'string[]' },
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
    origin: z.array(z.string()).optional(),
  }),
  async handler(args, ctx) {
    const domain = args.positionals[0]!;
    if (args.origin) {
      throw new UsageError(
        '`config` does not change origins; `origin set` does.',
        `Write \`/cdn origin ${domain} set ${args.origin.join(' ')}\` (add --dry-run to see the change first).`,
      );
    }
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
    const wanted: DomainConfigChange = {
      ...(args['origin-host'] !== undefined ? { originHost: args['origin-host'].toLowerCase() } : {}),
      ...(args['full-url'] !== undefined ? { fullUrlCache: args['full-url'] === 'on' } : {}),
    };
    return requestChange(ctx, {
      action: 'config',
      domain,
      dryRun: args['dry-run'],
      plan: (target) => {
        // Only what differs from the domain's configuration now is planned, shown and sent.
        const change: DomainConfigChange = {};
        const preview: string[] = [];
        const already: string[] = [];
        const hostNow = target.detail?.originHost;
        if (wanted.originHost !== undefined) {
          if (hostNow?.toLowerCase() === wanted.originHost) {
            already.push(`origin Host header ${code(hostNow)}`);
          } else {
            change.originHost = wanted.originHost;
            preview.push(`Origin Host header: ${hostNow ?? '(the domain)'} → ${wanted.originHost}`);
          }
        }
        if (wanted.fullUrlCache !== undefined) {
          const before = target.detail?.fullUrlCache;
          if (before === wanted.fullUrlCache) {
            already.push(`full-URL caching ${onOff(before)}`);
          } else {
            change.fullUrlCache = wanted.fullUrlCache;
            preview.push(
              `Full-URL caching: ${before === undefined ? '—' : onOff(before)} → ${onOff(wanted.fullUrlCache)}`,
            );
          }
        }
        if (preview.length === 0) {
          throw new UsageError(
            `${target.shown} already has ${already.join(' and ')}; nothing to change.`,
            `\`/cdn config ${target.domain}\` shows its current settings.`,
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
