/**
 * Every Slack delivery (a `/cdn` command, a click, a modal submission, an App Home visit) runs under a correlation
 * id of its own (observability/correlation.ts) and ends with one log line: who, where, what (the command with its
 * arguments redacted, or the button or modal), the outcome, the provider request ids it caused, how long it took
 * and the correlation id, which every provider-call line it caused carries too. Its acknowledgement time and outcome
 * go to the metrics.
 *
 * Hooked where every receiver hands a delivery to Bolt (`app.processEvent`), so Socket Mode and HTTP are observed
 * alike and the acknowledgement, which Bolt builds from the receiver's own, can be timed.
 */
import { performance } from 'node:perf_hooks';
import type { App } from '@slack/bolt';
import type { Logger } from '../logger.ts';
import {
  type Correlation,
  currentCorrelation,
  newCorrelation,
  noteOutcome,
  withCorrelation,
} from '../observability/correlation.ts';
import type { Metrics } from '../observability/metrics.ts';
import { redactArguments } from '../observability/redact-arguments.ts';
import type { WorkTracker } from '../util/work-tracker.ts';

type ReceiverEvent = Parameters<App['processEvent']>[0];

interface Described {
  /** `command`, `button`, `modal`, `modal_closed`, `home`, or Slack's payload type. */
  kind: string;
  user: string | undefined;
  channel: string | undefined;
  /** What was asked: the command as typed (redacted), the button's action id, the modal's callback id. */
  what: Record<string, unknown>;
  /** The command's name for the metrics; only for `/cdn` commands. */
  command?: string;
}

/** Payloads that only look something up (select options as the person types): neither logged nor counted. */
const LOOKUPS: ReadonlySet<unknown> = new Set(['block_suggestion', 'dialog_suggestion']);

export function observeDeliveries(
  app: App,
  deps: {
    logger: Logger;
    metrics: Metrics | undefined;
    work: WorkTracker;
    /** Whether `name` is a cdnops command; anything else is counted as `unknown`, so a typo is not a new label. */
    isCommand: (name: string) => boolean;
  },
): WorkTracker {
  const { logger, metrics, work } = deps;
  const pendingOf = new WeakMap<Correlation, Promise<unknown>[]>();
  const processEvent = app.processEvent.bind(app);

  app.processEvent = async (event: ReceiverEvent) => {
    const body = event.body as Record<string, unknown>;
    if (LOOKUPS.has(body.type)) return processEvent(event);
    const startedAt = performance.now();
    const described = describe(body, deps.isCommand);
    const correlation = newCorrelation();
    const pending: Promise<unknown>[] = [];
    pendingOf.set(correlation, pending);
    const ack = event.ack;
    let acked = false;
    const observedEvent: ReceiverEvent = {
      ...event,
      ack: async (response) => {
        if (!acked) {
          acked = true;
          metrics?.ackSeconds.observe({ kind: described.kind }, (performance.now() - startedAt) / 1000);
          if (isFieldErrors(response)) noteOutcome('usage');
        }
        return ack(response);
      },
    };
    const finish = (error?: unknown) => {
      const outcome = error !== undefined ? 'internal' : (correlation.failure ?? 'done');
      if (described.command !== undefined) metrics?.commands.inc({ command: described.command, outcome });
      else metrics?.interactions.inc({ kind: described.kind, outcome });
      const line = {
        kind: described.kind,
        user: described.user,
        channel: described.channel,
        ...described.what,
        outcome,
        requestIds: correlation.requestIds,
        durationMs: Math.round(performance.now() - startedAt),
        ...(error !== undefined ? { error } : {}),
      };
      withCorrelation(correlation, () => logger.info('slack delivery', line));
    };
    try {
      await withCorrelation(correlation, () => processEvent(observedEvent));
    } catch (error) {
      finish(error);
      throw error;
    }
    // The work a handler started after acknowledging ends the delivery; it may start more work as it goes.
    work.track(
      (async () => {
        for (let settled = 0; settled < pending.length; settled = pending.length) {
          await Promise.allSettled(pending.slice(settled));
        }
        finish();
      })(),
    );
  };

  return {
    track(promise) {
      const correlation = currentCorrelation();
      if (correlation) pendingOf.get(correlation)?.push(promise);
      work.track(promise);
    },
    drain: () => work.drain(),
  };
}

function describe(body: Record<string, unknown>, isCommand: (name: string) => boolean): Described {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const record = (value: unknown) =>
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  if (typeof body.command === 'string') {
    const typed = text(body.text) ?? '';
    const first = typed.trim().split(/\s+/)[0]?.toLowerCase() || 'help';
    return {
      kind: 'command',
      user: text(body.user_id),
      channel: text(body.channel_id),
      what: { command: `${body.command} ${redactArguments(typed)}`.trim() },
      command: isCommand(first) ? first : 'unknown',
    };
  }
  const user = text(record(body.user).id);
  if (body.type === 'block_actions') {
    const action = record((body.actions as unknown[] | undefined)?.[0]);
    return {
      kind: 'button',
      user,
      channel: text(record(body.channel).id) ?? text(record(body.container).channel_id),
      what: { action: text(action.action_id) },
    };
  }
  if (body.type === 'view_submission' || body.type === 'view_closed') {
    return {
      kind: body.type === 'view_submission' ? 'modal' : 'modal_closed',
      user,
      channel: undefined,
      what: { view: text(record(body.view).callback_id) },
    };
  }
  const inner = record(body.event);
  if (inner.type === 'app_home_opened') {
    return { kind: 'home', user: text(inner.user), channel: undefined, what: {} };
  }
  return { kind: text(body.type) ?? 'unknown', user, channel: undefined, what: {} };
}

function isFieldErrors(response: unknown): boolean {
  return (
    typeof response === 'object' &&
    response !== null &&
    (response as { response_action?: unknown }).response_action === 'errors'
  );
}
