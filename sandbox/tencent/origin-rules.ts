/**
 * What UpdateDomainConfig / AddCdnDomain accept in `Origin` (cdn_models.ts `Origin`): `Origins` as
 * `host[:port[:weight]]` (IPv6 as `[addr]:port` or bare) suiting `OriginType` (ip: IPv4; ipv6: one IPv6 address;
 * ip_ipv6: IPv4 and IPv6 together; domain: one domain name; cos and the storage types: a host name); backups of
 * `BackupOriginType` ip or domain; and HTTPS pull ("https 回源时仅支持源站 443 端口") to port 443 only.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { ApiError } from './api-error.ts';
import type { OriginInput } from './domain-config-input.ts';

const HOSTNAME = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(?:\.(?!-)[a-z0-9-]{1,63}(?<!-))*\.[a-z]{2,63}$/i;
const PORT_WEIGHT = /^(?::(\d{1,5}))?(?::(\d{1,3}))?$/;

function paramError(message: string): ApiError {
  return new ApiError('InvalidParameter.CdnParamError', message);
}

interface Parsed {
  host: string;
  family: 'ipv4' | 'ipv6' | 'name';
  port: number | undefined;
}

function parse(origin: string): Parsed {
  const bracketed = /^\[([^\]]+)\](.*)$/.exec(origin);
  const [host, rest] = bracketed
    ? [bracketed[1]!, bracketed[2]!]
    : isIPv6(origin)
      ? [origin, '']
      : [origin.split(':')[0]!, origin.slice(origin.split(':')[0]!.length)];
  const tail = PORT_WEIGHT.exec(rest);
  const port = tail?.[1] === undefined ? undefined : Number(tail[1]);
  if (!tail || (port !== undefined && (port < 1 || port > 65_535))) {
    throw paramError(`Origin \`${origin}\` is not host[:port[:weight]].`);
  }
  if (isIPv4(host)) return { host, family: 'ipv4', port };
  if (isIPv6(host)) return { host, family: 'ipv6', port };
  if (!HOSTNAME.test(host)) throw paramError(`Origin \`${origin}\` is not host[:port[:weight]].`);
  return { host, family: 'name', port };
}

function checkList(origins: readonly string[], type: string, field: string): Parsed[] {
  const parsed = origins.map(parse);
  const families = new Set(parsed.map((origin) => origin.family));
  const fits =
    type === 'ip'
      ? families.size === 1 && families.has('ipv4')
      : type === 'ipv6'
        ? parsed.length === 1 && families.has('ipv6')
        : type === 'ip_ipv6'
          ? families.has('ipv4') && families.has('ipv6') && !families.has('name')
          : type === 'domain'
            ? parsed.length === 1 && families.has('name')
            : !families.has('ipv4') && !families.has('ipv6');
  if (!fits) throw paramError(`${field} \`${origins.join(',')}\` does not suit its type ${type}.`);
  return parsed;
}

export function checkOriginRules(input: OriginInput): void {
  const primaries = checkList(input.Origins, input.OriginType, 'Origins');
  const backups = input.BackupOrigins ?? [];
  let parsedBackups: Parsed[] = [];
  if (backups.length > 0) {
    const type = input.BackupOriginType;
    if (type !== 'ip' && type !== 'domain') {
      throw paramError(`BackupOriginType \`${type ?? ''}\` must be ip or domain when BackupOrigins is set.`);
    }
    parsedBackups = checkList(backups, type, 'BackupOrigins');
  }
  if (input.OriginPullProtocol === 'https') {
    const other = [...primaries, ...parsedBackups].find(
      (origin) => origin.port !== undefined && origin.port !== 443,
    );
    if (other) {
      throw paramError(
        `OriginPullProtocol https pulls from port 443 only; ${other.host}:${other.port} given.`,
      );
    }
  }
}
