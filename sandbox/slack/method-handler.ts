import { z } from 'zod';
import type { StandinChangeKind, StandinMessage, StandinView } from './slack-standin.ts';
import type { StandinState } from './standin-state.ts';

/** A Web API method's answer: Slack's `{ ok: true, ... }` result, or an error code with optional details. */
export type MethodOutcome =
  | {
      ok: true;
      result: Record<string, unknown>;
      change?: { kind: StandinChangeKind; message: StandinMessage };
      /** The modal or Home tab the call left showing. */
      view?: StandinView;
    }
  | { ok: false; error: string; problems?: string[] };

export type MethodHandler = (state: StandinState, body: Record<string, unknown>) => MethodOutcome;

/** Form fields arrive as strings, JSON bodies may carry numbers (a ts, an id): accept both, as Slack does. */
export const WireString = z.union([z.string(), z.number()]).transform(String);

export function failure(error: string, problems?: string[]): MethodOutcome {
  return problems === undefined ? { ok: false, error } : { ok: false, error, problems };
}
