import { isIPv4, isIPv6 } from 'node:net';
import { type DnsQuestion, TYPE_A, type TYPE_AAAA, TYPE_CNAME } from './dns-wire.ts';
import { PacketWriter } from './packet-writer.ts';

export const TTL_SECONDS = 60;
/** Without EDNS a UDP answer must fit 512 bytes; a longer one is sent empty with TC set. */
const UDP_LIMIT = 512;
const CLASS_IN = 1;

export type AnswerRecord =
  | { name: string; type: typeof TYPE_A | typeof TYPE_AAAA; address: string }
  | { name: string; type: typeof TYPE_CNAME; target: string };

export interface DnsResponse {
  id: number;
  /** The query's flags: opcode and RD are copied from them. */
  queryFlags: number;
  rcode: number;
  question: DnsQuestion | undefined;
  answers: AnswerRecord[];
}

function ipv4Bytes(address: string): number[] {
  return address.split('.').map(Number);
}

/** Expands `::` (and an embedded IPv4 tail) so every address is 16 bytes on the wire. */
function ipv6Bytes(address: string): number[] {
  const [head = '', tail] = address.split('::');
  const expand = (text: string) =>
    (text === '' ? [] : text.split(':')).flatMap((group) => {
      if (isIPv4(group)) return ipv4Bytes(group);
      const value = Number.parseInt(group, 16);
      return [value >> 8, value & 0xff];
    });
  const front = expand(head);
  const back = tail === undefined ? [] : expand(tail);
  return [...front, ...new Array<number>(16 - front.length - back.length).fill(0), ...back];
}

/** Throws unless `address` can be written as an A (`v4`) or AAAA (`v6`) record. */
export function checkAddress(address: string, family: 'v4' | 'v6'): void {
  const valid = family === 'v4' ? isIPv4(address) : isIPv6(address) && !address.includes('%');
  if (!valid) throw new Error(`${address} is not an IP${family} address`);
}

function writeRecord(writer: PacketWriter, record: AnswerRecord): void {
  writer.name(record.name);
  writer.u16(record.type);
  writer.u16(CLASS_IN);
  writer.u32(TTL_SECONDS);
  const lengthAt = writer.u16(0);
  const start = writer.size;
  if (record.type === TYPE_CNAME) writer.name(record.target);
  else
    writer.bytes(
      Uint8Array.from(record.type === TYPE_A ? ipv4Bytes(record.address) : ipv6Bytes(record.address)),
    );
  writer.patchU16(lengthAt, writer.size - start);
}

function build(response: DnsResponse, answers: AnswerRecord[], truncated: boolean): Buffer {
  const writer = new PacketWriter();
  const opcodeAndRd = response.queryFlags & 0x7900;
  writer.u16(response.id);
  writer.u16(0x8000 | opcodeAndRd | 0x0400 | (truncated ? 0x0200 : 0) | (response.rcode & 0x0f));
  writer.u16(response.question ? 1 : 0);
  writer.u16(answers.length);
  writer.u16(0);
  writer.u16(0);
  if (response.question) {
    writer.name(response.question.name);
    writer.u16(response.question.type);
    writer.u16(response.question.qclass);
  }
  for (const record of answers) writeRecord(writer, record);
  return writer.toBuffer();
}

/**
 * An authoritative answer (QR and AA set, RA clear). The question is echoed as asked, case included, because
 * resolvers that randomise case (DNS 0x20) compare it; answers naming the queried name point back at it.
 */
export function encodeResponse(response: DnsResponse): Buffer {
  const full = build(response, response.answers, false);
  return full.length <= UDP_LIMIT ? full : build(response, [], true);
}
