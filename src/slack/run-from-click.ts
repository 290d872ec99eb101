import type { RespondFn, webApi } from '@slack/bolt';
import type { AppServices } from '../commands/app-services.ts';
import { formatError } from '../dispatch/format-error.ts';
import { runCommand } from '../dispatch/run-command.ts';
import { slackBody } from '../messaging/fit-text.ts';
import type { Reply } from '../messaging/message.ts';
import { postEphemeralReply } from './post-ephemeral-reply.ts';

export interface Click {
  /** Who clicked: the command runs as them, so their role in the channel is checked again. */
  userId: string;
  /** The channel of the message clicked on. */
  channelId: string;
  respond: RespondFn | undefined;
  client: webApi.WebClient;
  /**
   * Whether a successful answer replaces the message clicked on (paging through a private answer). Refusals never
   * do: they go to the clicker alone and leave the message as everybody sees it.
   */
  replaceOnSuccess: boolean;
  /** Claims the click's delivery (see claimDelivery): `false` for a retry or replay, which then runs nothing. */
  claim: () => Promise<boolean>;
}

/**
 * Runs the `/cdn` command a button stands for through the whole pipeline (allowlist, arguments, the clicker's role
 * in that channel), then answers the clicker. `words` may throw a UsageError for a value it cannot read.
 */
export async function runFromClick(
  services: AppServices,
  click: Click,
  words: () => Promise<readonly string[]>,
): Promise<void> {
  const replies: Reply[] = [];
  let ok = false;
  try {
    if (!(await click.claim())) return;
    const tokens = await words();
    ok = await runCommand(
      {
        // Recorded in the audit log as if typed; `--` only separates options from the URLs.
        text: tokens.filter((token) => token !== '--').join(' '),
        tokens,
        userId: click.userId,
        channelId: click.channelId,
      },
      services,
      async (reply) => {
        replies.push(reply);
      },
    );
  } catch (error) {
    replies.push(formatError(error, services.logger));
  }
  const fallback = postEphemeralReply(click.client, click.channelId, click.userId);
  for (const reply of replies) {
    const body = slackBody(reply);
    try {
      if (!click.respond) throw new Error('the click carried no response_url');
      await click.respond({
        ...body,
        response_type: reply.visibility ?? 'ephemeral',
        replace_original: ok && click.replaceOnSuccess,
      });
    } catch (error) {
      services.logger.warn('could not answer a click through its response_url; using the Web API', { error });
      try {
        await fallback(reply);
      } catch (fallbackError) {
        services.logger.error('could not answer a click', { user: click.userId, error: fallbackError });
      }
    }
  }
}
