import { slackBody } from './fit-text.ts';
import type { Respond } from './message.ts';
import type { ProgressOutlet } from './progress.ts';
import type { PostToResponseUrl } from './response-url.ts';

/**
 * Slack takes at most 5 posts per response_url (docs/reference §3.1): the note and two edits leave one for the
 * answer and one spare (`digest run` may need it to post where the bot is not a member).
 */
const MAX_SHOWS = 3;
/** One edit per 2 seconds keeps well inside Slack's limits and still reads as live. */
const MIN_INTERVAL_MS = 2_000;

/**
 * A slash command's progress note, private to the person who typed it like the answers it stands for, posted and
 * then replaced through the command's response_url; the answer replaces it too. An answer for the channel cannot
 * turn a private note public: it is posted as it would be, and the note says where it went.
 */
export function responseUrlProgress(
  postToResponseUrl: PostToResponseUrl,
  responseUrl: string,
  respond: Respond,
): ProgressOutlet {
  let posted = false;
  return {
    maxShows: MAX_SHOWS,
    minIntervalMs: MIN_INTERVAL_MS,
    async show(message) {
      // The first post makes the message the URL belongs to; later ones replace it.
      await postToResponseUrl(responseUrl, {
        ...slackBody(message),
        response_type: 'ephemeral',
        ...(posted ? { replace_original: true } : {}),
      });
      posted = true;
    },
    async replace(reply) {
      if (reply.visibility === 'in_channel') {
        await respond(reply);
        await postToResponseUrl(responseUrl, {
          text: 'Done: the answer is posted in the channel.',
          response_type: 'ephemeral',
          replace_original: true,
        }).catch(() => undefined);
        return;
      }
      await postToResponseUrl(responseUrl, {
        ...slackBody(reply),
        response_type: 'ephemeral',
        replace_original: true,
      });
    },
  };
}
