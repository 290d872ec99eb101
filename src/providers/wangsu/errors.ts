import { ProviderError } from '../../errors.ts';
import { statusProvesNotApplied } from '../request-effect.ts';

/** Wangsu's account-wide rate limit answer (reference §3): back off for most of a window, then retry. */
export const THROTTLE_STATUS = 446;
export const THROTTLE_CODE = 'WPLUS_AccountApiTooFrequence';

const HINTS: Readonly<Record<string, string>> = {
  [THROTTLE_CODE]:
    'Wangsu allows about 300 API calls per 5 minutes per account; cdnops paces itself, but other tools share the budget.',
  HTTP401:
    'Check the username/apiKey (or accessKey/secretKey) configured for this account, and that this clock is right.',
};

export function wangsuHint(code: string): string | undefined {
  return HINTS[code];
}

/**
 * Error bodies come as JSON `{code,message}`, `{status,result}` (auth failures), `{Code,Message}` (/ccm), XML
 * `<code>…</code><message>…</message>`, or plain text. Take whatever names the problem.
 */
export function errorFromBody(input: {
  account: string;
  status: number;
  body: string;
  requestId: string | undefined;
}): ProviderError {
  const { code, message } = readErrorBody(input.body);
  const providerCode = input.status === THROTTLE_STATUS ? THROTTLE_CODE : (code ?? `HTTP${input.status}`);
  return new ProviderError({
    account: input.account,
    providerCode,
    message: message ?? `Wangsu answered HTTP ${input.status}`,
    requestId: input.requestId,
    retryable: input.status === THROTTLE_STATUS || input.status >= 500,
    // 4xx and 446 are refusals; a 500, 502 or 504 may come after Wangsu (or its gateway) passed the request on.
    applied: input.status >= 500 && !statusProvesNotApplied(input.status) ? 'unknown' : 'no',
    httpStatus: input.status,
  });
}

function readErrorBody(body: string): { code: string | undefined; message: string | undefined } {
  try {
    const json: unknown = JSON.parse(body);
    if (json && typeof json === 'object') {
      const record = json as Record<string, unknown>;
      const text = (value: unknown) =>
        typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
      return {
        code: text(record.code) ?? text(record.Code),
        message: text(record.message) ?? text(record.Message) ?? text(record.result) ?? text(record.msg),
      };
    }
  } catch {
    // Not JSON: XML or text below.
  }
  const xml = (tag: string) => new RegExp(`<${tag}>([^<]*)</${tag}>`, 'i').exec(body)?.[1]?.trim();
  const code = xml('code');
  const message = xml('message');
  if (code || message) return { code, message };
  const text = body.trim();
  return { code: undefined, message: text.length > 0 ? text.slice(0, 300) : undefined };
}
