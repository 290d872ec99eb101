import type { AccountState, SandboxState } from './state.ts';

/** What an action handler gets besides its parameters. */
export interface ActionContext {
  state: SandboxState;
  /** The account whose key signed the request. */
  account: AccountState;
  /** Clock time of this request, read once so a handler sees one instant. */
  now: number;
}

/** Returns the action's response fields; `RequestId` is added by the caller. Throws `ApiError` to refuse. */
export type ActionHandler = (params: unknown, ctx: ActionContext) => Record<string, unknown>;
