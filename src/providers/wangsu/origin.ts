/**
 * Wangsu's side of `/cdn origin … set` and `config --origin-host`: the domain's `origin-config` through
 * EditDomainConfig (`PUT /api/domain/{domain}`, wangsu-sdk-go / terraform-provider-wangsu). Its `origin-ips` are
 * IPs separated by `;` (at most 15) or one domain, at most 500 characters; the Host header at most 128. The API
 * has no port, backup list or pull protocol in `origin-config`: those are refused by name before anyone confirms.
 */
import { isIP } from 'node:net';
import { UnsupportedError, UsageError } from '../../errors.ts';
import type { OriginSetting } from '../types.ts';

export const MAX_ORIGIN_IPS = 15;
const MAX_ORIGIN_CHARS = 500;
const MAX_HOST_HEADER_CHARS = 128;

export function checkWangsuOrigin(accountId: string, setting: OriginSetting): void {
  const unsupported = (what: string, hint: string) =>
    new UnsupportedError(
      `${what} is not supported on wangsu accounts (account ${accountId}): Wangsu's origin-config has origin IPs and the Host header only. ${hint}`,
    );
  if (setting.backup) throw unsupported('Setting backup origins', 'Leave out --backup.');
  if (setting.protocol) throw unsupported('Choosing the origin pull protocol', 'Leave out --protocol.');
  const withPort = setting.origins.find((origin) => !isIP(origin) && /:\d+$/.test(origin));
  if (withPort) {
    throw new UsageError(
      `\`${withPort}\`: Wangsu's origin-ips take addresses without a port.`,
      'Drop the port; Wangsu pulls on the port of the request (80 or 443).',
    );
  }
  const ips = setting.origins.filter((origin) => isIP(origin) !== 0);
  if (ips.length > MAX_ORIGIN_IPS) {
    throw new UsageError(
      `${ips.length} origin IPs given; Wangsu takes at most ${MAX_ORIGIN_IPS} (or one domain).`,
      'Give at most 15 IPs, or one domain whose DNS lists them.',
    );
  }
  if (setting.origins.join(';').length > MAX_ORIGIN_CHARS) {
    throw new UsageError(
      `The origins are longer than Wangsu's ${MAX_ORIGIN_CHARS} characters for origin-ips.`,
    );
  }
}

export function checkWangsuHostHeader(host: string): void {
  if (host.length > MAX_HOST_HEADER_CHARS) {
    throw new UsageError(
      `Wangsu takes an origin Host header of at most ${MAX_HOST_HEADER_CHARS} characters.`,
    );
  }
}

/**
 * The `origin-config` to PUT: the one read (so settings cdnops does not model, such as advanced origin configs,
 * go back as they were) with the origins and Host header asked for.
 */
export function originConfigBody(
  read: Record<string, unknown> | null | undefined,
  change: { origins?: readonly string[]; host?: string },
): Record<string, unknown> {
  const config: Record<string, unknown> = { ...read };
  if (change.origins) config['origin-ips'] = change.origins.join(';');
  if (change.host !== undefined) config['default-origin-host-header'] = change.host;
  // Unset fields come back as null; sent back, they would read as "clear it".
  for (const [key, value] of Object.entries(config)) if (value === null) delete config[key];
  return { 'origin-config': config };
}
