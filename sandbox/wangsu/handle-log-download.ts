import { hasLogFile, logFileBody, parseLogFileName } from './log-files.ts';
import { faultReply, type WangsuReply } from './sandbox-reply.ts';
import type { SandboxState } from './state.ts';

const PATH = /^\/logs\/([^/]+)$/;

/** Object-storage style refusals (XML), as pre-signed download links answer. */
function refusal(status: 403 | 404, code: string, message: string): WangsuReply {
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>\n`;
  return { kind: 'raw', status, contentType: 'application/xml', text };
}

/**
 * `GET /logs/<domain>_<yyyyMMddHH>.log.gz?expires=<epoch s>`: a log file, as `/api/report/log/downloadLink` links
 * to it. No API signature and no budget (the links are pre-signed); the link must not have expired by the clock
 * (403 AccessDenied) and the file must exist now (404 NoSuchKey). A fault whose `path` matches (`/logs`) applies
 * after those checks, as API faults apply after authentication.
 */
export function handleLogDownload(state: SandboxState, target: string, nowMs: number): WangsuReply {
  const url = new URL(target, 'http://sandbox.invalid');
  const expires = url.searchParams.get('expires');
  if (expires === null || !/^\d+$/.test(expires) || Number(expires) * 1000 < nowMs) {
    return refusal(403, 'AccessDenied', 'Request has expired');
  }
  const name = PATH.exec(url.pathname)?.[1];
  const ref = name ? parseLogFileName(decodeURIComponent(name)) : undefined;
  const known = state.accounts.some((account) =>
    account.domains.some((domain) => domain.domainName === ref?.domain),
  );
  if (!ref || !known || !hasLogFile(ref, nowMs)) {
    return refusal(404, 'NoSuchKey', 'The specified key does not exist.');
  }
  const fault = state.faults.take(url.pathname, 'GET');
  const faulty = fault ? faultReply(fault) : undefined;
  if (faulty) return faulty;
  return { kind: 'raw', status: 200, contentType: 'application/gzip', text: logFileBody(ref) };
}
