/**
 * Tencent's side of `/cdn origin … set`: which origins UpdateDomainConfig's `Origin` takes (cdn_models.ts `Origin`:
 * OriginType ip, ipv6, ip_ipv6 or domain; BackupOriginType ip or domain; https pull only to port 443), and the
 * `Origin` object to send, rebuilt from the one DescribeDomainsConfig returned so every other field stays.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { UsageError } from '../../errors.ts';
import type { OriginSetting } from '../types.ts';

type Json = Record<string, unknown>;

/** `[v6]:port` or `v6`, `v4[:port]`, `host[:port]`: the host and the port as written. */
function split(origin: string): { host: string; port: string | undefined } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(origin);
  if (bracketed) return { host: bracketed[1]!, port: bracketed[2] };
  if (isIPv6(origin)) return { host: origin, port: undefined };
  const [host = '', port] = origin.split(':');
  return { host, port };
}

/** Tencent's OriginType for a list of primary origins, or why Tencent takes no such list. */
function originType(origins: readonly string[]): 'ip' | 'ipv6' | 'ip_ipv6' | 'domain' {
  const hosts = origins.map((origin) => split(origin).host);
  const v4 = hosts.filter((host) => isIPv4(host)).length;
  const v6 = hosts.filter((host) => isIPv6(host)).length;
  if (v4 + v6 === 0) return 'domain';
  if (v6 === 0) return 'ip';
  if (v4 > 0) return 'ip_ipv6';
  if (v6 === 1) return 'ipv6';
  throw new UsageError(
    'Tencent Cloud takes one IPv6 origin on its own, or IPv6 origins together with IPv4 ones (OriginType ip_ipv6).',
    'Give one IPv6 address, or add the IPv4 addresses of the same servers.',
  );
}

function backupType(backup: readonly string[]): 'ip' | 'domain' {
  const hosts = backup.map((origin) => split(origin).host);
  if (hosts.some((host) => isIPv6(host))) {
    throw new UsageError(
      'Tencent Cloud takes IPv4 addresses or one domain as backup origins (BackupOriginType ip or domain), not IPv6.',
    );
  }
  return hosts.every((host) => isIPv4(host)) ? 'ip' : 'domain';
}

/** Refuses what UpdateDomainConfig would refuse, before anyone is asked to confirm. */
export function checkTencentOrigin(setting: OriginSetting, currentProtocol?: string): void {
  originType(setting.origins);
  if (setting.backup && setting.backup.length > 0) backupType(setting.backup);
  const protocol = setting.protocol ?? currentProtocol;
  if (protocol === 'https') {
    const other = [...setting.origins, ...(setting.backup ?? [])].find((origin) => {
      const { port } = split(origin);
      return port !== undefined && port !== '443';
    });
    if (other) {
      throw new UsageError(
        `\`${other}\`: Tencent Cloud pulls over HTTPS from port 443 only.`,
        'Drop the port (or write :443), or use --protocol http or follow.',
      );
    }
  }
}

/** The whole `Origin` object to send: what was read, with the origins (and backups, protocol) asked for. */
export function originObject(read: Json | null | undefined, setting: OriginSetting): Json {
  const object: Json = { ...read, Origins: setting.origins, OriginType: originType(setting.origins) };
  if (setting.protocol) object.OriginPullProtocol = setting.protocol;
  if (setting.backup) {
    object.BackupOrigins = setting.backup;
    // No backups: no type either (Tencent wants BackupOriginType only with BackupOrigins).
    object.BackupOriginType = setting.backup.length > 0 ? backupType(setting.backup) : null;
  }
  return object;
}
