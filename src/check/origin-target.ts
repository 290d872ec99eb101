import { isIP } from 'node:net';
import type { DomainDetail } from '../providers/types.ts';
import { parseHostPort } from '../util/host-port.ts';
import type { OriginTarget } from './check-urls.ts';

export type OriginSettings = Pick<DomainDetail, 'domain' | 'origins' | 'originHost' | 'originProtocol'>;

/**
 * Where and how the CDN fetches `url` from the domain's origin: its first origin, with the origin Host header
 * (`originHost`, else the domain itself). The scheme is the provider's pull protocol when it reports one; `follow`
 * (or no report) means the client's own scheme, except that an explicit port decides: 443 is HTTPS, any other HTTP.
 * The port is the origin's own, else the scheme's default.
 */
export function originTarget(domain: OriginSettings, url: URL): OriginTarget | undefined {
  const first = domain.origins.map((origin) => origin.trim()).find((origin) => origin !== '');
  if (first === undefined) return undefined;
  const address = withoutWeight(first);
  const { port } = parseHostPort(address);
  return {
    address,
    hostHeader: domain.originHost?.trim() || domain.domain,
    protocol: originProtocol(domain.originProtocol, port, url),
  };
}

function originProtocol(
  pull: DomainDetail['originProtocol'],
  port: number | undefined,
  url: URL,
): OriginTarget['protocol'] {
  if (pull === 'http' || pull === 'https') return `${pull}:`;
  if (pull !== 'follow' && port !== undefined) return port === 443 ? 'https:' : 'http:';
  return url.protocol === 'https:' ? 'https:' : 'http:';
}

/** Tencent lets IP origins carry a weight, `1.2.3.4:80:10`; the weight is no part of the address. */
function withoutWeight(origin: string): string {
  const weighted = /^([^:[\]]+:\d+):\d+$/.exec(origin);
  return weighted && isIP(origin) === 0 ? weighted[1]! : origin;
}
