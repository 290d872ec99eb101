import * as z from 'zod';
import { findDomain } from '../changes/find-domain.ts';
import { originSetting } from '../changes/parse-origins.ts';
import { requestChange } from '../changes/request-change.ts';
import { tokenize } from '../dispatch/tokenize.ts';
import { UsageError } from '../errors.ts';
import type { Reply } from '../messaging/message.ts';
import type { DomainConfigChange, DomainDetail, OriginSetting } from '../providers/types.ts';
import { sectionsFromLines } from '../render/blocks.ts';
import { code } from '../render/format.ts';
import type { AppContext } from './app-services.ts';
import { defineCommand } from './app-services.ts';

const PROTOCOL = z.enum(['http', 'https', 'follow'], { error: '--protocol takes http, https or follow.' });

/** `cdnops origin <domain> --json` prints this (README "Command line"). */
export const OriginData = z.object({
  account: z.string(),
  domain: z.string(),
  origins: z.array(z.string()),
  /** The provider's word for them (Tencent OriginType: ip, domain, ipv6, …); null when it gives none. */
  originType: z.string().nullable(),
  /** null: the provider does not report backups. */
  backupOrigins: z.array(z.string()).nullable(),
  /** How the edges fetch: http, https, or follow the client's scheme; null: not reported. */
  protocol: z.enum(['http', 'https', 'follow']).nullable(),
  /** null: the domain itself. */
  originHost: z.string().nullable(),
});

export const origin = defineCommand({
  name: 'origin',
  summary:
    'Show or change where a domain’s edges fetch from: origins, backups, pull protocol, Host (changing needs operator)',
  usage:
    '<domain> [set <origin>... [--backup <origin>[,<origin>…] | --backup none] [--protocol http|https|follow] [--host H]] [--dry-run]',
  examples: [
    'origin www.example.com',
    'origin www.example.com set 203.0.113.10 203.0.113.11:8080 --protocol follow',
    'origin www.example.com set origin.example.com --backup 203.0.113.20 --host www.example.com --dry-run',
    'origin www.example.cn set 203.0.113.30 203.0.113.31',
  ],
  role: 'viewer',
  mutating: true,
  flags: { backup: 'string[]', protocol: 'string', host: 'string', 'dry-run': 'boolean' },
  json: { data: OriginData, reads: (args) => args.positionals.length === 1 },
  args: z.object({
    positionals: z.array(z.string()).min(1, 'Name a domain, e.g. `/cdn origin www.example.com`.'),
    backup: z.array(z.string()).optional(),
    protocol: PROTOCOL.optional(),
    host: z
      .string()
      .regex(/^[a-z0-9.-]+(:\d{1,5})?$/i, '--host takes a host name such as origin.example.com.')
      .optional(),
    'dry-run': z.boolean().default(false),
  }),
  async handler(args, ctx) {
    const [domain, verb, ...rest] = args.positionals as [string, ...string[]];
    const changing =
      verb !== undefined ||
      args.backup !== undefined ||
      args.protocol !== undefined ||
      args.host !== undefined;
    if (!changing) return show(ctx, domain);
    if (verb?.toLowerCase() !== 'set') {
      throw new UsageError(
        'Write `set` and the new origins after the domain.',
        `e.g. \`/cdn origin ${domain} set 203.0.113.10 203.0.113.11:8080\``,
      );
    }
    refuseBackupsWithoutCommas(ctx.commandText);
    // Checked before any provider is asked: a mistyped origin never costs a call.
    const backups = args.backup?.length === 1 && args.backup[0]?.toLowerCase() === 'none' ? [] : args.backup;
    const asked = originSetting(rest, backups, args.protocol);
    const host = args.host?.toLowerCase();
    if (!asked.origins && !asked.backup && !asked.protocol && host === undefined) {
      throw new UsageError(
        'Name the new origins after `set` (or change only --backup, --protocol or --host).',
        `e.g. \`/cdn origin ${domain} set 203.0.113.10 203.0.113.11:8080\``,
      );
    }
    ctx.guardrails.requireRole(ctx.caller, 'operator', 'origin set');
    return requestChange(ctx, {
      action: 'origin',
      domain,
      dryRun: args['dry-run'],
      plan: (target) => {
        // Without new primaries the current ones go back: the provider writes the origin object whole.
        const setting: OriginSetting = {
          ...asked,
          origins: asked.origins ?? [...(target.detail?.origins ?? [])],
        };
        if (asked.origins || asked.backup || asked.protocol)
          target.provider.checkOrigin?.(setting, target.detail);
        const { change, preview, already } = diff(target.detail, setting, host);
        if (preview.length === 0) {
          throw new UsageError(
            `${target.shown} already has ${already.join(' and ')}; nothing to change.`,
            `\`/cdn origin ${target.domain}\` shows its current origin.`,
          );
        }
        return {
          plan: { kind: 'config', change },
          summary: `change the origin of ${target.shown} on ${target.accountId}`,
          consequence:
            'The edges fetch from the new origin on their next cache miss: it must already serve this domain (and its Host header), or visitors get errors.',
          preview,
          statusBefore: target.detail?.status ?? 'unknown',
        };
      },
    });
  },
});

/**
 * `--backup a b` would leave `b` among the primary origins (options take one word): refused, so nobody confirms a
 * preview that moved a backup into the primaries without noticing.
 */
function refuseBackupsWithoutCommas(commandText: string): void {
  let tokens: string[];
  try {
    tokens = tokenize(commandText);
  } catch {
    return;
  }
  tokens.forEach((token, index) => {
    const lowered = token.toLowerCase();
    const inline = lowered.startsWith('--backup=');
    if (lowered !== '--backup' && !inline) return;
    const value = inline ? token.slice('--backup='.length) : tokens[index + 1];
    const next = tokens[index + (inline ? 1 : 2)];
    if (value && !value.endsWith(',') && next !== undefined && !next.startsWith('--')) {
      throw new UsageError(
        `\`--backup ${value} ${next}\`: separate several backup origins with commas.`,
        `Write \`--backup ${value},${next}\`; primary origins go right after \`set\`.`,
      );
    }
  });
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  const normal = (list: readonly string[]) => list.map((item) => item.toLowerCase()).sort();
  return JSON.stringify(normal(a)) === JSON.stringify(normal(b));
}

const list = (items: readonly string[] | undefined) =>
  items === undefined ? '—' : items.length === 0 ? 'none' : items.join(', ');

/** Only what differs from the domain's configuration now is planned, shown and sent. */
function diff(
  detail: DomainDetail | undefined,
  setting: OriginSetting,
  host: string | undefined,
): { change: DomainConfigChange; preview: string[]; already: string[] } {
  const preview: string[] = [];
  const already: string[] = [];
  const origins = detail?.origins ?? [];
  if (sameList(origins, setting.origins)) already.push(`origins ${setting.origins.map(code).join(', ')}`);
  else preview.push(`Origins: ${list(origins)} → ${list(setting.origins)}`);
  if (setting.backup) {
    if (detail?.backupOrigins && sameList(detail.backupOrigins, setting.backup)) {
      already.push(`backup origins ${list(setting.backup)}`);
    } else {
      preview.push(`Backup origins: ${list(detail?.backupOrigins)} → ${list(setting.backup)}`);
    }
  }
  if (setting.protocol) {
    if (detail?.originProtocol === setting.protocol) already.push(`pull protocol ${setting.protocol}`);
    else preview.push(`Pull protocol: ${detail?.originProtocol ?? '—'} → ${setting.protocol}`);
  }
  const originChanges = preview.length > 0;
  const hostChanges = host !== undefined && detail?.originHost?.toLowerCase() !== host;
  if (host !== undefined) {
    if (hostChanges) preview.push(`Origin Host header: ${detail?.originHost ?? '(the domain)'} → ${host}`);
    else already.push(`origin Host header ${code(host)}`);
  }
  const change: DomainConfigChange = {
    // The origin object is written whole: the origins go with a protocol or backup change too.
    ...(originChanges ? { origin: setting } : {}),
    ...(hostChanges ? { originHost: host } : {}),
  };
  return { change, preview, already };
}

async function show(ctx: AppContext, domain: string): Promise<Reply> {
  const { accountId, detail, shown } = await findDomain(ctx, domain);
  const lines = [
    `*Origin of ${shown}* on ${code(accountId)}`,
    `• origins ${detail.origins.map(code).join(', ') || '—'}${detail.originType ? ` (${detail.originType})` : ''}`,
    `• backup origins ${detail.backupOrigins === undefined ? '— (not reported by this provider)' : detail.backupOrigins.map(code).join(', ') || 'none'}`,
    `• pull protocol ${detail.originProtocol ? describeProtocol(detail.originProtocol) : '— (not reported by this provider)'}`,
    `• origin Host header ${detail.originHost ? code(detail.originHost) : '— (the domain itself)'}`,
  ];
  return {
    visibility: 'ephemeral',
    text: `Origin of ${shown}`,
    blocks: sectionsFromLines(lines),
    data: {
      account: accountId,
      domain: detail.domain,
      origins: [...detail.origins],
      originType: detail.originType ?? null,
      backupOrigins: detail.backupOrigins ? [...detail.backupOrigins] : null,
      protocol: detail.originProtocol ?? null,
      originHost: detail.originHost ?? null,
    } satisfies z.input<typeof OriginData>,
  };
}

function describeProtocol(protocol: 'http' | 'https' | 'follow'): string {
  return protocol === 'follow' ? 'follow (the scheme the visitor used)' : protocol;
}
