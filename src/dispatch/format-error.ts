import { randomUUID } from 'node:crypto';
import {
  InternalError,
  PermissionError,
  ProviderError,
  StoreUnavailableError,
  UnsupportedError,
  UsageError,
} from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Reply } from '../messaging/message.ts';
import { noteFailure } from '../observability/correlation.ts';
import { providerHint } from '../providers/registry.ts';
import { context, section } from '../render/blocks.ts';
import { code, escapeMrkdwn } from '../render/format.ts';

/**
 * The one place an error becomes what the user sees: always ephemeral, always saying what to do next. Unexpected
 * errors are logged with a reference the user can quote; their details never reach Slack.
 */
export function formatError(error: unknown, logger: Logger, usage?: string): Reply {
  // The Slack delivery being answered (if any) ends with this error: its log line and metrics say so.
  noteFailure(error);
  if (error instanceof UsageError) {
    const lines = [`:warning: ${error.message}`];
    if (error.hint) lines.push(error.hint);
    // The option parser's hints already end with the usage line; say it once.
    if (usage && !error.hint?.includes('Usage:')) lines.push(`Usage: \`/cdn ${usage}\``);
    return ephemeral(lines.join('\n'));
  }
  if (error instanceof PermissionError) return ephemeral(`:no_entry: ${error.message}`);
  if (error instanceof UnsupportedError) return ephemeral(`:information_source: ${error.message}`);
  if (error instanceof ProviderError) {
    const hint = providerHint(error);
    const details = [
      `code ${code(error.providerCode)}`,
      error.requestId ? `request id ${code(error.requestId)}` : '',
    ];
    const text = `:x: ${escapeMrkdwn(error.account)} answered with an error: ${escapeMrkdwn(error.message)}`;
    return {
      visibility: 'ephemeral',
      text: `${text} (${error.providerCode}${error.requestId ? `, request id ${error.requestId}` : ''})`,
      blocks: [
        section(hint ? `${text}\n${escapeMrkdwn(hint)}` : text),
        context(details.filter(Boolean).join(' · ')),
      ],
    };
  }
  if (error instanceof StoreUnavailableError) {
    // Said once here, where it is answered; the reason is the driver's, never the connection string.
    logger.warn('store unavailable; the action was refused', { reason: error.reason });
    return ephemeral(STORE_UNAVAILABLE);
  }
  const reference = error instanceof InternalError ? error.reference : randomUUID().slice(0, 8);
  logger.error('command failed unexpectedly', { reference, error });
  return ephemeral(
    `:boom: Something went wrong inside cdnops (reference \`${reference}\`). Nothing more was done; the details are in the bot's log.`,
  );
}

/**
 * Not "nothing was changed": a purge may already have been sent, or a card posted, when the store failed on the step
 * after; what was done shows in the channel as usual.
 */
export const STORE_UNAVAILABLE =
  ':warning: The cdnops store (its database) cannot be reached right now, so cdnops could not do this, or not all of it. Try again in a minute; if it keeps happening, tell whoever runs cdnops.';

function ephemeral(text: string): Reply {
  return { visibility: 'ephemeral', text, blocks: [section(text)] };
}
