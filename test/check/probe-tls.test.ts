import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../src/check/probe.ts';
import {
  LOOPBACK_ALLOWED,
  type LoopbackServers,
  startLoopbackServers,
  type TlsMaterial,
} from './support/loopback-servers.ts';
import { selfSignedCertificate } from './support/self-signed.ts';

let tls: TlsMaterial;
let servers: LoopbackServers;
const sni: (string | false | null)[] = [];

beforeAll(async () => {
  tls = selfSignedCertificate(['www.example.test']);
  servers = await startLoopbackServers(
    ['127.0.0.2'],
    (request, response) => {
      sni.push((request.socket as TLSSocket).servername);
      response.writeHead(200, { etag: '"tls"' }).end();
    },
    tls,
  );
});

afterAll(async () => {
  await servers.close();
});

describe('probe over HTTPS', () => {
  it("sends the domain as SNI while connecting to the edge's address, and verifies the certificate for it", async () => {
    sni.length = 0;
    const url = new URL(`https://www.example.test:${servers.port}/a.css`);

    const result = await probe({
      url,
      connectTo: { address: '127.0.0.2' },
      hostHeader: url.host,
      servername: url.hostname,
      timeoutMs: 2_000,
      maxBodyBytes: 4_096,
      addressPolicy: LOOPBACK_ALLOWED,
      ca: tls.cert,
    });

    expect(result).toMatchObject({ ok: true, status: 200, headers: { etag: '"tls"' } });
    expect(sni).toEqual(['www.example.test']);
  });

  it('reports a certificate it cannot trust as a TLS error', async () => {
    const url = new URL(`https://www.example.test:${servers.port}/a.css`);

    const result = await probe({
      url,
      connectTo: { address: '127.0.0.2' },
      hostHeader: url.host,
      servername: url.hostname,
      timeoutMs: 2_000,
      maxBodyBytes: 4_096,
      addressPolicy: LOOPBACK_ALLOWED,
    });

    expect(result).toMatchObject({ ok: false, error: 'tls' });
  });

  it('reports a certificate for another name as a TLS error', async () => {
    const url = new URL(`https://other.example.test:${servers.port}/a.css`);

    const result = await probe({
      url,
      connectTo: { address: '127.0.0.2' },
      hostHeader: url.host,
      servername: url.hostname,
      timeoutMs: 2_000,
      maxBodyBytes: 4_096,
      addressPolicy: LOOPBACK_ALLOWED,
      ca: tls.cert,
    });

    expect(result).toMatchObject({ ok: false, error: 'tls' });
    expect(result.ok ? '' : result.message).toContain('other.example.test');
  });
});
