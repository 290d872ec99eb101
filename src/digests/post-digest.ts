import type { MessageRef, Messenger } from '../messaging/message.ts';
import type { DigestMessages } from './compose-digest.ts';

export interface PostedDigest {
  ref: MessageRef;
  /** Thread replies Slack refused or that could not be sent; the channel message is out regardless. */
  failedReplies: { index: number; error: unknown }[];
}

/**
 * Posts the channel message, then the per-domain details as replies in its thread, in order. A reply that fails is
 * recorded and the rest still go out; only the channel message failing throws.
 */
export async function postDigest(
  messenger: Messenger,
  channel: string,
  messages: DigestMessages,
  options?: {
    responseUrl?: string | undefined;
    /** Runs once the channel message is out, before any reply. */
    onMainPosted?: ((ref: MessageRef) => Promise<void>) | undefined;
  },
): Promise<PostedDigest> {
  const ref = await messenger.post(
    channel,
    messages.main,
    options?.responseUrl ? { responseUrl: options.responseUrl } : undefined,
  );
  await options?.onMainPosted?.(ref);
  const failedReplies: PostedDigest['failedReplies'] = [];
  for (const [index, reply] of messages.thread.entries()) {
    try {
      await messenger.post(channel, reply, ref.ts ? { threadTs: ref.ts } : undefined);
    } catch (error) {
      // Handled: the reply is named in the run's record (and the caller's log); the others still go out.
      failedReplies.push({ index, error });
    }
  }
  return { ref, failedReplies };
}
