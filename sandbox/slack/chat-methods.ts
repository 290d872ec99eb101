import { z } from 'zod';
import { checkBlocks } from './check-blocks.ts';
import { failure, type MethodHandler, type MethodOutcome, WireString } from './method-handler.ts';
import type { StandinMessage } from './slack-standin.ts';
import type { StandinState } from './standin-state.ts';

/** Slack truncates past this; the stand-in refuses instead, so a runaway message fails loudly in tests. */
const MAX_TEXT = 40_000;

const PostArgs = z.looseObject({
  channel: WireString.optional(),
  text: z.string().optional(),
  blocks: z.unknown().optional(),
  attachments: z.unknown().optional(),
  thread_ts: WireString.optional(),
  user: WireString.optional(),
});

const EditArgs = z.looseObject({
  channel: WireString.optional(),
  ts: WireString.optional(),
  text: z.string().optional(),
  blocks: z.unknown().optional(),
});

/** `chat.*`: the methods that change what users see in a channel. */
export const chatMethods: Record<string, MethodHandler> = {
  'chat.postMessage': postMessage,
  'chat.postEphemeral': postEphemeral,
  'chat.update': update,
  'chat.delete': remove,
};

function postMessage(state: StandinState, body: Record<string, unknown>): MethodOutcome {
  const args = PostArgs.safeParse(body);
  if (!args.success) return failure('invalid_arguments', [args.error.message]);
  const { channel, text, blocks, attachments, thread_ts: threadTs } = args.data;
  const refused = refuseContent(text, blocks, attachments);
  if (refused !== undefined) return refused;
  if (channel === undefined || channel === '') return failure('channel_not_found');

  const message: StandinMessage = {
    channel,
    ts: state.nextTs(),
    ...(threadTs === undefined ? {} : { threadTs }),
    text: text ?? '',
    blocks: Array.isArray(blocks) ? blocks : [],
    ephemeral: false,
    edits: 0,
    viaResponseUrl: false,
  };
  state.messages.push(message);
  return {
    ok: true,
    result: { channel, ts: message.ts, message: wireMessage(message) },
    change: { kind: 'posted', message },
  };
}

function postEphemeral(state: StandinState, body: Record<string, unknown>): MethodOutcome {
  const args = PostArgs.safeParse(body);
  if (!args.success) return failure('invalid_arguments', [args.error.message]);
  const { channel, user, text, blocks, attachments, thread_ts: threadTs } = args.data;
  const refused = refuseContent(text, blocks, attachments);
  if (refused !== undefined) return refused;
  if (channel === undefined || channel === '') return failure('channel_not_found');
  if (user === undefined || user === '') return failure('user_not_in_channel');

  const message: StandinMessage = {
    channel,
    ts: state.nextTs(),
    ...(threadTs === undefined ? {} : { threadTs }),
    text: text ?? '',
    blocks: Array.isArray(blocks) ? blocks : [],
    ephemeral: true,
    user,
    edits: 0,
    viaResponseUrl: false,
  };
  state.messages.push(message);
  return { ok: true, result: { message_ts: message.ts }, change: { kind: 'ephemeral', message } };
}

function update(state: StandinState, body: Record<string, unknown>): MethodOutcome {
  const args = EditArgs.safeParse(body);
  if (!args.success) return failure('invalid_arguments', [args.error.message]);
  const { channel, ts, text, blocks } = args.data;
  if (channel === undefined || ts === undefined)
    return failure('invalid_arguments', ['channel and ts are required']);
  if (blocks !== undefined) {
    const problems = checkBlocks(blocks);
    if (problems.length > 0) return failure('invalid_blocks', problems);
  }
  if (text !== undefined && text.length > MAX_TEXT) return failure('msg_too_long');
  const message = state.findMessage(channel, ts);
  // Ephemerals cannot be edited through the Web API, only through their response_url.
  if (message === undefined || message.ephemeral) return failure('message_not_found');

  // Slack keeps the previous blocks when an update omits them; an empty array clears them.
  if (text !== undefined) message.text = text;
  if (Array.isArray(blocks)) message.blocks = blocks;
  message.edits += 1;
  return {
    ok: true,
    result: { channel, ts, text: message.text, message: wireMessage(message) },
    change: { kind: 'updated', message },
  };
}

function remove(state: StandinState, body: Record<string, unknown>): MethodOutcome {
  const args = EditArgs.safeParse(body);
  if (!args.success) return failure('invalid_arguments', [args.error.message]);
  const { channel, ts } = args.data;
  if (channel === undefined || ts === undefined)
    return failure('invalid_arguments', ['channel and ts are required']);
  const message = state.findMessage(channel, ts);
  if (message === undefined || message.ephemeral) return failure('message_not_found');

  state.messages.splice(state.messages.indexOf(message), 1);
  return { ok: true, result: { channel, ts }, change: { kind: 'deleted', message } };
}

/** The checks Slack makes on any new message's content, in the order it reports them. */
function refuseContent(
  text: string | undefined,
  blocks: unknown,
  attachments: unknown,
): MethodOutcome | undefined {
  if ((text === undefined || text === '') && blocks === undefined && attachments === undefined) {
    return failure('no_text');
  }
  if (blocks !== undefined) {
    const problems = checkBlocks(blocks);
    if (problems.length > 0) return failure('invalid_blocks', problems);
  }
  if (text !== undefined && text.length > MAX_TEXT) return failure('msg_too_long');
  return undefined;
}

/** The `message` object Slack returns: the bot as author, our text and blocks. */
export function wireMessage(message: StandinMessage): Record<string, unknown> {
  return {
    type: 'message',
    user: 'UBOT',
    bot_id: 'BBOT',
    app_id: 'A0001',
    text: message.text,
    blocks: message.blocks,
    ts: message.ts,
    ...(message.threadTs === undefined ? {} : { thread_ts: message.threadTs }),
  };
}
