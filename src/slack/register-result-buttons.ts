import type { App } from '@slack/bolt';
import * as z from 'zod';
import { ALERT_ACTIONS, alertButtonWords } from '../alerts/alert-buttons.ts';
import { PURGE_RESULT_ACTIONS, purgeButtonWords } from '../cache-ops/purge-result-buttons.ts';
import type { AppServices } from '../commands/app-services.ts';
import { UsageError } from '../errors.ts';
import { HOSTS_PAGE_ACTIONS, hostsPageWords } from '../render/hosts-page-buttons.ts';
import { PURGES_PAGE_ACTIONS, purgesPageWords } from '../render/purges-page-buttons.ts';
import { STATS_PERIOD_ACTIONS, statsPeriodWords } from '../render/stats-period-buttons.ts';
import type { WorkTracker } from '../util/work-tracker.ts';
import { claimDelivery } from './ignore-repeated-deliveries.ts';
import { buttonClick, readInteraction, refuseClick } from './read-interaction.ts';
import { runFromClick } from './run-from-click.ts';

/** The value's own shape (JSON of URLs, a period, a page) is read by each button's `words`. */
const ResultClick = buttonClick(z.string());

interface ResultButton {
  /** The `/cdn` words the click stands for, read from the button's value. */
  words(value: string, services: AppServices): Promise<readonly string[]>;
  /** Paging replaces the private answer clicked on; a purge posts a new result and leaves the old one. */
  replaceOnSuccess: boolean;
}

const STALE = new UsageError(
  'This button is from an older cdnops and no longer works.',
  'Run the command again.',
);

function readable(words: string[] | undefined): readonly string[] {
  if (!words) throw STALE;
  return words;
}

const BUTTONS: Readonly<Record<string, ResultButton>> = {
  ...Object.fromEntries(
    Object.values(ALERT_ACTIONS).map((action) => [
      action,
      { words: async (value: string) => readable(alertButtonWords(action, value)), replaceOnSuccess: false },
    ]),
  ),
  [PURGE_RESULT_ACTIONS.prefetch]: {
    words: (value, services) => purgeButtonWords('prefetch', value, services.store.follows),
    replaceOnSuccess: false,
  },
  [PURGE_RESULT_ACTIONS.again]: {
    words: (value, services) => purgeButtonWords('again', value, services.store.follows),
    replaceOnSuccess: false,
  },
  [PURGE_RESULT_ACTIONS.check]: {
    words: (value, services) => purgeButtonWords('check', value, services.store.follows),
    replaceOnSuccess: false,
  },
  [STATS_PERIOD_ACTIONS.previous]: {
    words: async (value, services) => readable(statsPeriodWords(value, services.timezone)),
    replaceOnSuccess: true,
  },
  [STATS_PERIOD_ACTIONS.next]: {
    words: async (value, services) => readable(statsPeriodWords(value, services.timezone)),
    replaceOnSuccess: true,
  },
  [HOSTS_PAGE_ACTIONS.previous]: {
    words: async (value) => readable(hostsPageWords(value)),
    replaceOnSuccess: true,
  },
  [HOSTS_PAGE_ACTIONS.next]: {
    words: async (value) => readable(hostsPageWords(value)),
    replaceOnSuccess: true,
  },
  [PURGES_PAGE_ACTIONS.previous]: {
    words: async (value) => readable(purgesPageWords(value)),
    replaceOnSuccess: true,
  },
  [PURGES_PAGE_ACTIONS.next]: {
    words: async (value) => readable(purgesPageWords(value)),
    replaceOnSuccess: true,
  },
};

/**
 * The buttons on results: "Prefetch these" / "Purge again" / "Check edges" on a purge, previous / next period on stats, previous /
 * next page on hosts and purges. Each is acknowledged at once; the command it stands for then runs as the clicker, in the
 * channel of the message, through the whole pipeline, so the clicker's own role there is what counts.
 */
export function registerResultButtons(app: App, services: AppServices, work: WorkTracker): void {
  for (const [actionId, resultButton] of Object.entries(BUTTONS)) {
    app.action(actionId, async ({ ack, body, action, respond, client, context }) => {
      await ack();
      const click = readInteraction(ResultClick, { body, action });
      if (!click.ok) {
        work.track(
          refuseClick({ body, actionId, problem: click.problem, respond, client, logger: services.logger }),
        );
        return;
      }
      const userId = click.data.body.user.id;
      const value = click.data.action.value;
      const channelId = click.data.body.channel?.id ?? click.data.body.container?.channel_id;
      if (!channelId) {
        services.logger.warn('a result button was clicked outside a channel', { actionId, user: userId });
        return;
      }
      work.track(
        runFromClick(
          services,
          {
            userId,
            channelId,
            respond,
            client,
            replaceOnSuccess: resultButton.replaceOnSuccess,
            claim: () => claimDelivery(context),
          },
          () => resultButton.words(value, services),
        ),
      );
    });
  }
}
