/**
 * `/cdn stats` with no arguments: a modal asking for the domain, the range and the metrics. The submission is
 * turned into the same words the text command takes and validated by the same schema; problems are shown on the
 * field they concern (`response_action: errors`), and a valid one runs the command and answers privately.
 */
import type { App } from '@slack/bolt';
import type * as z from 'zod';
import type { AppServices } from '../commands/app-services.ts';
import type { AnyCommand } from '../dispatch/define-command.ts';
import { parseArgv } from '../dispatch/parse-argv.ts';
import { runCommand } from '../dispatch/run-command.ts';
import { tokenize } from '../dispatch/tokenize.ts';
import { STATS_BLOCKS as BLOCKS, STATS_MODAL } from '../render/stats-modal-view.ts';
import type { WorkTracker } from '../util/work-tracker.ts';
import { runOnce } from './ignore-repeated-deliveries.ts';
import { postEphemeralReply } from './post-ephemeral-reply.ts';
import {
  ChannelMetadata,
  logRefusal,
  readInteraction,
  refusalView,
  type ViewStateValues,
  viewSubmission,
} from './read-interaction.ts';

const StatsSubmission = viewSubmission(ChannelMetadata);

/** The modal's values as the words `/cdn stats` would get; which field each word came from, for errors. */
export function statsWords(values: z.output<typeof ViewStateValues>): string[] {
  const domain = values[BLOCKS.domain]?.value?.value ?? '';
  const range = values[BLOCKS.range]?.value?.selected_option?.value ?? '--last 24h';
  const metrics = (values[BLOCKS.metrics]?.value?.selected_options ?? []).map((selected) => selected.value);
  return [
    // Split like the text command would, so "a.com b.com" is two words, not one odd domain.
    ...safeTokenize(domain),
    ...range.split(' '),
    ...(metrics.length > 0 ? ['--metric', metrics.join(',')] : []),
  ];
}

function safeTokenize(text: string): string[] {
  try {
    return tokenize(text);
  } catch {
    return [text.trim()].filter(Boolean);
  }
}

/** Validates the words with the text command's own parser and schema; returns field errors, or none. */
export function statsModalErrors(
  words: string[],
  stats: AnyCommand<never>,
): Record<string, string> | undefined {
  if (!words[0] || words[0].startsWith('--') || /^(today|yesterday)$/i.test(words[0])) {
    return { [BLOCKS.domain]: 'Name a domain such as www.example.com, or all.' };
  }
  try {
    const argv = parseArgv(words, stats.flags, {
      command: stats.name,
      usage: `${stats.name} ${stats.usage}`,
    });
    const parsed = stats.args.safeParse(argv);
    if (parsed.success) return undefined;
    const issue = parsed.error.issues[0]!;
    const field =
      issue.path[0] === 'metric'
        ? BLOCKS.metrics
        : issue.path[0] === 'positionals'
          ? BLOCKS.domain
          : BLOCKS.range;
    return { [field]: issue.message };
  } catch (error) {
    return {
      [BLOCKS.domain]: error instanceof Error ? error.message : 'That is not something stats can show.',
    };
  }
}

export function registerStatsModal(app: App, services: AppServices, work: WorkTracker): void {
  app.view(STATS_MODAL, async ({ ack, body, view, client, context }) => {
    const submission = readInteraction(StatsSubmission, { body, view });
    if (!submission.ok) {
      logRefusal(services.logger, 'stats modal', submission.problem, { user: body.user?.id });
      await ack({ response_action: 'update', view: refusalView() });
      return;
    }
    const words = statsWords(submission.data.view.state.values);
    // The command is loaded by now (only `/cdn stats` opens this modal); after a restart this loads it.
    const stats = await services.registry.get('stats');
    if (!stats) throw new Error('the command registry has no stats command');
    const errors = statsModalErrors(words, stats);
    if (errors) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    const { channelId } = submission.data.view.private_metadata;
    const userId = submission.data.body.user.id;
    // A modal submission has no response_url: answer privately in the channel it was opened from.
    const reply = postEphemeralReply(client, channelId, userId);
    work.track(
      runOnce(context, { logger: services.logger, refuse: reply }, () =>
        runCommand(
          { text: ['stats', ...words].join(' '), tokens: ['stats', ...words], userId, channelId },
          services,
          reply,
        ),
      ),
    );
  });
}
