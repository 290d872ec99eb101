import { isIP } from 'node:net';
import { UsageError } from '../errors.ts';

const SHOWN_INVALID = 5;
/** Most entries one command takes: more is a list to upload in the console, not to type in chat. */
const MAX_VALUES = 100;

/**
 * Reads the IPs and CIDRs of `/cdn block <domain> ip …`: IPv4 or IPv6 addresses, or networks with a prefix length
 * (IPv4 /1–32, IPv6 /1–128, the forms both providers document). A network with host bits set is refused naming
 * the network meant (`10.1.2.3/8` → `10.0.0.0/8`): sent as typed, a provider would either refuse it or block a
 * different range than the person thinks. Entries may be separated by spaces, commas or `;`; duplicates are dropped.
 *
 * @throws UsageError naming up to five bad entries, each with its reason, before anything is sent.
 */
export function parseIpTargets(words: readonly string[]): string[] {
  const entries = split(words);
  if (entries.length === 0) {
    throw new UsageError('Name at least one IP or CIDR to block.', 'e.g. `203.0.113.7 198.51.100.0/24`');
  }
  const problems: string[] = [];
  const values: string[] = [];
  for (const entry of entries) {
    const result = readIpEntry(entry);
    if ('reason' in result) problems.push(`\`${entry}\`: ${result.reason}`);
    else if (!values.includes(result.value)) values.push(result.value);
  }
  refuse(problems, 'Write IPv4 or IPv6 addresses, or networks such as `198.51.100.0/24` or `2001:db8::/32`.');
  limit(values);
  return values;
}

/**
 * Reads the user-agent patterns of `/cdn block <domain> ua …`: regular expressions, one per word, as both
 * providers match them (Wangsu's `ua-control-rule` takes "regex, no spaces", so a pattern never holds one: `Bot.*`
 * rather than `Bad Bot`). Each must compile.
 *
 * @throws UsageError naming the patterns that do not compile, before anything is sent.
 */
export function parseUaTargets(words: readonly string[]): string[] {
  const entries = words.map((word) => word.trim()).filter((word) => word !== '');
  if (entries.length === 0) {
    throw new UsageError('Name at least one user-agent pattern.', 'e.g. `BadBot.*` or `^curl/`');
  }
  const problems: string[] = [];
  const values: string[] = [];
  for (const entry of entries) {
    const reason = uaProblem(entry);
    if (reason) problems.push(`\`${entry}\`: ${reason}`);
    else if (!values.includes(entry)) values.push(entry);
  }
  refuse(
    problems,
    'Write one regular expression per word, without spaces (use `.` or `\\s` for one), e.g. `BadBot.*`.',
  );
  limit(values);
  return values;
}

function uaProblem(entry: string): string | undefined {
  if (entry === '.*' || entry === '^.*$' || entry === '.+') return 'it would block every client';
  if (entry.includes('|') && !/[()[\]]/.test(entry)) {
    return 'write the alternatives as separate words (`|` is how Wangsu joins them)';
  }
  try {
    new RegExp(entry);
  } catch (error) {
    return `not a regular expression (${(error as Error).message.replace(/^Invalid regular expression: /, '')})`;
  }
  return undefined;
}

function split(words: readonly string[]): string[] {
  return words.flatMap((word) => word.split(/[\s,\uFF0C;\uFF1B]+/)).filter((entry) => entry !== '');
}

function refuse(problems: string[], hint: string): void {
  if (problems.length === 0) return;
  const shown = problems.slice(0, SHOWN_INVALID);
  const more = problems.length - shown.length;
  throw new UsageError(
    `Nothing was sent: ${problems.length === 1 ? 'one entry is' : `${problems.length} entries are`} not valid.\n• ${shown.join('\n• ')}${more > 0 ? `\n• …and ${more} more` : ''}`,
    hint,
  );
}

function limit(values: string[]): void {
  if (values.length > MAX_VALUES) {
    throw new UsageError(`${values.length} entries given; one command takes at most ${MAX_VALUES}.`);
  }
}

function readIpEntry(entry: string): { value: string } | { reason: string } {
  const slash = entry.indexOf('/');
  if (slash < 0) {
    if (isIP(entry) === 0) return { reason: ipReason(entry) };
    return { value: entry.toLowerCase() };
  }
  const address = entry.slice(0, slash);
  const prefixText = entry.slice(slash + 1);
  const version = isIP(address);
  if (version === 0) return { reason: ipReason(address) };
  const family = version === 4 ? 4 : 6;
  const bits = family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) {
    return { reason: `the prefix length must be a number from 1 to ${bits}` };
  }
  const prefix = Number(prefixText);
  if (prefix === 0) return { reason: 'a /0 network is every address' };
  const network = maskAddress(address, family, prefix);
  if (network !== normalize(address, family)) {
    return { reason: `host bits are set; the /${prefix} network is \`${network}/${prefix}\`` };
  }
  return { value: `${network}/${prefix}` };
}

function ipReason(text: string): string {
  if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(text)) return 'a port is not part of an address';
  if (/^[\d.]+$/.test(text)) return 'not an IPv4 address (four numbers from 0 to 255)';
  return 'not an IP address';
}

/** The address with every bit past `prefix` cleared, written the way Node prints addresses. */
function maskAddress(address: string, family: 4 | 6, prefix: number): string {
  const bytes = toBytes(address, family);
  for (let bit = prefix; bit < bytes.length * 8; bit++) {
    bytes[bit >> 3]! &= ~(0x80 >> (bit & 7));
  }
  return fromBytes(bytes, family);
}

function normalize(address: string, family: 4 | 6): string {
  return fromBytes(toBytes(address, family), family);
}

function toBytes(address: string, family: 4 | 6): number[] {
  if (family === 4) return address.split('.').map(Number);
  // An IPv6 address with an embedded IPv4 tail (::ffff:1.2.3.4) becomes two more groups.
  let text = address.toLowerCase();
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const groups =
    tail === undefined
      ? headGroups
      : [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  return groups.flatMap((group) => {
    const value = Number.parseInt(group, 16);
    return [value >> 8, value & 0xff];
  });
}

function fromBytes(bytes: number[], family: 4 | 6): string {
  if (family === 4) return bytes.join('.');
  const groups: number[] = [];
  for (let index = 0; index < 16; index += 2) groups.push((bytes[index]! << 8) | bytes[index + 1]!);
  // The longest run of zero groups (two or more) becomes `::`, as RFC 5952 writes it.
  let bestStart = -1;
  let bestLength = 0;
  for (let start = 0; start < 8; ) {
    if (groups[start] !== 0) {
      start++;
      continue;
    }
    let end = start;
    while (end < 8 && groups[end] === 0) end++;
    if (end - start > bestLength && end - start >= 2) {
      bestStart = start;
      bestLength = end - start;
    }
    start = end;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
