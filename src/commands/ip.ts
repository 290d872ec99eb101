import { isIP } from 'node:net';
import * as z from 'zod';
import { selectAccounts } from '../auth/select-accounts.ts';
import { UnsupportedError, UsageError } from '../errors.ts';
import type { NodeIpInfo } from '../providers/node-ip-types.ts';
import { context, sectionsFromLines } from '../render/blocks.ts';
import { code, escapeMrkdwn } from '../render/format.ts';
import { defineCommand } from './app-services.ts';

/** 5 DescribeCdnIp calls: enough for an incident's list, far inside its 200 calls per 10 minutes. */
const MAX_ADDRESSES = 100;

/** `cdnops ip <address>... --json` prints this (README "Command line"). */
export const IpData = z.object({
  account: z.string(),
  addresses: z.array(
    z.object({
      ip: z.string(),
      isNode: z.boolean(),
      location: z.string().nullable(),
      city: z.string().nullable(),
      area: z.enum(['mainland', 'overseas']).nullable(),
      /** The node's latest state change: online or offline, and when (Beijing time as the provider writes it). */
      status: z.enum(['online', 'offline']).nullable(),
      since: z.string().nullable(),
    }),
  ),
});

export const ip = defineCommand({
  name: 'ip',
  summary:
    'Whether addresses are the provider’s CDN nodes, with location and status (e.g. for an origin firewall)',
  usage: '<address>... [--account A]',
  examples: ['ip 203.0.113.80', 'ip 203.0.113.80 198.51.100.7 2001:db8::80 --account tencent-prod'],
  role: 'viewer',
  flags: { account: 'string' },
  json: { data: IpData },
  args: z.object({
    positionals: z
      .array(z.string())
      .min(1, 'Name one or more IP addresses, e.g. `/cdn ip 203.0.113.80`.')
      .max(MAX_ADDRESSES, `At most ${MAX_ADDRESSES} addresses at a time.`),
    account: z.string().optional(),
  }),
  async handler(args, ctx) {
    // Every address is checked before any provider is asked.
    const addresses = [...new Set(args.positionals.map(parseAddress))];
    const accountIds = selectAccounts(ctx.caller, args.account);
    // Node ownership is the provider's, not the account's: one account that can answer is enough.
    const accountId = accountIds.find((id) => ctx.providers.get(id)?.describeNodeIps);
    if (!accountId) {
      const kinds = [...new Set(accountIds.map((id) => ctx.providers.get(id)?.kind ?? 'unknown'))];
      throw new UnsupportedError(
        `Looking up CDN node addresses is not supported on ${kinds.join(' or ')} accounts (${accountIds.join(', ')}): ${kinds.includes('wangsu') ? 'Wangsu documents no API for it' : 'the provider has no API for it'}.`,
      );
    }
    const provider = ctx.providers.get(accountId)!;
    const answers = await provider.describeNodeIps!(addresses);
    const byIp = new Map(answers.map((answer) => [normalize(answer.ip), answer]));
    const rows = addresses.map((address) => byIp.get(normalize(address)) ?? unanswered(address));
    const nodes = rows.filter((row) => row.isNode).length;
    const lines = [
      `*${nodes} of ${rows.length} address${rows.length === 1 ? ' is a' : 'es are'} ${providerName(provider.kind)} CDN node${rows.length === 1 ? '' : 's'}* (asked ${code(accountId)})`,
      ...rows.map(renderRow),
    ];
    const skipped = accountIds.filter((id) => id !== accountId && !ctx.providers.get(id)?.describeNodeIps);
    return {
      visibility: 'ephemeral',
      text: `${nodes} of ${rows.length} addresses are CDN nodes`,
      blocks: [
        ...sectionsFromLines(lines),
        ...(skipped.length > 0
          ? [
              context(
                `Not asked: ${skipped.map(code).join(', ')} (Wangsu documents no API that says whether an address is one of its nodes).`,
              ),
            ]
          : []),
      ],
      data: {
        account: accountId,
        addresses: rows.map((row) => {
          const latest = latestChange(row);
          return {
            ip: row.ip,
            isNode: row.isNode,
            location: row.location ?? null,
            city: row.city ?? null,
            area: row.area ?? null,
            status: latest?.status ?? null,
            since: latest?.at ?? null,
          };
        }),
      } satisfies z.input<typeof IpData>,
    };
  },
});

function parseAddress(typed: string): string {
  const text = typed.trim();
  if (isIP(text) === 0) {
    throw new UsageError(
      `\`${text}\` is not an IP address.`,
      'Write IPv4 as `203.0.113.80` or IPv6 as `2001:db8::80`, without a port or a CIDR range.',
    );
  }
  // One spelling per address, so `2001:DB8:0::80` and `2001:db8::80` are asked about once.
  return normalize(text.toLowerCase());
}

/** An IPv6 address as the URL parser writes it (zeros compressed, lower case); IPv4 as it is. */
function normalize(address: string): string {
  if (isIP(address) !== 6) return address;
  try {
    return new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return address.toLowerCase();
  }
}

function unanswered(address: string): NodeIpInfo {
  return { ip: address, isNode: false, location: undefined, city: undefined, area: undefined, history: [] };
}

function latestChange(row: NodeIpInfo): NodeIpInfo['history'][number] | undefined {
  return [...row.history].sort((a, b) => (b.at ?? '').localeCompare(a.at ?? ''))[0];
}

function providerName(kind: string): string {
  return kind === 'tencent' ? 'Tencent Cloud' : kind;
}

function renderRow(row: NodeIpInfo): string {
  if (!row.isNode) return `:heavy_minus_sign: ${code(row.ip)} is not a CDN node`;
  const latest = latestChange(row);
  const where = [row.location, row.city, row.area].filter(Boolean).map((part) => escapeMrkdwn(part!));
  return [
    `:white_check_mark: ${code(row.ip)} is a CDN node`,
    where.length > 0 ? where.join(' · ') : 'location unknown',
    latest ? `${latest.status}${latest.at ? ` since ${latest.at}` : ''}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}
