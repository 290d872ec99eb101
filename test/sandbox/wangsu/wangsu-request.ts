import type { WangsuSandboxAccount } from '../../../sandbox/wangsu/index.ts';
import type { Clock } from '../../../src/clock.ts';
import { basicAuthorization, rfc1123Date, signAkSk } from '../../../src/providers/wangsu/sign.ts';

export type Scheme = 'basic' | 'aksk';

export interface WangsuRequestOptions {
  method?: string;
  /** Path, optionally with `?query`. */
  path: string;
  /** Serialised with JSON.stringify unless `rawBody` is given. */
  body?: unknown;
  rawBody?: string;
  /** Default `aksk`. */
  scheme?: Scheme;
  /** Basic: the Date header; default the clock's, formatted by `rfc1123Date`. */
  date?: string;
  /** AK/SK: Unix seconds; default the clock's. */
  timestamp?: number;
  /** Sign with this apiKey / secretKey instead of the account's. */
  signingKey?: string;
  /** Applied after signing; `null` removes a header. */
  headers?: Record<string, string | null>;
  /** Sent instead of the signed body, to prove the raw bytes are what is checked. */
  sendBody?: string;
  /** Sent to instead of the signed path (and query). */
  sendPath?: string;
}

export interface WangsuResponse {
  status: number;
  requestId: string | null;
  location: string | null;
  text: string;
  /** The parsed body; `undefined` when it is not JSON. */
  json: unknown;
}

/** Signs a request with `src/providers/wangsu/sign.ts` exactly as a client would and sends it to the sandbox. */
export async function wangsuRequest(
  baseUrl: string,
  account: WangsuSandboxAccount,
  clock: Clock,
  options: WangsuRequestOptions,
): Promise<WangsuResponse> {
  const method = options.method ?? 'GET';
  const body = options.rawBody ?? (options.body === undefined ? '' : JSON.stringify(options.body));
  const [path = '', query = ''] = options.path.split('?');
  const url = new URL(options.sendPath ?? options.path, baseUrl);
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'application/json' };
  if ((options.scheme ?? 'aksk') === 'basic') {
    const date = options.date ?? rfc1123Date(clock.now());
    headers.Date = date;
    headers.Authorization = basicAuthorization(
      account.username ?? '',
      options.signingKey ?? account.apiKey ?? '',
      date,
    );
  } else {
    Object.assign(
      headers,
      signAkSk({
        accessKey: account.accessKey ?? '',
        secretKey: options.signingKey ?? account.secretKey ?? '',
        method,
        path,
        query,
        host: url.host,
        contentType: 'application/json',
        body,
        timestamp: options.timestamp ?? Math.floor(clock.now() / 1000),
      }),
    );
  }
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    for (const existing of Object.keys(headers)) {
      if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
    }
    if (value !== null) headers[name] = value;
  }
  const sent = options.sendBody ?? body;
  const response = await fetch(url, { method, headers, ...(sent === '' ? {} : { body: sent }) });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return {
    status: response.status,
    requestId: response.headers.get('x-cnc-request-id'),
    location: response.headers.get('location'),
    text,
    json,
  };
}
