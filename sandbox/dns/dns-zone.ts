import {
  type DnsQuestion,
  RCODE_NOERROR,
  RCODE_NXDOMAIN,
  TYPE_A,
  TYPE_AAAA,
  TYPE_CNAME,
} from './dns-wire.ts';
import { type AnswerRecord, checkAddress } from './encode-response.ts';
import type { DnsRecord } from './types.ts';

/** A CNAME chain longer than this is treated as a loop and answered as far as it got. */
const MAX_CHAIN = 8;

/** Names compare without case and without the root's trailing dot. */
export function normalizeName(name: string): string {
  return name.replace(/\.$/, '').toLowerCase();
}

interface StoredRecord {
  a: string[];
  aaaa: string[];
  cname: string | undefined;
}

/** The sandbox's records and how a question is answered from them. */
export class DnsZone {
  private readonly records = new Map<string, StoredRecord>();

  set(name: string, record: DnsRecord): void {
    const a = record.a ?? [];
    const aaaa = record.aaaa ?? [];
    if (record.cname !== undefined && (a.length > 0 || aaaa.length > 0)) {
      throw new Error(`${name}: a CNAME cannot coexist with other records`);
    }
    for (const address of a) checkAddress(address, 'v4');
    for (const address of aaaa) checkAddress(address, 'v6');
    const cname = record.cname === undefined ? undefined : normalizeName(record.cname);
    this.records.set(normalizeName(name), { a: [...a], aaaa: [...aaaa], cname });
  }

  remove(name: string): void {
    this.records.delete(normalizeName(name));
  }

  /**
   * RFC 1034 §4.3.2 within the sandbox: a name with a CNAME answers it for any type but CNAME and the chase
   * continues at the target. The rcode is that of the last name reached: NXDOMAIN when it is unknown, otherwise
   * NOERROR, with no answers for it when it lacks the type (NODATA).
   */
  answer(question: DnsQuestion): { rcode: number; answers: AnswerRecord[] } {
    const answers: AnswerRecord[] = [];
    let owner = question.name;
    for (let step = 0; step <= MAX_CHAIN; step += 1) {
      const record = this.records.get(normalizeName(owner));
      if (!record) return { rcode: RCODE_NXDOMAIN, answers };
      if (record.cname !== undefined) {
        answers.push({ name: owner, type: TYPE_CNAME, target: record.cname });
        if (question.type === TYPE_CNAME) break;
        owner = record.cname;
        continue;
      }
      if (question.type === TYPE_A) {
        for (const address of record.a) answers.push({ name: owner, type: TYPE_A, address });
      } else if (question.type === TYPE_AAAA) {
        for (const address of record.aaaa) answers.push({ name: owner, type: TYPE_AAAA, address });
      }
      break;
    }
    return { rcode: RCODE_NOERROR, answers };
  }
}

/** How `queries` names a type. */
export function typeName(type: number): string {
  if (type === TYPE_A) return 'A';
  if (type === TYPE_AAAA) return 'AAAA';
  if (type === TYPE_CNAME) return 'CNAME';
  return `TYPE${type}`;
}
