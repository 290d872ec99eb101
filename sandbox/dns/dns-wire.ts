/** Record types the sandbox answers with. */
export const TYPE_A = 1;
export const TYPE_CNAME = 5;
export const TYPE_AAAA = 28;

export const RCODE_NOERROR = 0;
export const RCODE_FORMERR = 1;
export const RCODE_SERVFAIL = 2;
export const RCODE_NXDOMAIN = 3;
export const RCODE_NOTIMP = 4;

const HEADER_LENGTH = 12;
/** A pointer chain longer than this can only be a loop in a hostile packet. */
const MAX_POINTERS = 32;

export class DnsFormatError extends Error {}

export interface DnsQuestion {
  /** As spelled in the packet (case kept), without the trailing dot. */
  name: string;
  type: number;
  qclass: number;
}

export interface DnsRequest {
  id: number;
  /** The query's flags word, from which the answer copies opcode and RD. */
  flags: number;
  opcode: number;
  questions: DnsQuestion[];
}

/** Reads a possibly compressed name starting at `offset`; `next` is where the record continues after it. */
function readName(packet: Buffer, offset: number): { name: string; next: number } {
  const labels: string[] = [];
  let position = offset;
  let next: number | undefined;
  for (let jumps = 0; ; ) {
    const length = packet[position];
    if (length === undefined) throw new DnsFormatError('name runs past the end of the packet');
    if ((length & 0xc0) === 0xc0) {
      const low = packet[position + 1];
      if (low === undefined) throw new DnsFormatError('truncated compression pointer');
      next ??= position + 2;
      position = ((length & 0x3f) << 8) | low;
      jumps += 1;
      if (jumps > MAX_POINTERS) throw new DnsFormatError('compression pointer loop');
      continue;
    }
    if ((length & 0xc0) !== 0) throw new DnsFormatError('unknown label type');
    if (length === 0) return { name: labels.join('.'), next: next ?? position + 1 };
    if (position + 1 + length > packet.length) throw new DnsFormatError('label runs past the end');
    labels.push(packet.toString('latin1', position + 1, position + 1 + length));
    position += 1 + length;
  }
}

/** The header and question section of a query; answer, authority and additional sections (EDNS) are ignored. */
export function parseDnsRequest(packet: Buffer): DnsRequest {
  if (packet.length < HEADER_LENGTH) throw new DnsFormatError('shorter than a DNS header');
  const flags = packet.readUInt16BE(2);
  const count = packet.readUInt16BE(4);
  const questions: DnsQuestion[] = [];
  let offset = HEADER_LENGTH;
  for (let i = 0; i < count; i += 1) {
    const { name, next } = readName(packet, offset);
    if (next + 4 > packet.length) throw new DnsFormatError('question runs past the end');
    questions.push({ name, type: packet.readUInt16BE(next), qclass: packet.readUInt16BE(next + 2) });
    offset = next + 4;
  }
  return { id: packet.readUInt16BE(0), flags, opcode: (flags >> 11) & 0x0f, questions };
}

/** The id of a packet too broken to parse, so it can still be answered FORMERR. */
export function peekId(packet: Buffer): number | undefined {
  return packet.length >= 2 ? packet.readUInt16BE(0) : undefined;
}
