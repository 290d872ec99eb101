import { z } from 'zod';
import type { SandboxAccount } from '../../../sandbox/tencent/index.ts';
import type { Clock } from '../../../src/clock.ts';
import { signTc3 } from '../../../src/providers/tencent/sign.ts';

const Envelope = z.object({
  Response: z.looseObject({
    RequestId: z.string(),
    Error: z.object({ Code: z.string(), Message: z.string() }).optional(),
  }),
});
export type ApiResponse = z.infer<typeof Envelope>['Response'];

export interface SignedPostOptions {
  action: string;
  params?: unknown;
  /** Sent as is instead of `JSON.stringify(params)`. */
  body?: string;
  /** Unix seconds; default the clock's. */
  timestamp?: number;
  version?: string;
  /** The TC3 service signed for; default `cdn`. */
  service?: string;
  contentType?: string;
  signedHeaders?: string[];
  /** Sign with this key instead of the account's. */
  signingKey?: string;
  /** Replaces the Authorization header entirely (`null` leaves it out). */
  authorization?: string | null;
  /** Replaces the body after signing, to prove the raw bytes are what is checked. */
  sendBody?: string;
  signal?: AbortSignal;
}

/** Signs a request with `signTc3` exactly as a client would and POSTs it to the sandbox. */
export async function signedPost(
  url: string,
  account: Pick<SandboxAccount, 'secretId' | 'secretKey'>,
  clock: Clock,
  options: SignedPostOptions,
): Promise<{ status: number; text: string }> {
  const body = options.body ?? JSON.stringify(options.params ?? {});
  const timestamp = options.timestamp ?? Math.floor(clock.now() / 1000);
  const contentType = options.contentType ?? 'application/json';
  const { authorization } = signTc3({
    secretId: account.secretId,
    secretKey: options.signingKey ?? account.secretKey,
    service: options.service ?? 'cdn',
    host: new URL(url).host,
    action: options.action,
    contentType,
    body,
    timestamp,
    signedHeaders: options.signedHeaders,
  });
  const headers: Record<string, string> = {
    'Content-Type': contentType,
    'X-TC-Action': options.action,
    'X-TC-Version': options.version ?? '2018-06-06',
    'X-TC-Timestamp': String(timestamp),
  };
  const finalAuthorization = options.authorization === undefined ? authorization : options.authorization;
  if (finalAuthorization !== null) headers.Authorization = finalAuthorization;
  const response = await fetch(`${url}/`, {
    method: 'POST',
    headers,
    body: options.sendBody ?? body,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { status: response.status, text: await response.text() };
}

/** `signedPost`, then the parsed `Response` object of the envelope (throws if the answer is not one). */
export async function callApi(
  url: string,
  account: Pick<SandboxAccount, 'secretId' | 'secretKey'>,
  clock: Clock,
  options: SignedPostOptions,
): Promise<ApiResponse> {
  const { status, text } = await signedPost(url, account, clock, options);
  if (status !== 200) throw new Error(`HTTP ${status}: ${text}`);
  return parseResponse(text);
}

/** The `Response` object of an API 3.0 answer body. */
export function parseResponse(text: string): ApiResponse {
  return Envelope.parse(JSON.parse(text)).Response;
}
