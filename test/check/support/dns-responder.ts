/**
 * A DNS server just big enough for resolveEdges: answers A and AAAA questions from a table over UDP, NXDOMAIN for
 * names it does not know, and nothing at all for names listed as silent (a server that never answers).
 */
import dgram from 'node:dgram';
import { isIP } from 'node:net';

export interface DnsTable {
  [name: string]: { a?: string[]; aaaa?: string[] };
}

export interface DnsQuery {
  name: string;
  type: 'A' | 'AAAA' | number;
}

export interface DnsResponder {
  /** `127.0.0.1:port`, as resolveEdges and checkUrls take it. */
  server: string;
  queries: DnsQuery[];
  close(): Promise<void>;
}

const TYPE_A = 1;
const TYPE_AAAA = 28;

export async function startDnsResponder(
  table: DnsTable,
  options: { silent?: string[] } = {},
): Promise<DnsResponder> {
  const socket = dgram.createSocket('udp4');
  const queries: DnsQuery[] = [];
  const silent = new Set((options.silent ?? []).map((name) => name.toLowerCase()));
  socket.on('message', (message, remote) => {
    const question = parseQuestion(message);
    if (question === undefined) return;
    queries.push({ name: question.name, type: typeName(question.type) });
    if (silent.has(question.name)) return;
    socket.send(answer(message, question, table), remote.port, remote.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    server: `127.0.0.1:${socket.address().port}`,
    queries,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

interface Question {
  name: string;
  type: number;
  /** Where the question section ends: the answer repeats it byte for byte. */
  end: number;
}

function parseQuestion(message: Buffer): Question | undefined {
  if (message.length < 12 || message.readUInt16BE(4) < 1) return undefined;
  const labels: string[] = [];
  let offset = 12;
  while (offset < message.length && message[offset] !== 0) {
    const length = message[offset]!;
    labels.push(message.subarray(offset + 1, offset + 1 + length).toString('ascii'));
    offset += 1 + length;
  }
  offset += 1;
  if (offset + 4 > message.length) return undefined;
  return { name: labels.join('.').toLowerCase(), type: message.readUInt16BE(offset), end: offset + 4 };
}

function answer(message: Buffer, question: Question, table: DnsTable): Buffer {
  const entry = table[question.name];
  const addresses =
    entry === undefined
      ? []
      : question.type === TYPE_A
        ? (entry.a ?? [])
        : question.type === TYPE_AAAA
          ? (entry.aaaa ?? [])
          : [];
  const header = Buffer.alloc(12);
  header.writeUInt16BE(message.readUInt16BE(0), 0);
  const recursionDesired = message.readUInt16BE(2) & 0x0100;
  const rcode = entry === undefined ? 3 : 0;
  header.writeUInt16BE(0x8000 | 0x0400 | recursionDesired | 0x0080 | rcode, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(addresses.length, 6);
  const records = addresses.map((address) => {
    const data = addressBytes(address);
    const record = Buffer.alloc(12);
    record.writeUInt16BE(0xc00c, 0);
    record.writeUInt16BE(question.type, 2);
    record.writeUInt16BE(1, 4);
    record.writeUInt32BE(60, 6);
    record.writeUInt16BE(data.length, 10);
    return Buffer.concat([record, data]);
  });
  return Buffer.concat([header, message.subarray(12, question.end), ...records]);
}

function addressBytes(address: string): Buffer {
  if (isIP(address) === 4) return Buffer.from(address.split('.').map(Number));
  const [head = '', tail] = address.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(missing).fill('0'), ...tailGroups];
  const bytes = Buffer.alloc(16);
  for (const [index, group] of groups.entries()) bytes.writeUInt16BE(Number.parseInt(group, 16), index * 2);
  return bytes;
}

function typeName(type: number): DnsQuery['type'] {
  if (type === TYPE_A) return 'A';
  if (type === TYPE_AAAA) return 'AAAA';
  return type;
}
