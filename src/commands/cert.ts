import * as z from 'zod';
import { findDomain } from '../changes/find-domain.ts';
import { requestChange } from '../changes/request-change.ts';
import { UsageError } from '../errors.ts';
import type { Reply } from '../messaging/message.ts';
import { withCertificateDetails } from '../providers/certificate-details.ts';
import { requireOperation } from '../providers/require-operation.ts';
import type { CertificateInfo } from '../providers/types.ts';
import { sectionsFromLines } from '../render/blocks.ts';
import { code, escapeMrkdwn } from '../render/format.ts';
import { certificateCovers, describeCertificate, describeExpiry } from '../render/format-certificate.ts';
import type { AppContext } from './app-services.ts';
import { defineCommand } from './app-services.ts';

const CERTIFICATE_ID = /^[A-Za-z0-9_-]{1,64}$/;

export const cert = defineCommand({
  name: 'cert',
  summary:
    'Show a domain’s HTTPS certificate, or switch it to one already uploaded (operator, confirmed first): the certificate is looked up before Confirm, an unknown id or one not covering the domain is refused, and the Confirm shows old → new expiry',
  usage: '<domain> [set <certificate id>] [--dry-run]',
  examples: [
    'cert www.example.com',
    'cert www.example.com set Rn3vW8xZ --dry-run',
    'cert www.example.cn set 700102',
  ],
  role: 'viewer',
  mutating: true,
  flags: { 'dry-run': 'boolean' },
  args: z.object({
    positionals: z.array(z.string()).min(1, 'Name a domain, e.g. `/cdn cert www.example.com`.'),
    'dry-run': z.boolean().default(false),
  }),
  async handler(args, ctx) {
    const [domain, verb, id, ...extra] = args.positionals as [string, ...string[]];
    if (verb === undefined) return show(ctx, domain);
    if (verb.toLowerCase() !== 'set' || id === undefined || extra.length > 0) {
      throw new UsageError(
        'Write `set` and one certificate id after the domain.',
        `e.g. \`/cdn cert ${domain} set Rn3vW8xZ\`; \`/cdn certs\` shows the ids in use.`,
      );
    }
    ctx.guardrails.requireRole(ctx.caller, 'operator', 'cert set');
    if (!CERTIFICATE_ID.test(id)) {
      throw new UsageError(
        `\`${id}\` is not a certificate id.`,
        'Certificate ids are letters, digits, `-` and `_`, as the provider console shows them (Tencent `a1B2c3D4`, Wangsu `700102`).',
      );
    }
    return setCertificate(ctx, domain, id, args['dry-run']);
  },
});

async function currentOf(ctx: AppContext, accountId: string, domain: string) {
  const provider = ctx.providers.get(accountId)!;
  const all = (await provider.certificates?.()) ?? [];
  return { all, current: all.find((row) => row.domain === domain) };
}

async function show(ctx: AppContext, typed: string): Promise<Reply> {
  const { accountId, provider, detail, shown } = await findDomain(ctx, typed);
  requireOperation(provider, 'certificates', 'Listing certificates');
  const { current: listed } = await currentOf(ctx, accountId, detail.domain);
  const current = listed
    ? (await withCertificateDetails(ctx.providers, [{ ...listed, account: accountId }])).rows[0]
    : undefined;
  const now = ctx.clock.now();
  const lines = [`*HTTPS certificate of ${shown}* on ${code(accountId)}`];
  if (!current?.https) lines.push('• no HTTPS');
  else if (!current.certificate) lines.push('• HTTPS on, certificate not reported');
  else {
    lines.push(`• expires ${describeExpiry(current.certificate, now)}`);
    lines.push(`• ${describeCertificate(current.certificate)}`);
    if (current.certificate.detailsUnavailable) {
      lines.push(
        `• subject, SANs and issuer unavailable: ${escapeMrkdwn(current.certificate.detailsUnavailable)}`,
      );
    }
  }
  return { visibility: 'ephemeral', text: `HTTPS certificate of ${shown}`, blocks: sectionsFromLines(lines) };
}

function describe(certificate: CertificateInfo | undefined, now: number): string {
  if (!certificate) return 'none (no HTTPS)';
  const names = certificate.sans && certificate.sans.length > 0 ? ` (${certificate.sans.join(', ')})` : '';
  return `${certificate.id || certificate.name || 'unnamed'}${names}, expires ${describeExpiry(certificate, now)}`;
}

async function setCertificate(
  ctx: AppContext,
  typed: string,
  id: string,
  dryRun: boolean,
): Promise<Reply | undefined> {
  const { accountId, provider, detail } = await findDomain(ctx, typed);
  const lookUp = requireOperation(provider, 'certificate', 'Changing the HTTPS certificate');
  // The provider's own refusal (Tencent SSL FailedOperation.CertificateNotFound) is shown with its code as it is.
  const wanted = await lookUp(id);
  if (!wanted) {
    throw new UsageError(
      `${provider.kind === 'wangsu' ? 'Wangsu' : 'The provider'} has no certificate \`${id}\` on ${accountId}.`,
      '`/cdn certs` shows the certificates domains use; upload new ones in the provider console.',
    );
  }
  const names = wanted.matchingDomains ?? wanted.sans;
  const matches = wanted.matchingDomains
    ? wanted.matchingDomains.includes(detail.domain)
    : wanted.sans
      ? certificateCovers(wanted.sans, detail.domain)
      : true;
  if (!matches) {
    throw new UsageError(
      `Certificate \`${id}\` does not cover \`${detail.domain}\`${names && names.length > 0 ? `: it is for ${names.map((name) => `\`${name}\``).join(', ')}` : ''}. Nothing was sent.`,
      'Pick a certificate whose names include the domain (or a `*.` wildcard of its parent).',
    );
  }
  const { all, current } = await currentOf(ctx, accountId, detail.domain);
  if (current?.certificate?.id === id) {
    throw new UsageError(`\`${detail.domain}\` already uses certificate \`${id}\`.`);
  }
  // Without SSL permission Tencent's DescribeCertDomains is all there is: no expiry, unless a domain serves it.
  const known = all.find((row) => row.certificate?.id === id)?.certificate;
  const next: CertificateInfo = { ...wanted, expiresAt: wanted.expiresAt ?? known?.expiresAt };
  const now = ctx.clock.now();
  return requestChange(ctx, {
    action: 'cert',
    domain: typed,
    dryRun,
    plan: (target) => ({
      plan: { kind: 'config', change: { certificateId: id } },
      summary: `switch the HTTPS certificate of ${target.shown} on ${target.accountId} to ${id}`,
      consequence:
        'Edges serve the new certificate once the provider has deployed it; other HTTPS settings stay as they are.',
      preview: [
        `Certificate before: ${describe(current?.https ? current.certificate : undefined, now)}`,
        `Certificate after: ${next.expiresAt === undefined ? `${id}, expiry shown once deployed` : describe(next, now)}`,
        ...(wanted.detailsUnavailable
          ? [
              `Note: the certificate's details could not be read, so its coverage was checked with the CDN's list of matching domains: ${wanted.detailsUnavailable}`,
            ]
          : []),
      ],
      statusBefore: target.detail?.status ?? 'unknown',
    }),
  });
}
