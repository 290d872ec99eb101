/**
 * What `/cdn check` talks to, on loopback: a DNS sandbox (the resolver cdnops is configured with), an origin
 * sandbox and an edge sandbox that serves the provider sandboxes' domains from that origin and forgets copies when
 * their purge completes there. The sandbox CA is written to a file, for `check.caFile`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../src/clock.ts';
import { type DnsSandbox, startDnsSandbox } from '../dns/index.ts';
import {
  type EdgeOrigin,
  type EdgeSandbox,
  type EdgeStyle,
  SANDBOX_CA,
  startEdgeSandbox,
} from '../edge/index.ts';
import { type OriginSandbox, startOriginSandbox } from '../origin/index.ts';
import type { TencentSandbox } from '../tencent/index.ts';
import type { WangsuSandbox } from '../wangsu/index.ts';

export interface EdgeWorld {
  dns: DnsSandbox;
  origin: OriginSandbox;
  edges: EdgeSandbox;
  /** The PEM file cdnops is configured to trust (`check.caFile`). */
  caFile: string;
  /**
   * Makes `domain` (in the Tencent or Wangsu sandbox) reachable as a CDN would make it: its CNAME resolves to the
   * edges, its origin becomes `<originName>:<origin sandbox port>` and resolves to 127.0.0.1. Returns the origin name.
   */
  serve(domain: string, originName?: string): string;
  close(): Promise<void>;
}

interface ProviderSandboxes {
  tencent: TencentSandbox;
  wangsu: WangsuSandbox | undefined;
}

/** The domain's live state in whichever sandbox has it; `undefined` when neither does. */
function findDomain(providers: ProviderSandboxes, host: string) {
  try {
    const domain = providers.tencent.domain(host);
    return { style: 'tencent' as const, cname: domain.cname, hostHeader: domain.serverName, domain };
  } catch {
    if (!providers.wangsu) return undefined;
    try {
      const domain = providers.wangsu.domain(host);
      return { style: 'wangsu' as const, cname: domain.cname, hostHeader: domain.originHostHeader, domain };
    } catch {
      return undefined;
    }
  }
}

export async function startEdgeWorld(clock: Clock, providers: ProviderSandboxes): Promise<EdgeWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'cdnops-edge-world-'));
  const caFile = join(dir, 'sandbox-ca.pem');
  writeFileSync(caFile, SANDBOX_CA);
  const dns = await startDnsSandbox();
  const origin = await startOriginSandbox({ clock });
  const edges = await startEdgeSandbox({
    clock,
    origin: (host): EdgeOrigin | undefined => {
      const found = findDomain(providers, host);
      return found ? { url: origin.url, hostHeader: found.hostHeader } : undefined;
    },
    style: (host): EdgeStyle => findDomain(providers, host)?.style ?? 'tencent',
    purgedAt: (url) => {
      const times = [providers.tencent.lastPurgeDoneAt(url), providers.wangsu?.lastPurgeDoneAt(url)];
      const done = times.filter((time): time is number => time !== undefined);
      return done.length > 0 ? Math.max(...done) : undefined;
    },
  });
  return {
    dns,
    origin,
    edges,
    caFile,
    serve(domain, originName = `origin.${domain}`) {
      const found = findDomain(providers, domain);
      if (!found) throw new Error(`no provider sandbox has ${domain}`);
      const address = `${originName}:${origin.port}`;
      if (found.style === 'tencent') found.domain.origins = [address];
      else found.domain.originIps = address;
      dns.setRecord(found.cname, { a: edges.addresses });
      dns.setRecord(originName, { a: ['127.0.0.1'] });
      return originName;
    },
    async close() {
      await Promise.all([dns.close(), origin.close(), edges.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
