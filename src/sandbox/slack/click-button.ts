import { interactionBody, sendSignedToApp } from './send-to-app.ts';
import type { SlackStandin, StandinMessage } from './slack-standin.ts';

interface ButtonElement {
  action_id?: string;
  value?: string;
  text?: { text?: string };
}

/** The buttons of a message, with the block each sits in. */
export function buttonsOf(
  message: Pick<StandinMessage, 'blocks'>,
): { blockId: string; button: ButtonElement }[] {
  return (message.blocks as { block_id?: string; elements?: unknown[] }[]).flatMap((block) =>
    ((block.elements ?? []) as ButtonElement[])
      .filter((element) => typeof element.action_id === 'string')
      .map((button) => ({ blockId: block.block_id ?? 'block', button })),
  );
}

/**
 * The signed-request body Slack sends for a click: a block_actions payload with the message's container, a fresh
 * response_url tied to that message and the clicker. Built once, it can be sent again as a retry or replay would.
 * `which` is the button's action_id or its label (case-insensitive).
 */
export function buttonClickBody(input: {
  standin: SlackStandin;
  message: StandinMessage;
  which: string;
  userId: string;
}): string {
  const wanted = input.which.toLowerCase();
  const found = buttonsOf(input.message).find(
    ({ button }) => button.action_id === input.which || button.text?.text?.toLowerCase() === wanted,
  );
  if (!found) throw new Error(`no button "${input.which}" on the message`);
  const { message, userId } = input;
  const responseUrl = input.standin.responseUrl(undefined, {
    channel: message.channel,
    user: userId,
    messageTs: message.ts,
  });
  const now = Date.now() / 1000;
  return interactionBody({
    type: 'block_actions',
    team: { id: 'T0001', domain: 'example' },
    user: { id: userId, username: userId.toLowerCase(), team_id: 'T0001' },
    api_app_id: 'A0CDNOPS',
    token: 'legacy-verification-token',
    container: {
      type: 'message',
      message_ts: message.ts,
      channel_id: message.channel,
      is_ephemeral: message.ephemeral,
    },
    trigger_id: `${now}.trigger`,
    channel: { id: message.channel, name: 'channel' },
    message: { ts: message.ts, text: message.text, blocks: message.blocks },
    response_url: responseUrl,
    actions: [
      {
        type: 'button',
        action_id: found.button.action_id,
        block_id: found.blockId,
        value: found.button.value,
        text: found.button.text,
        action_ts: `${now}`,
      },
    ],
  });
}

/** Clicks a button as Slack would (see buttonClickBody). */
export async function clickButton(input: {
  standin: SlackStandin;
  appUrl: string;
  signingSecret: string;
  message: StandinMessage;
  which: string;
  userId: string;
}): Promise<{ status: number }> {
  const { status } = await sendSignedToApp(input.appUrl, input.signingSecret, buttonClickBody(input));
  return { status };
}
