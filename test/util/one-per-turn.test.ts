import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { nextTurn } from '../../src/util/one-per-turn.ts';

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

/** Two ends of a loopback connection: what one writes, the other reads on the loop's next poll for I/O. */
async function socketPair(): Promise<{ writer: Socket; reader: Socket }> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no address');
  const writer = connect(address.port, '127.0.0.1');
  const [reader] = (await once(server, 'connection')) as [Socket];
  await once(writer, 'connect');
  closers.push(() => {
    writer.destroy();
    reader.destroy();
    server.close();
  });
  return { writer, reader };
}

describe('nextTurn', () => {
  it('resumes one waiter per turn, in order, and handles I/O that came meanwhile before the next', async () => {
    const { writer, reader } = await socketPair();
    const order: string[] = [];
    reader.on('data', () => order.push('answer read'));

    const parsed = ['first', 'second', 'third'].map((name, index) =>
      nextTurn().then(() => {
        order.push(`${name} parsed`);
        // An answer arriving while the first is parsed: it must be read before the second is parsed.
        if (index === 0) writer.write('x');
      }),
    );
    await Promise.all(parsed);

    expect(order).toEqual(['first parsed', 'answer read', 'second parsed', 'third parsed']);
  });
});
