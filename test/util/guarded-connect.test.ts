import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, buildConnector, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { addressPolicy, STRICT_ADDRESS_POLICY } from '../../src/util/address-policy.ts';
import { guardConnector, guardedLookup } from '../../src/util/guarded-connect.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

/** An HTTP server on 127.0.0.1 that counts the connections it accepts. */
async function loopbackServer(): Promise<{ port: number; connections: () => number }> {
  let connections = 0;
  const server = createServer((_request, response) => response.end('ok'));
  server.on('connection', () => {
    connections += 1;
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { port: (server.address() as AddressInfo).port, connections: () => connections };
}

function guardedAgent(policy: ReturnType<typeof addressPolicy>): Agent {
  return new Agent({
    connect: guardConnector(
      buildConnector({ lookup: guardedLookup(policy) } as buildConnector.BuildOptions),
      policy,
    ),
  });
}

describe('guardConnector', () => {
  it.each([
    ['an IP', '127.0.0.1', 'CDNOPS_ADDRESS_REFUSED', '127.0.0.1 is a loopback address'],
    ['a name that resolves to it', 'localhost', 'CDNOPS_ADDRESS_REFUSED', 'localhost resolves to'],
  ])('does not connect to a refused address given as %s', async (_case, host, code, message) => {
    const server = await loopbackServer();
    const agent = guardedAgent(STRICT_ADDRESS_POLICY);

    const error = await request(`http://${host}:${server.port}/`, { dispatcher: agent }).catch(
      (caught: unknown) => caught,
    );

    expect(error).toMatchObject({ code, message: expect.stringContaining(message) });
    expect(server.connections()).toBe(0);
    await agent.close();
  });

  it('connects where the policy allows, by IP or by name', async () => {
    const server = await loopbackServer();
    const agent = guardedAgent(addressPolicy(['127.0.0.0/8', '::1/128']));

    const byIp = await request(`http://127.0.0.1:${server.port}/`, { dispatcher: agent });
    await byIp.body.text();
    const byName = await request(`http://localhost:${server.port}/`, { dispatcher: agent });
    await byName.body.text();

    expect([byIp.statusCode, byName.statusCode]).toEqual([200, 200]);
    await agent.close();
  });
});
