import * as z from 'zod';
import { UsageError } from '../errors.ts';
import { isObject } from '../providers/account-failure.ts';
import { withCertificateDetails } from '../providers/certificate-details.ts';
import { asciiDomain, describeDomain, requireDomainName } from '../providers/domain-name.ts';
import type { CdnProvider, DomainDetail } from '../providers/types.ts';
import { context, divider, fitBlocks, header, sectionsFromLines } from '../render/blocks.ts';
import { code, escapeMrkdwn } from '../render/format.ts';
import { describeCertificate, describeExpiry } from '../render/format-certificate.ts';
import { statusEmoji } from '../render/status-emoji.ts';
import { defineCommand } from './app-services.ts';

const MAX_DOMAINS = 10;

/** `cdnops host --json` prints this (README "Command line"): each domain asked about, in full. */
export const HostData = z.object({
  domains: z.array(z.object({ account: z.string(), domain: z.custom<DomainDetail>(isObject) })),
});

export const host = defineCommand({
  name: 'host',
  summary: 'One or more domains in full: status, origin, cache and referer rules',
  usage: '<domain or id>...',
  examples: ['host www.example.com', 'host cdn-7f2pd9wa static.example.com'],
  role: 'viewer',
  flags: {},
  json: { data: HostData },
  args: z.object({
    positionals: z
      .array(z.string())
      .min(1, 'Name a domain (www.example.com) or its id (cdn-xxxxxxxx).')
      .max(MAX_DOMAINS, `At most ${MAX_DOMAINS} domains at a time.`),
  }),
  async handler(args, ctx) {
    // Refused before any provider is asked; an id (cdn-xxxxxxxx, 100001) passes as it is.
    const names = args.positionals.map((name) => ({ typed: name, ascii: requireDomainName(name) }));
    const { accounts, failures } = await ctx.inventory.list(ctx.caller.accounts);
    const wanted = new Map<string, string[]>();
    /** What each listed domain was asked for as, so the answer names it the same way. */
    const typedAs = new Map<string, string>();
    const unknown: string[] = [];
    for (const { typed, ascii } of names) {
      const owner = accounts
        .flatMap((account) => account.domains.map((domain) => ({ accountId: account.accountId, domain })))
        .find(({ domain }) => asciiDomain(domain.domain) === ascii || domain.id === typed);
      if (!owner) {
        unknown.push(describeDomain(typed, ascii));
        continue;
      }
      wanted.set(owner.accountId, [...(wanted.get(owner.accountId) ?? []), owner.domain.domain]);
      if (owner.domain.id !== typed) typedAs.set(owner.domain.domain, typed);
    }
    if (unknown.length > 0) {
      if (failures[0]) throw failures[0];
      throw new UsageError(
        `${unknown.map(code).join(', ')}: no account this channel may use serves ${unknown.length === 1 ? 'it' : 'them'}.`,
        '`/cdn hosts` lists the domains available here.',
      );
    }
    const listed = (
      await Promise.all(
        [...wanted].map(async ([accountId, domains]) =>
          withCertificates(
            ctx.providers.get(accountId)!,
            await ctx.providers.get(accountId)!.describeDomains(domains),
          ).then((found) => found.map((detail) => ({ accountId, detail }))),
        ),
      )
    ).flat();
    const details = await withIssuerAndNames(ctx.providers, listed);
    const now = ctx.clock.now();
    const shown = (domain: string) => describeDomain(typedAs.get(domain) ?? domain, domain);
    const blocks = details.flatMap(({ accountId, detail }, index) => [
      ...(index > 0 ? [divider()] : []),
      header(shown(detail.domain)),
      ...sectionsFromLines(renderDetail(accountId, detail, now)),
    ]);
    return {
      visibility: 'ephemeral',
      text: details.map(({ detail }) => `${shown(detail.domain)}: ${detail.status}`).join(', '),
      blocks: fitBlocks(
        blocks.length > 0 ? blocks : [context('No details returned.')],
        (hidden) => `${hidden} more blocks not shown.`,
      ),
      data: {
        domains: details.map(({ accountId, detail }) => ({ account: accountId, domain: detail })),
      } satisfies z.input<typeof HostData>,
    };
  },
});

/**
 * Details whose provider does not name the certificate in the domain's detail (Wangsu) get it from the account's
 * certificate list; a list that cannot be read leaves HTTPS as unknown rather than failing `host`.
 */
async function withCertificates(provider: CdnProvider, details: DomainDetail[]): Promise<DomainDetail[]> {
  if (!provider.certificates || details.every((detail) => detail.https !== undefined)) return details;
  const rows = await provider.certificates().catch(() => undefined);
  if (!rows) return details;
  return details.map((detail) => {
    const row = rows.find((candidate) => candidate.domain === detail.domain);
    return row && detail.https === undefined
      ? { ...detail, https: row.https, certificate: row.certificate }
      : detail;
  });
}

/**
 * Subject, SANs and issuer where the domain detail leaves them out (Tencent's hosted certificates), as `certs`
 * shows them; a look-up that fails leaves the certificate line as the detail gave it.
 */
async function withIssuerAndNames(
  providers: ReadonlyMap<string, CdnProvider>,
  listed: { accountId: string; detail: DomainDetail }[],
): Promise<{ accountId: string; detail: DomainDetail }[]> {
  const rows = listed.map(({ accountId, detail }) => ({
    account: accountId,
    domain: detail.domain,
    https: detail.https === true,
    certificate: detail.certificate,
  }));
  const { rows: detailed } = await withCertificateDetails(providers, rows);
  return listed.map((entry, index) => {
    const certificate = detailed[index]?.certificate;
    return certificate ? { ...entry, detail: { ...entry.detail, certificate } } : entry;
  });
}

function renderDetail(accountId: string, detail: DomainDetail, now: number): string[] {
  const lines = [
    `${statusEmoji(detail.status)} *${detail.status}*${detail.disabledReason ? ` (disabled: ${escapeMrkdwn(detail.disabledReason)})` : ''} · account ${code(accountId)} · id ${code(detail.id)}`,
    `*CNAME* ${detail.cname ? code(detail.cname) : '—'}`,
    `*Origin* ${detail.origins.length > 0 ? detail.origins.map(code).join(', ') : '—'}${detail.originType ? ` (${detail.originType})` : ''}${detail.backupOrigins?.length ? ` · backup ${detail.backupOrigins.map(code).join(', ')}` : ''}${detail.originProtocol ? ` · pull ${detail.originProtocol}` : ''}${detail.originHost ? ` · origin host ${code(detail.originHost)}` : ''}`,
    `*Service* ${detail.serviceType ?? '—'} · *area* ${detail.area ?? '—'} · *project* ${detail.projectId ?? '—'} · *HTTPS* ${onOff(detail.https)} · *full-URL cache* ${onOff(detail.fullUrlCache)}`,
    ...(detail.certificate
      ? [
          `*Certificate* expires ${describeExpiry(detail.certificate, now)} · ${describeCertificate(detail.certificate)}`,
        ]
      : []),
    '*Cache rules*',
  ];
  if (detail.cacheRules.length === 0) lines.push('      provider defaults');
  for (const rule of detail.cacheRules) {
    lines.push(`      ${rule.type} ${rule.contents.map(code).join(' ')} → ${formatSeconds(rule.seconds)}`);
  }
  if (detail.followOrigin !== undefined)
    lines.push(`      follow origin Cache-Control: ${onOff(detail.followOrigin)}`);
  lines.push(`*Referer* ${detail.referer ? (detail.referer.enabled ? 'on' : 'off') : '—'}`);
  for (const rule of detail.referer?.enabled ? detail.referer.rules : []) {
    const empty =
      rule.type === 'whitelist'
        ? rule.allowEmpty
          ? 'empty referer allowed'
          : 'empty referer refused'
        : rule.allowEmpty
          ? 'empty referer refused'
          : 'empty referer allowed';
    lines.push(
      `      ${rule.type === 'whitelist' ? 'allow only' : 'deny'} ${rule.referers.map(code).join(' ')} on ${rule.ruleType} ${rule.rulePaths.map(code).join(' ')} · ${empty}`,
    );
  }
  if (detail.updatedAt) lines.push(`_Updated ${detail.updatedAt}_`);
  return lines;
}

function onOff(value: boolean | undefined): string {
  return value === undefined ? '—' : value ? 'on' : 'off';
}

/** Cache times read best in the largest whole unit: 2592000 → 30d. */
export function formatSeconds(seconds: number): string {
  if (seconds === 0) return 'no cache';
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
  ] as const) {
    if (seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}
