import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';

export interface EdgeAddress {
  address: string;
  family: 4 | 6;
}

export interface ResolvedEdges {
  /** A records first, then AAAA, without duplicates, at most `max`. */
  addresses: EdgeAddress[];
  /** Why there are no addresses, or why one family is missing (a family that simply has none is not an error). */
  error?: string;
}

export interface ResolveEdgesOptions {
  /** A DNS server as `host:port` or `[v6]:port`; the system's servers when absent. */
  resolver?: string;
  max: number;
  timeoutMs: number;
  /** Cancels the lookups (the check's overall deadline). */
  signal?: AbortSignal;
}

type FamilyAnswer = { family: 4 | 6; addresses: string[] } | { family: 4 | 6; code: string };

/** A name with no records of one family answers one of these; the other family may still have some. */
const NO_RECORDS = new Set(['ENODATA', 'ENOTFOUND']);

/**
 * Resolves a CDN CNAME to the edge addresses a client would be sent to. Its own Resolver, so a check can be
 * pointed at a test or sandbox DNS server without touching the process's DNS settings.
 */
export async function resolveEdges(hostname: string, options: ResolveEdgesOptions): Promise<ResolvedEdges> {
  const literal = isIP(hostname);
  if (literal === 4 || literal === 6) {
    return { addresses: options.max > 0 ? [{ address: hostname, family: literal }] : [] };
  }
  if (options.signal?.aborted)
    return { addresses: [], error: `DNS lookup of ${hostname} not started: check deadline reached` };

  const resolver = new dns.Resolver({ timeout: options.timeoutMs, tries: 1 });
  if (options.resolver !== undefined) {
    try {
      resolver.setServers([options.resolver]);
    } catch (error) {
      return { addresses: [], error: `invalid DNS resolver ${options.resolver}: ${messageOf(error)}` };
    }
  }

  // c-ares's own timeout is per query attempt; this guard and the signal make the bound hold for the whole lookup.
  let stoppedBy: 'timeout' | 'deadline' | undefined;
  const stop = (why: 'timeout' | 'deadline') => {
    stoppedBy ??= why;
    resolver.cancel();
  };
  const guard = setTimeout(() => stop('timeout'), options.timeoutMs + 250);
  const onAbort = () => stop('deadline');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const answers = await Promise.all([
      lookup(() => resolver.resolve4(hostname), 4),
      lookup(() => resolver.resolve6(hostname), 6),
    ]);
    return collect(hostname, answers, options, stoppedBy);
  } finally {
    clearTimeout(guard);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

async function lookup(query: () => Promise<string[]>, family: 4 | 6): Promise<FamilyAnswer> {
  try {
    return { family, addresses: await query() };
  } catch (error) {
    return { family, code: codeOf(error) };
  }
}

function collect(
  hostname: string,
  answers: FamilyAnswer[],
  options: ResolveEdgesOptions,
  stoppedBy: 'timeout' | 'deadline' | undefined,
): ResolvedEdges {
  const seen = new Set<string>();
  const addresses: EdgeAddress[] = [];
  const failures: string[] = [];
  for (const answer of answers) {
    if ('code' in answer) {
      if (!NO_RECORDS.has(answer.code))
        failures.push(`${recordType(answer.family)}: ${describe(answer.code, stoppedBy, options)}`);
      continue;
    }
    for (const address of answer.addresses) {
      if (seen.has(address)) continue;
      seen.add(address);
      addresses.push({ address, family: answer.family });
    }
  }
  const limited = addresses.slice(0, Math.max(0, options.max));
  if (failures.length > 0)
    return { addresses: limited, error: `DNS lookup of ${hostname} failed (${failures.join('; ')})` };
  if (addresses.length > 0) return { addresses: limited };
  const nxdomain = answers.every((answer) => 'code' in answer && answer.code === 'ENOTFOUND');
  return {
    addresses: [],
    error: nxdomain ? `${hostname} does not exist (NXDOMAIN)` : `${hostname} has no A or AAAA records`,
  };
}

function describe(
  code: string,
  stoppedBy: 'timeout' | 'deadline' | undefined,
  options: ResolveEdgesOptions,
): string {
  if (code === 'ECANCELLED' && stoppedBy === 'deadline') return 'stopped at the check deadline';
  if (code === 'ETIMEOUT' || code === 'ECANCELLED') return `no answer within ${options.timeoutMs} ms`;
  if (code === 'ESERVFAIL') return 'server failure (SERVFAIL)';
  if (code === 'EREFUSED') return 'query refused';
  if (code === 'ECONNREFUSED') return 'DNS server unreachable';
  return code;
}

function recordType(family: 4 | 6): string {
  return family === 4 ? 'A' : 'AAAA';
}

function codeOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return messageOf(error);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
