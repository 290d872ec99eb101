import { messageActionBody } from './block-action-body.ts';
import { elementsOf } from './block-elements.ts';
import { sendSignedToApp } from './send-to-app.ts';
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
  const found = elementsOf(input.message.blocks).find(
    ({ element }) => element.action_id === input.which || element.text?.text?.toLowerCase() === wanted,
  );
  if (!found) throw new Error(`no button "${input.which}" on the message`);
  return messageActionBody(input.standin, {
    userId: input.userId,
    message: input.message,
    element: { actionId: found.element.action_id ?? '', blockIndex: found.blockIndex },
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
