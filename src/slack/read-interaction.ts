/**
 * Every interaction payload (button clicks, modal submissions, type-ahead, Home visits) is read here, with zod,
 * before a handler uses any of it. Slack signs what it sends, but a button's `value` and a view's
 * `private_metadata` are whatever the message or modal carried: an older cdnops, another app sharing the action
 * id, or a hand-made request can put anything there. A payload of the wrong shape gets a short refusal and one
 * warning line naming the field; it never reaches code that would fail on it with a stack trace.
 */
import type { webApi } from '@slack/bolt';
import * as z from 'zod';
import type { Logger } from '../logger.ts';
import type { ModalView } from '../messaging/modal-view.ts';

/** Slack's own limits: a button value holds at most 2,000 characters, a view's private_metadata 3,000. */
const MAX_BUTTON_VALUE = 2_000;
const MAX_PRIVATE_METADATA = 3_000;

const SlackId = z.string().min(1).max(255);

/** A text field holding JSON (button values, private_metadata), parsed and then checked against `schema`. */
export function jsonText<T extends z.ZodType>(schema: T, max: number) {
  return z
    .string()
    .max(max)
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'is not JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

/** `private_metadata` as a modal cdnops opened writes it: JSON, at most 3,000 characters. */
export function privateMetadata<T extends z.ZodType>(schema: T) {
  return jsonText(schema, MAX_PRIVATE_METADATA);
}

/** The modals' own metadata: the channel the modal was opened from. */
export const ChannelMetadata = z.looseObject({ channelId: SlackId });

const Selected = z.looseObject({ value: z.string() });
/** `view.state.values`: block id → action id → what the person entered. */
export const ViewStateValues = z.record(
  z.string(),
  z.record(
    z.string(),
    z.looseObject({
      value: z.string().nullish(),
      selected_option: Selected.nullish(),
      selected_options: z.array(Selected).nullish(),
    }),
  ),
);

/** The parts of a `block_actions` click on a button that cdnops reads; `value` is checked by `value`. */
export function buttonClick<V extends z.ZodType<unknown, string>>(value: V) {
  return z.object({
    body: z.looseObject({
      type: z.literal('block_actions'),
      user: z.looseObject({ id: SlackId }),
      channel: z.looseObject({ id: SlackId }).optional(),
      container: z
        .looseObject({ channel_id: SlackId.optional(), is_ephemeral: z.boolean().optional() })
        .optional(),
      response_url: z.string().optional(),
      view: z.looseObject({ type: z.string() }).optional(),
    }),
    action: z.looseObject({
      type: z.literal('button'),
      action_id: z.string(),
      value: z.string().max(MAX_BUTTON_VALUE).pipe(value),
    }),
  });
}

/** The parts of a `view_submission` cdnops reads; `metadata` checks the parsed private_metadata. */
export function viewSubmission<M extends z.ZodType>(metadata: M) {
  return z.object({
    body: z.looseObject({ user: z.looseObject({ id: SlackId }) }),
    view: z.looseObject({
      id: z.string(),
      callback_id: z.string(),
      private_metadata: privateMetadata(metadata),
      blocks: z.array(z.unknown()),
      state: z.looseObject({ values: ViewStateValues }),
    }),
  });
}

export type Read<T> = { ok: true; data: T } | { ok: false; problem: string };

/**
 * The one reader every handler uses: `input` checked against `schema`. A failure is described by where and what
 * (`action.value: expected string, received number`), never by quoting the value.
 */
export function readInteraction<S extends z.ZodType>(schema: S, input: unknown): Read<z.output<S>> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'payload';
  return { ok: false, problem: `${where}: ${issue?.message ?? 'not as expected'}` };
}

/** What the person who used a malformed button or form reads. */
export const REFUSAL =
  ':warning: cdnops could not read this button or form (it is not one this version of cdnops made), so nothing was ' +
  'done. Run the command again.';

/** Logs a refused payload: one line, what and where, no stack trace and no value. */
export function logRefusal(
  logger: Logger,
  kind: string,
  problem: string,
  who: { user?: unknown; id?: unknown },
): void {
  logger.warn('refused an interaction payload of the wrong shape', {
    kind,
    problem,
    ...(typeof who.user === 'string' ? { user: who.user } : {}),
    ...(typeof who.id === 'string' ? { id: who.id.slice(0, 100) } : {}),
  });
}

/**
 * Refuses a click of the wrong shape: to the clicker alone, through the click's response_url or else privately
 * in its channel; when neither can be read, the log line is all there is. Never rejects.
 */
export async function refuseClick(input: {
  body: unknown;
  actionId: unknown;
  problem: string;
  respond:
    | ((message: { text: string; response_type: 'ephemeral'; replace_original: false }) => Promise<unknown>)
    | undefined;
  client: webApi.WebClient;
  logger: Logger;
}): Promise<void> {
  const body = (typeof input.body === 'object' && input.body !== null ? input.body : {}) as {
    user?: { id?: unknown };
    channel?: { id?: unknown };
    container?: { channel_id?: unknown };
  };
  const user = body.user?.id;
  const channel = body.channel?.id ?? body.container?.channel_id;
  logRefusal(input.logger, 'button', input.problem, { user, id: input.actionId });
  try {
    if (input.respond) {
      await input.respond({ text: REFUSAL, response_type: 'ephemeral', replace_original: false });
    } else if (typeof user === 'string' && typeof channel === 'string') {
      await input.client.chat.postEphemeral({ channel, user, text: REFUSAL });
    }
  } catch (error) {
    input.logger.warn('could not tell the clicker their button was refused', {
      reason: error instanceof Error ? error.message : String(error),
    });
  }
}

/** The view a malformed modal submission is answered with (`response_action: update`): the refusal, and Close. */
export function refusalView(): ModalView {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: 'cdnops' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: REFUSAL } }],
  };
}
