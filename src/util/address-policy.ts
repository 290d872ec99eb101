import { BlockList, isIP } from 'node:net';

/**
 * Which addresses cdnops may connect to when a provider's answer (a CNAME, an origin, a redirect, a log link) names
 * them. By default none inside a network: a domain whose CNAME points at 127.0.0.1 or 169.254.169.254 must not turn
 * `/cdn check` into a way to reach the services next to cdnops. Node's BlockList does the matching; an IPv4 range
 * also matches its IPv4-mapped IPv6 form (`::ffff:127.0.0.1`).
 */
export interface AddressPolicy {
  /**
   * Why cdnops must not connect to `address` (an IP, brackets and zone allowed), as words that follow "is":
   * `a loopback address`; `undefined` when it may. Anything that is not an IP is refused.
   */
  refusal(address: string): string | undefined;
}

/** Ranges by what they are, first match wins (broadcast before the reserved block that holds it). */
const RANGES: readonly { what: string; ipv4?: readonly string[]; ipv6?: readonly string[] }[] = [
  { what: 'an unspecified address', ipv4: ['0.0.0.0/8'], ipv6: ['::/128'] },
  { what: 'a loopback address', ipv4: ['127.0.0.0/8'], ipv6: ['::1/128'] },
  {
    what: 'a private address',
    ipv4: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'],
    // Unique local (fc00::/7) and the deprecated site-local fec0::/10.
    ipv6: ['fc00::/7', 'fec0::/10'],
  },
  { what: 'a shared (CGNAT) address', ipv4: ['100.64.0.0/10'] },
  { what: 'a link-local address', ipv4: ['169.254.0.0/16'], ipv6: ['fe80::/10'] },
  { what: 'a multicast address', ipv4: ['224.0.0.0/4'], ipv6: ['ff00::/8'] },
  { what: 'the broadcast address', ipv4: ['255.255.255.255/32'] },
  {
    what: 'a documentation address',
    ipv4: ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24'],
    ipv6: ['2001:db8::/32', '3fff::/20'],
  },
  {
    what: 'a reserved address',
    // IETF protocol assignments, benchmarking, the old 6to4 relay anycast, and the reserved 240.0.0.0/4.
    ipv4: ['192.0.0.0/24', '198.18.0.0/15', '192.88.99.0/24', '240.0.0.0/4'],
    // IPv4-compatible (deprecated), discard-only, Teredo, benchmarking, local-use NAT64.
    ipv6: ['::/96', '100::/64', '2001::/32', '2001:2::/48', '64:ff9b:1::/48'],
  },
];

interface Range {
  what: string;
  list: BlockList;
}

/** Each kind as one BlockList; IPv4 ranges are also added in their NAT64 (64:ff9b::/96) and 6to4 (2002::/16) forms. */
const CLASSES: readonly Range[] = RANGES.map(({ what, ipv4 = [], ipv6 = [] }) => {
  const list = new BlockList();
  for (const cidr of ipv6) addCidr(list, cidr);
  for (const cidr of ipv4) {
    addCidr(list, cidr);
    const [network = '', prefix = '32'] = cidr.split('/');
    const [high, low] = ipv4Hextets(network);
    list.addSubnet(`64:ff9b::${high}:${low}`, 96 + Number(prefix), 'ipv6');
    list.addSubnet(`2002:${high}:${low}::`, 16 + Number(prefix), 'ipv6');
  }
  return { what, list };
});

/**
 * What kind of internal or non-routable address `address` is (`a loopback address`), or `undefined` for an
 * ordinary public address. Not an IP: `not an IP address`.
 */
export function classifyAddress(address: string): string | undefined {
  const ip = bareAddress(address);
  const family = isIP(ip);
  if (family === 0) return 'not an IP address';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  return CLASSES.find((range) => range.list.check(ip, type))?.what;
}

/** The policy that refuses every internal address except those in `allowNetworks` (CIDRs, checked by parseCidr). */
export function addressPolicy(allowNetworks: readonly string[] = []): AddressPolicy {
  const allowed = new BlockList();
  for (const cidr of allowNetworks) addCidr(allowed, cidr);
  return {
    refusal(address) {
      const what = classifyAddress(address);
      if (what === undefined) return undefined;
      const ip = bareAddress(address);
      const family = isIP(ip);
      if (family !== 0 && allowed.check(ip, family === 4 ? 'ipv4' : 'ipv6')) return undefined;
      return what;
    },
  };
}

/** No internal address at all: the default wherever no policy is given. */
export const STRICT_ADDRESS_POLICY: AddressPolicy = addressPolicy();

/**
 * A network as written in `check.allowNetworks`: `10.0.0.0/8`, `fd00::/8`, or one address (`127.0.0.1` means /32).
 * Returns what is wrong with it, or `undefined` when BlockList will take it.
 */
export function cidrProblem(text: string): string | undefined {
  const slash = text.indexOf('/');
  const address = slash === -1 ? text : text.slice(0, slash);
  const family = isIP(address);
  if (family === 0) return `"${text}" is not an IP network; write it as CIDR, e.g. 10.0.0.0/8 or fd00::/8`;
  if (slash === -1) return undefined;
  const prefix = text.slice(slash + 1);
  const max = family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) {
    return `"${text}" has a bad prefix length; an IPv${family} network takes /0 to /${max}, e.g. ${family === 4 ? '10.0.0.0/8' : 'fd00::/8'}`;
  }
  return undefined;
}

/** `[::1]` and `fe80::1%eth0` as BlockList takes them: no brackets, no zone. */
function bareAddress(address: string): string {
  const unbracketed = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const zone = unbracketed.indexOf('%');
  return zone === -1 ? unbracketed : unbracketed.slice(0, zone);
}

function addCidr(list: BlockList, cidr: string): void {
  const slash = cidr.indexOf('/');
  const address = slash === -1 ? cidr : cidr.slice(0, slash);
  const family = isIP(address);
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (slash === -1) list.addAddress(address, type);
  else list.addSubnet(address, Number(cidr.slice(slash + 1)), type);
}

/** `127.0.0.0` → `['7f00', '0']`: the two IPv6 groups that carry an IPv4 address. */
function ipv4Hextets(address: string): [string, string] {
  const [a = 0, b = 0, c = 0, d = 0] = address.split('.').map(Number);
  return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
}
