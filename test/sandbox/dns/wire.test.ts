import { createSocket } from 'node:dgram';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DnsSandbox, startDnsSandbox } from '../../../sandbox/dns/index.ts';

/** Sends one datagram and resolves with the first answer. */
function exchange(port: number, packet: Buffer): Promise<Buffer> {
  const socket = createSocket('udp4');
  return new Promise<Buffer>((resolve, reject) => {
    socket.once('message', (message) => resolve(message));
    socket.once('error', reject);
    socket.send(packet, port, '127.0.0.1');
  }).finally(() => socket.close());
}

function encodeName(name: string): number[] {
  return [...name.split('.').flatMap((label) => [label.length, ...Buffer.from(label)]), 0];
}

function header(id: number, flags: number, questions: number): number[] {
  return [id >> 8, id & 0xff, flags >> 8, flags & 0xff, 0, questions, 0, 0, 0, 0, 0, 0];
}

function query(name: string, type: number, flags = 0x0100): Buffer {
  return Buffer.from([...header(0x1234, flags, 1), ...encodeName(name), 0, type, 0, 1]);
}

describe('DNS sandbox on the wire', () => {
  let sandbox: DnsSandbox;

  beforeEach(async () => {
    sandbox = await startDnsSandbox({
      records: {
        'a.example.com': { cname: 'b.example.com' },
        'b.example.com': { a: ['127.0.0.2'] },
        'loop1.example.com': { cname: 'loop2.example.com' },
        'loop2.example.com': { cname: 'loop1.example.com' },
      },
    });
  });

  afterEach(async () => {
    await sandbox.close();
  });

  it('answers authoritatively, copying the id and RD, echoing the question as asked', async () => {
    const answer = await exchange(sandbox.port, query('A.Example.com', 1));

    expect(answer.readUInt16BE(0)).toBe(0x1234);
    const flags = answer.readUInt16BE(2);
    expect(flags & 0x8000).toBe(0x8000); // QR
    expect(flags & 0x0400).toBe(0x0400); // AA
    expect(flags & 0x0100).toBe(0x0100); // RD copied
    expect(flags & 0x000f).toBe(0); // NOERROR
    expect(answer.readUInt16BE(4)).toBe(1);
    expect(answer.readUInt16BE(6)).toBe(2); // the CNAME, then the A of its target
    expect(answer.subarray(12, 12 + 15).toString('latin1')).toContain('Example');
  });

  it('reads a question whose name is compressed', async () => {
    // The question's name is "b" followed by a pointer to "example.com" placed after it, which only a parser
    // following pointers (rather than reading labels in a row) gets right.
    const tail = encodeName('example.com');
    const questionStart = 12;
    const pointerTarget = questionStart + 2 + 2 + 4; // label "b", the pointer, type and class
    const packet = Buffer.from([
      ...header(7, 0x0100, 1),
      1,
      ...Buffer.from('b'),
      0xc0,
      pointerTarget,
      0,
      1,
      0,
      1,
      ...tail,
    ]);

    const answer = await exchange(sandbox.port, packet);

    expect(answer.readUInt16BE(2) & 0x000f).toBe(0);
    expect(answer.readUInt16BE(6)).toBe(1);
    expect(sandbox.queries).toEqual([{ name: 'b.example.com', type: 'A' }]);
  });

  it('answers FORMERR for a broken question and NOTIMP for another opcode', async () => {
    const broken = Buffer.from([...header(9, 0x0100, 1), 5, 0x61]);
    const pointerLoop = Buffer.from([...header(10, 0x0100, 1), 0xc0, 12, 0, 1, 0, 1]);

    const formerr = await exchange(sandbox.port, broken);
    const loop = await exchange(sandbox.port, pointerLoop);
    const notimp = await exchange(sandbox.port, query('b.example.com', 1, 0x2100));

    expect(formerr.readUInt16BE(0)).toBe(9);
    expect(formerr.readUInt16BE(2) & 0x000f).toBe(1);
    expect(loop.readUInt16BE(2) & 0x000f).toBe(1);
    expect(notimp.readUInt16BE(2) & 0x000f).toBe(4);
  });

  it('stops chasing a CNAME loop instead of answering forever', async () => {
    const answer = await exchange(sandbox.port, query('loop1.example.com', 1));

    expect(answer.readUInt16BE(2) & 0x000f).toBe(0);
    expect(answer.readUInt16BE(6)).toBeGreaterThan(1);
    expect(answer.readUInt16BE(6)).toBeLessThan(16);
  });

  it('sets TC with no answers when the answer would not fit 512 bytes', async () => {
    const many = Array.from({ length: 60 }, (_, i) => `10.0.${Math.floor(i / 250)}.${i % 250}`);
    sandbox.setRecord('many.example.com', { a: many });

    const answer = await exchange(sandbox.port, query('many.example.com', 1));

    expect(answer.readUInt16BE(2) & 0x0200).toBe(0x0200);
    expect(answer.readUInt16BE(6)).toBe(0);
    expect(answer.length).toBeLessThanOrEqual(512);
  });
});
