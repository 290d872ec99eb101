/**
 * Origins as people type them for `/cdn origin … set`: IPv4 or IPv6 addresses with an optional port, or one domain
 * name. Checked before anything is read from a provider, so a typo never costs a call; what each provider accepts
 * beyond that (how many, ports, IPv6) is the provider's own check (`CdnProvider.checkOrigin`).
 */
import { isIPv4, isIPv6 } from 'node:net';
import { UsageError } from '../errors.ts';
import { asciiDomain } from '../providers/domain-name.ts';
import type { OriginSetting } from '../providers/types.ts';

export interface OriginAddress {
  kind: 'ipv4' | 'ipv6' | 'domain';
  /** The address or the ASCII domain, without the port. */
  host: string;
  port: number | undefined;
}

/** How every refusal ends: the forms that are accepted. */
const HOW =
  'Write IPs as `203.0.113.10` or `203.0.113.10:8080`, IPv6 as `2001:db8::10` or `[2001:db8::10]:8080`, or one domain as `origin.example.com`.';

const HOSTNAME =
  /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(?:\.(?!-)[a-z0-9-]{1,63}(?<!-))*\.[a-z][a-z0-9-]{1,62}$/;

function refuse(message: string): never {
  throw new UsageError(message, HOW);
}

function parsePort(typed: string, port: string): number {
  const value = /^\d{1,5}$/.test(port) ? Number(port) : Number.NaN;
  if (!(value >= 1 && value <= 65_535)) refuse(`\`${typed}\`: the port must be a number from 1 to 65535.`);
  return value;
}

/** One origin as typed; a UsageError naming it when it is none of the accepted forms. */
export function parseOrigin(typed: string): OriginAddress {
  const text = typed.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    refuse(
      `\`${text}\` is a URL; an origin is only its host (and port). Use --protocol http, https or follow for the scheme.`,
    );
  }
  if (/[/?#@\s]/.test(text)) refuse(`\`${text}\` is not an origin: no paths, queries or user names.`);
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  if (bracketed) {
    const [, address = '', port] = bracketed;
    if (!isIPv6(address)) refuse(`\`${text}\` is not an IPv6 address.`);
    return {
      kind: 'ipv6',
      host: address.toLowerCase(),
      port: port === undefined ? undefined : parsePort(text, port),
    };
  }
  if (isIPv6(text)) return { kind: 'ipv6', host: text.toLowerCase(), port: undefined };
  const [host = '', port, extra] = text.split(':');
  if (extra !== undefined) {
    refuse(`\`${text}\` has more than one \`:\`; an IPv6 address with a port goes in brackets.`);
  }
  const portNumber = port === undefined ? undefined : parsePort(text, port);
  if (isIPv4(host)) return { kind: 'ipv4', host, port: portNumber };
  if (/^[\d.]+$/.test(host)) refuse(`\`${text}\` is not a valid IPv4 address.`);
  const ascii = asciiDomain(host);
  if (!ascii || !HOSTNAME.test(ascii)) refuse(`\`${text}\` is neither an IP address nor a domain name.`);
  return { kind: 'domain', host: ascii, port: portNumber };
}

/** An origin written back the way providers list it: `1.2.3.4:8080`, `[2001:db8::1]:8080`, `origin.example.com`. */
export function formatOrigin(origin: OriginAddress): string {
  const host = origin.kind === 'ipv6' && origin.port !== undefined ? `[${origin.host}]` : origin.host;
  return origin.port === undefined ? host : `${host}:${origin.port}`;
}

/**
 * A list of origins (the primaries, or the backups): IPs, or exactly one domain, never both, and no address twice.
 * `what` names the list in messages ("origins", "backup origins").
 */
export function parseOriginList(typed: readonly string[], what: string): OriginAddress[] {
  const origins = typed.map(parseOrigin);
  const domains = origins.filter((origin) => origin.kind === 'domain');
  if (domains.length > 0 && domains.length < origins.length) {
    throw new UsageError(
      `The ${what} mix IP addresses and a domain (${typed.join(', ')}); providers take IPs or one domain, not both.`,
      'Give only IPs, or only one domain.',
    );
  }
  if (domains.length > 1) {
    throw new UsageError(
      `The ${what} name ${domains.length} domains; providers take one domain (or a list of IPs).`,
      'Give one domain, e.g. `origin.example.com`; its DNS can list several servers.',
    );
  }
  const seen = new Set<string>();
  for (const origin of origins) {
    const key = formatOrigin(origin);
    if (seen.has(key)) throw new UsageError(`\`${key}\` is given twice in the ${what}.`);
    seen.add(key);
  }
  return origins;
}

/**
 * What `/cdn origin … set` asks for: new primaries (none: keep the current ones, e.g. `set --protocol https`),
 * backups and the pull protocol, each absent when not asked for.
 */
export function originSetting(
  primaries: readonly string[],
  backups: readonly string[] | undefined,
  protocol: OriginSetting['protocol'],
): Partial<OriginSetting> {
  const origins = primaries.length > 0 ? parseOriginList(primaries, 'origins').map(formatOrigin) : undefined;
  const backup =
    backups === undefined ? undefined : parseOriginList(backups, 'backup origins').map(formatOrigin);
  const overlap = backup?.find((origin) => origins?.includes(origin));
  if (overlap) throw new UsageError(`\`${overlap}\` is both an origin and a backup origin.`);
  return {
    ...(origins ? { origins } : {}),
    ...(backup ? { backup } : {}),
    ...(protocol ? { protocol } : {}),
  };
}
