import { z } from 'zod';
import { json, type StandinReply } from './answer-web-api.ts';
import { checkBlocks } from './check-blocks.ts';
import { WireString } from './method-handler.ts';
import type { RecordedCall, StandinChangeKind, StandinMessage } from './slack-standin.ts';
import type { ResponseUrlState, StandinState } from './standin-state.ts';

/** Slack: "respond to a user's command up to 5 times within 30 minutes" (docs/reference §3.1). */
export const RESPONSE_URL_MAX_USES = 5;

const Flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]);

const ResponseArgs = z.looseObject({
  text: z.string().optional(),
  blocks: z.unknown().optional(),
  response_type: z.string().optional(),
  replace_original: Flag.optional(),
  delete_original: Flag.optional(),
  thread_ts: WireString.optional(),
});
type ResponseArgs = z.infer<typeof ResponseArgs>;

/**
 * One post to a `response_url`. Errors are bare HTTP statuses with a text code, the way Slack's webhook-style
 * endpoints answer (Bolt's `respond()` throws `RespondError` on any non-2xx): 404 `used_url` after five uses or
 * for a URL this stand-in never handed out, 400 `invalid_blocks` / `invalid_payload` / `no_text`, and 429 for a
 * planned `ratelimited`. New replies are ephemeral unless `response_type: 'in_channel'`.
 */
export function answerResponseUrl(
  state: StandinState,
  key: string,
  body: Record<string, unknown>,
): StandinReply {
  const call: RecordedCall = { method: 'response_url', body, at: state.now(), responseKey: key };
  const url = state.responseUrls.get(key);
  if (url === undefined) return refuseCall(state, call, { status: 404, error: 'invalid_url' });
  const planned = plannedRefusal(state);
  if (planned !== undefined) return refuseCall(state, call, planned);
  if (url.uses >= RESPONSE_URL_MAX_USES) return refuseCall(state, call, { status: 404, error: 'used_url' });
  const args = ResponseArgs.safeParse(body);
  if (!args.success) return refuseCall(state, call, { status: 400, error: 'invalid_payload' });
  const invalid = contentRefusal(args.data);
  if (invalid !== undefined) return refuseCall(state, call, invalid);

  url.uses += 1;
  const change = apply(state, url, args.data);
  state.record(call, change);
  return json(200, { ok: true });
}

interface Refusal {
  status: number;
  error: string;
  retryAfterSeconds?: number;
}

function refuseCall(state: StandinState, call: RecordedCall, refusal: Refusal): StandinReply {
  call.error = refusal.error;
  state.record(call);
  const headers: Record<string, string> = { 'content-type': 'text/plain' };
  if (refusal.retryAfterSeconds !== undefined) headers['retry-after'] = String(refusal.retryAfterSeconds);
  return { status: refusal.status, headers, body: refusal.error };
}

function plannedRefusal(state: StandinState): Refusal | undefined {
  const planned = state.takeFailure('response_url');
  if (planned === undefined) return undefined;
  if (planned.error === 'ratelimited') {
    return { status: 429, error: planned.error, retryAfterSeconds: planned.retryAfterSeconds };
  }
  // Planned `used_url` / `expired_url` look like Slack's 404s; anything else is a 400 like a bad payload.
  return { status: planned.error.endsWith('_url') ? 404 : 400, error: planned.error };
}

function contentRefusal(args: ResponseArgs): Refusal | undefined {
  if (args.delete_original === true) return undefined;
  if ((args.text === undefined || args.text === '') && args.blocks === undefined) {
    return { status: 400, error: 'no_text' };
  }
  if (args.blocks !== undefined && checkBlocks(args.blocks).length > 0)
    return { status: 400, error: 'invalid_blocks' };
  return undefined;
}

function apply(
  state: StandinState,
  url: ResponseUrlState,
  args: ResponseArgs,
): { kind: StandinChangeKind; message: StandinMessage } | undefined {
  const channel = url.origin.channel ?? 'CUNKNOWN';
  const original = url.messageTs === undefined ? undefined : state.findMessage(channel, url.messageTs);

  if (args.delete_original === true) {
    if (original === undefined) return undefined;
    state.messages.splice(state.messages.indexOf(original), 1);
    url.messageTs = undefined;
    return { kind: 'deleted', message: original };
  }

  const blocks = Array.isArray(args.blocks) ? args.blocks : [];
  if (args.replace_original === true && original !== undefined) {
    // A replacement is a whole new body: blocks left out are gone, unlike chat.update.
    original.text = args.text ?? '';
    original.blocks = blocks;
    original.edits += 1;
    return { kind: 'updated', message: original };
  }

  const ephemeral = args.response_type !== 'in_channel';
  const message: StandinMessage = {
    channel,
    ts: state.nextTs(),
    ...(args.thread_ts === undefined ? {} : { threadTs: args.thread_ts }),
    text: args.text ?? '',
    blocks,
    ephemeral,
    ...(ephemeral && url.origin.user !== undefined ? { user: url.origin.user } : {}),
    edits: 0,
    viaResponseUrl: true,
  };
  state.messages.push(message);
  // The first reply becomes the message the URL belongs to; later replace_original posts edit it.
  url.messageTs ??= message.ts;
  return { kind: ephemeral ? 'ephemeral' : 'posted', message };
}
