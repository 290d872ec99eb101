import type { AccountState, SandboxState } from '../state.ts';

/** What a route handler gets. */
export interface RouteContext {
  state: SandboxState;
  /** The authenticated account. */
  account: AccountState;
  /** Clock time of this request, read once so a handler sees one instant. */
  now: number;
  /** This answer's `x-cnc-request-id`; an accepted async change is followed by it. */
  requestId: string;
  /** `http://127.0.0.1:<port>`, for `Location` headers. */
  baseUrl: string;
  /** The path's captured segments, percent-decoded. */
  params: string[];
  query: URLSearchParams;
  /** The raw body bytes. */
  body: Buffer;
}

export interface RouteReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Returns the answer, or throws `ApiError` to refuse. */
export type RouteHandler = (ctx: RouteContext) => RouteReply;

/** The 202 of an accepted async change: `{"message":"success"}` (no `code`: the SDKs document it only for errors). */
export function acceptedReply(location: string): RouteReply {
  return { status: 202, body: { message: 'success' }, headers: { Location: location } };
}
