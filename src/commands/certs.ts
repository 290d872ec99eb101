import * as z from 'zod';
import { parseDuration } from '../changes/parse-duration.ts';
import { UsageError } from '../errors.ts';
import { AccountFailure, accountFailure, isObject } from '../providers/account-failure.ts';
import { withCertificateDetails } from '../providers/certificate-details.ts';
import { type CertificateRow, collectCertificates } from '../providers/collect-certificates.ts';
import { context, fitBlocks, header, sectionsFromLines } from '../render/blocks.ts';
import { code, escapeMrkdwn } from '../render/format.ts';
import { daysLeft, describeCertificate, describeExpiry } from '../render/format-certificate.ts';
import { defineCommand } from './app-services.ts';

/** Certificates this close to expiry are marked; digests call them out at the same distance. */
export const EXPIRY_WARNING_DAYS = 14;
const DAY_S = 86_400;
const MAX_EXPIRING_DAYS = 3650;

/** `cdnops certs --json` prints this (README "Command line"): each domain, soonest expiry first. */
export const CertsData = z.object({
  domains: z.array(
    z.object({
      account: z.string(),
      domain: z.string(),
      https: z.boolean(),
      certificate: z.custom<NonNullable<CertificateRow['certificate']>>(isObject).optional(),
      daysLeft: z.number().optional(),
    }),
  ),
  failures: z.array(AccountFailure),
  /** Certificates listed without subject, SANs and issuer, and why (e.g. the key may not read Tencent SSL). */
  detailsUnavailable: z
    .array(z.object({ account: z.string(), reason: z.string(), certificates: z.array(z.string()) }))
    .optional(),
});

export const certs = defineCommand({
  name: 'certs',
  summary:
    'HTTPS certificates of every domain: subject/SANs, issuer, expiry and days left, soonest first (Tencent details come from its SSL Certificate service; without permission there, expiry only, saying why)',
  usage: '[filter] [--expiring 30d]',
  examples: ['certs', 'certs --expiring 30d', 'certs example.cn'],
  role: 'viewer',
  flags: { expiring: 'string' },
  json: { data: CertsData },
  args: z.object({
    positionals: z.array(z.string()).max(1, 'Give at most one filter, e.g. `/cdn certs example.com`.'),
    expiring: z.string().optional(),
  }),
  async handler(args, ctx) {
    const filter = args.positionals[0]?.toLowerCase();
    let within: number | undefined;
    if (args.expiring !== undefined) {
      const seconds = parseDuration(args.expiring.trim().toLowerCase());
      if (seconds === undefined || seconds < DAY_S || seconds > MAX_EXPIRING_DAYS * DAY_S) {
        throw new UsageError(
          `--expiring takes a number of days or weeks, not \`${args.expiring}\`.`,
          'e.g. `/cdn certs --expiring 30d` or `--expiring 2w`',
        );
      }
      within = Math.floor(seconds / DAY_S);
    }
    const now = ctx.clock.now();
    const { rows, failures, unsupported } = await collectCertificates(ctx.providers, ctx.caller.accounts);
    const listed = rows.filter((row) => {
      if (filter && !row.domain.includes(filter)) return false;
      if (within === undefined) return true;
      const days = daysLeft(row.certificate, now);
      return row.https && days !== undefined && days <= within;
    });
    // Only the rows shown are looked up, each certificate once however many domains serve it.
    const { rows: shown, missing } = await withCertificateDetails(ctx.providers, listed);
    const lines = shown.map((row) => renderRow(row, now));
    const title =
      within === undefined
        ? `HTTPS certificates${filter ? ` matching ${code(filter)}` : ''}`
        : `HTTPS certificates expiring within ${within} days${filter ? ` matching ${code(filter)}` : ''}`;
    const notes = [
      ...failures.map(
        ({ account, error }) =>
          `:warning: ${code(account)} could not be read: ${'providerCode' in error ? `${code(String(error.providerCode))} ` : ''}${error.message}`,
      ),
      ...unsupported.map(
        (account) => `${code(account)}: listing certificates is not supported on its provider.`,
      ),
      ...missing.map(
        ({ account, reason, certificates }) =>
          `:warning: ${code(account)}: subject, SANs and issuer unavailable for ${certificates.map(code).join(', ')} (expiry is from the CDN): ${escapeMrkdwn(reason)}`,
      ),
    ];
    const https = shown.filter((row) => row.https).length;
    return {
      visibility: 'ephemeral',
      text: `${title}: ${https} HTTPS, ${shown.length - https} without`,
      blocks: fitBlocks(
        [
          header(within === undefined ? 'HTTPS certificates' : `Certificates expiring within ${within} days`),
          ...sectionsFromLines(
            lines.length > 0
              ? lines
              : [
                  within === undefined
                    ? '_No domains match._'
                    : `_No certificate expires within ${within} days._`,
                ],
          ),
          ...(notes.length > 0 ? [context(notes.join('\n'))] : []),
          context(
            'Soonest expiry first. Switch a certificate with `/cdn cert <domain> set <certificate id>`.',
          ),
        ],
        (hidden) => `${hidden} more blocks not shown.`,
      ),
      data: {
        domains: shown.map((row) => ({
          account: row.account,
          domain: row.domain,
          https: row.https,
          ...(row.certificate ? { certificate: row.certificate } : {}),
          ...(daysLeft(row.certificate, now) !== undefined
            ? { daysLeft: daysLeft(row.certificate, now) }
            : {}),
        })),
        failures: failures.map(({ account, error }) => accountFailure(account, error)),
        ...(missing.length > 0 ? { detailsUnavailable: missing } : {}),
      } satisfies z.input<typeof CertsData>,
    };
  },
});

function renderRow(row: CertificateRow, now: number): string {
  if (!row.https) return `• ${code(row.domain)}: no HTTPS · ${code(row.account)}`;
  if (!row.certificate)
    return `• ${code(row.domain)}: HTTPS, certificate not reported · ${code(row.account)}`;
  const days = daysLeft(row.certificate, now);
  const mark =
    days === undefined ? '•' : days < 0 ? ':red_circle:' : days <= EXPIRY_WARNING_DAYS ? ':warning:' : '•';
  const unavailable = row.certificate.detailsUnavailable ? ' · details unavailable (see below)' : '';
  return `${mark} ${code(row.domain)}: ${describeExpiry(row.certificate, now)} · ${describeCertificate(row.certificate)}${unavailable} · ${code(row.account)}`;
}
