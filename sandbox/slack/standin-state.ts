import type {
  RecordedCall,
  ResponseUrlOrigin,
  SlackStandinOptions,
  StandinChange,
  StandinChangeKind,
  StandinMessage,
  StandinView,
  TriggerOrigin,
} from './slack-standin.ts';
import type { SocketModeEndpoint } from './socket-mode.ts';

export interface ResponseUrlState {
  key: string;
  uses: number;
  origin: ResponseUrlOrigin;
  /** The message this URL posted or belongs to, which `replace_original` and `delete_original` act on. */
  messageTs: string | undefined;
}

export interface PlannedFailure {
  error: string;
  retryAfterSeconds: number;
}

/** Everything the stand-in remembers, shared by the Web API, `response_url` and `waitFor` handlers. */
export interface StandinState {
  readonly botToken: string;
  /** Socket Mode's app-level token, when the stand-in plays Socket Mode. */
  readonly appToken: string | undefined;
  /** Set once the server listens, when `appToken` is. */
  socketMode: Pick<SocketModeEndpoint, 'openConnection'> | undefined;
  readonly usergroups: Record<string, string[]>;
  readonly now: () => number;
  readonly calls: RecordedCall[];
  readonly messages: StandinMessage[];
  readonly responseUrls: Map<string, ResponseUrlState>;
  /** Channel names learnt from slash commands or knowChannel, for `conversations.info` and escaping. */
  readonly channelNames: Map<string, string>;
  /** People's handles (`otto`), by user id, for escaping `@otto` in slash commands. */
  readonly userHandles: Map<string, string>;
  readonly failures: Map<string, PlannedFailure[]>;
  /** Every modal and Home tab that is showing, by view id. */
  readonly views: Map<string, StandinView>;
  /** Each user's open modals, bottom first, as view ids. */
  readonly modalStacks: Map<string, string[]>;
  /** Each user's Home tab, as a view id. */
  readonly homes: Map<string, string>;
  /** The trigger ids handed out, and whom each belongs to. */
  readonly triggers: Map<string, TriggerOrigin>;
  readonly listeners: Set<(change: StandinChange) => void>;
  /** Run on `close()`, so pending `waitFor`s reject instead of hanging. */
  readonly closeHooks: Set<() => void>;
  /** A message ts after every earlier one: `<seconds>.<microseconds>`, from `now()` but never repeating. */
  nextTs(): string;
  /** `V1`, `V2`, ... per prefix. */
  nextId(prefix: string): string;
  findMessage(channel: string, ts: string): StandinMessage | undefined;
  takeFailure(method: string): PlannedFailure | undefined;
  /** Appends the call and tells every listener; state changes must already be applied. */
  record(
    call: RecordedCall,
    change?: { kind: StandinChangeKind; message: StandinMessage },
    view?: StandinView,
  ): void;
}

export function createStandinState(options: SlackStandinOptions): StandinState {
  const now = options.now ?? Date.now;
  let lastMicros = 0;
  const counters = new Map<string, number>();
  const state: StandinState = {
    botToken: options.botToken,
    appToken: options.appToken,
    socketMode: undefined,
    usergroups: options.usergroups ?? {},
    now,
    calls: [],
    messages: [],
    responseUrls: new Map(),
    channelNames: new Map(),
    userHandles: new Map(),
    failures: new Map(),
    views: new Map(),
    modalStacks: new Map(),
    homes: new Map(),
    triggers: new Map(),
    listeners: new Set(),
    closeHooks: new Set(),
    nextTs() {
      // A fixed manual clock would give every message the same ts; Slack's are unique per channel, and
      // chat.update finds messages by ts, so step 100 µs past the last one when time has not moved.
      lastMicros = Math.max(Math.floor(now()) * 1000, lastMicros + 100);
      const seconds = Math.floor(lastMicros / 1_000_000);
      return `${seconds}.${String(lastMicros % 1_000_000).padStart(6, '0')}`;
    },
    nextId(prefix) {
      const next = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, next);
      return `${prefix}${next}`;
    },
    findMessage(channel, ts) {
      return state.messages.find((message) => message.channel === channel && message.ts === ts);
    },
    takeFailure(method) {
      const queue = state.failures.get(method);
      const failure = queue?.shift();
      if (queue !== undefined && queue.length === 0) state.failures.delete(method);
      return failure;
    },
    record(call, change, view) {
      state.calls.push(call);
      const event: StandinChange =
        change === undefined ? { kind: 'call', call } : { kind: change.kind, message: change.message, call };
      if (view !== undefined) event.view = view;
      for (const listener of [...state.listeners]) {
        try {
          listener(event);
        } catch (error) {
          // A throwing listener is a bug in the test; surface it without failing the bot's HTTP request.
          queueMicrotask(() => {
            throw error;
          });
        }
      }
    },
  };
  return state;
}
