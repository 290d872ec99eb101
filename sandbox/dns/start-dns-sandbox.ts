import { createSocket, type RemoteInfo } from 'node:dgram';
import {
  DnsFormatError,
  type DnsRequest,
  parseDnsRequest,
  peekId,
  RCODE_FORMERR,
  RCODE_NOTIMP,
  RCODE_SERVFAIL,
} from './dns-wire.ts';
import { DnsZone, normalizeName, typeName } from './dns-zone.ts';
import { type DnsResponse, encodeResponse } from './encode-response.ts';
import type { DnsQuery, DnsSandbox, DnsSandboxOptions } from './types.ts';

const OPCODE_QUERY = 0;
const CLASS_IN = 1;

function respond(zone: DnsZone, request: DnsRequest, queries: DnsQuery[]): DnsResponse {
  const base = { id: request.id, queryFlags: request.flags, answers: [] };
  const [question] = request.questions;
  if (request.opcode !== OPCODE_QUERY) return { ...base, rcode: RCODE_NOTIMP, question };
  if (request.questions.length !== 1 || !question) return { ...base, rcode: RCODE_FORMERR, question };
  queries.push({ name: normalizeName(question.name), type: typeName(question.type) });
  if (question.qclass !== CLASS_IN) return { ...base, rcode: RCODE_NOTIMP, question };
  return { ...base, question, ...zone.answer(question) };
}

/** The answer to one datagram; `undefined` for one too short to carry an id, which cannot be answered. */
function answerPacket(zone: DnsZone, packet: Buffer, queries: DnsQuery[]): Buffer | undefined {
  try {
    return encodeResponse(respond(zone, parseDnsRequest(packet), queries));
  } catch (error) {
    const id = peekId(packet);
    if (id === undefined) return undefined;
    // A sandbox bug answers SERVFAIL, which a resolver reports as ESERVFAIL, instead of killing the test run.
    const rcode = error instanceof DnsFormatError ? RCODE_FORMERR : RCODE_SERVFAIL;
    return encodeResponse({ id, queryFlags: 0, rcode, question: undefined, answers: [] });
  }
}

/**
 * Starts an authoritative DNS server on UDP 127.0.0.1 and a free port, answering A, AAAA and CNAME questions from
 * records the test sets, so code under test goes through a real resolver (`dns.promises.Resolver#setServers`).
 */
export async function startDnsSandbox(options: DnsSandboxOptions = {}): Promise<DnsSandbox> {
  const zone = new DnsZone();
  for (const [name, record] of Object.entries(options.records ?? {})) zone.set(name, record);
  const queries: DnsQuery[] = [];
  const socket = createSocket('udp4');

  socket.on('message', (packet: Buffer, peer: RemoteInfo) => {
    const answer = answerPacket(zone, packet, queries);
    if (answer) socket.send(answer, peer.port, peer.address);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      socket.off('error', reject);
      resolve();
    });
  });
  // A send to a client that went away fails asynchronously; nobody is left to tell.
  socket.on('error', () => {});
  const { port } = socket.address();

  let closed: Promise<void> | undefined;
  return {
    address: '127.0.0.1',
    port,
    server: `127.0.0.1:${port}`,
    setRecord: (name, record) => zone.set(name, record),
    removeRecord: (name) => zone.remove(name),
    queries,
    close() {
      closed ??= new Promise((resolve) => socket.close(() => resolve()));
      return closed;
    },
  };
}
