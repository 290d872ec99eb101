import { hasLogPackage, logPackageBody, parseLogHourId } from './log-packages.ts';
import { faultReply, type SandboxReply } from './sandbox-reply.ts';
import type { SandboxState } from './state.ts';

const PATH = /^\/logs\/([^/]+)\/(\d{10})\.gz$/;
const DEFAULT_SLOW_MS = 50;

export interface HandledDownload {
  reply: SandboxReply;
  /** Real-time delay before answering (a `slow` fault). */
  delayMs: number;
}

/** Object-storage style refusals: XML bodies, as the pre-signed log links of Tencent answer. */
function refusal(status: 403 | 404, code: string, message: string): HandledDownload {
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>\n`;
  return { reply: { kind: 'raw', status, contentType: 'application/xml', text }, delayMs: 0 };
}

/**
 * `GET /logs/<domain>/<YYYYMMDDHH>.gz?[area=overseas&]expires=<epoch s>`: a log package, as DescribeCdnDomainLogs
 * links to it. No TC3 signature (the links are pre-signed); instead the link must not have expired by the clock
 * (403 AccessDenied) and the package must exist now (404 NoSuchKey). Faults with a matching `path` apply after
 * those checks, as API faults apply after authentication.
 */
export function handleLogDownload(
  state: SandboxState,
  target: string,
  requestId: string,
  nowMs: number,
): HandledDownload {
  const url = new URL(target, 'http://sandbox.invalid');
  const expires = url.searchParams.get('expires');
  if (expires === null || !/^\d+$/.test(expires) || Number(expires) * 1000 < nowMs) {
    return refusal(403, 'AccessDenied', 'Request has expired');
  }
  const match = PATH.exec(url.pathname);
  const hourStart = match ? parseLogHourId(match[2]!) : undefined;
  const areaParam = url.searchParams.get('area') ?? 'mainland';
  const name = (match?.[1] ?? '').toLowerCase();
  const domain = [...state.accounts.values()]
    .flatMap((account) => account.domains)
    .find((candidate) => candidate.domain === name);
  if (
    hourStart === undefined ||
    !domain ||
    (areaParam !== 'mainland' && areaParam !== 'overseas') ||
    !hasLogPackage({ domain, hourStart, area: areaParam }, nowMs)
  ) {
    return refusal(404, 'NoSuchKey', 'The specified key does not exist.');
  }
  const body = logPackageBody({ domain, hourStart, area: areaParam });
  const fault = state.faults.take('', url.pathname);
  if (fault?.kind === 'truncate') {
    return {
      reply: { kind: 'truncated', status: 200, contentType: 'application/gzip', body },
      delayMs: 0,
    };
  }
  const faulty = fault ? faultReply(fault, requestId) : undefined;
  if (faulty) return { reply: faulty, delayMs: 0 };
  return {
    reply: { kind: 'raw', status: 200, contentType: 'application/gzip', text: body },
    delayMs: fault && fault.kind !== 'catchUp' ? (fault.delayMs ?? DEFAULT_SLOW_MS) : 0,
  };
}
