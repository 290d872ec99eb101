import type { App } from '@slack/bolt';
import * as z from 'zod';
import type { Decision } from '../changes/authorize-decision.ts';
import type { AppServices } from '../commands/app-services.ts';
import { formatError } from '../dispatch/format-error.ts';
import { slackBody } from '../messaging/fit-text.ts';
import type { WorkTracker } from '../util/work-tracker.ts';
import { publishHome } from './app-home.ts';
import { claimDelivery } from './ignore-repeated-deliveries.ts';
import { buttonClick, readInteraction, refuseClick } from './read-interaction.ts';

/** A change button's value: the request's id (six letters and digits; older ids may differ in length). */
const ChangeClick = buttonClick(z.string().regex(/^[A-Za-z0-9]{1,32}$/, 'must be a change request id'));

const DECISION_ACTIONS = /^change\.(confirm|cancel|approve|reject)$/;
const DECISIONS: ReadonlySet<string> = new Set(['confirm', 'cancel', 'approve', 'reject']);
const DONE: Readonly<Record<string, string>> = {
  confirm: 'confirmed',
  cancel: 'cancelled',
  approve: 'approved',
  reject: 'rejected',
};

/**
 * The Confirm / Cancel / Approve / Reject buttons, on cards in channels and on the App Home. Acknowledged at once;
 * the decision runs after. A refusal is shown only to the person who clicked and never replaces the card everybody
 * else sees; a click on the Home republishes that person's Home with the outcome on top.
 */
export function registerChangeActions(app: App, services: AppServices, work: WorkTracker): void {
  app.action(DECISION_ACTIONS, async ({ ack, body, action, respond, client, context }) => {
    await ack();
    const click = readInteraction(ChangeClick, { body, action });
    if (!click.ok) {
      const actionId = (action as { action_id?: unknown }).action_id;
      work.track(
        refuseClick({ body, actionId, problem: click.problem, respond, client, logger: services.logger }),
      );
      return;
    }
    const decision = click.data.action.action_id.slice('change.'.length);
    if (!DECISIONS.has(decision)) return;
    const ephemeral = click.data.body.container?.is_ephemeral === true;
    const fromHome = click.data.body.view?.type === 'home';
    const changeId = click.data.action.value;
    const userId = click.data.body.user.id;
    work.track(
      (async () => {
        try {
          // A retried or replayed click, here or on another replica, decides nothing (and says nothing).
          if (!(await claimDelivery(context))) return;
          // Loaded by the first decision (after the ack), not at start-up.
          const { decideChange } = await import('../changes/decide-change.ts');
          const taken = await decideChange(services, {
            changeId,
            decision: decision as Decision,
            userId,
            previewResponseUrl: ephemeral ? click.data.body.response_url : undefined,
          });
          if (fromHome) {
            await publishHome(
              client,
              services,
              userId,
              `:ballot_box_with_check: You ${DONE[taken]} request \`${changeId.toUpperCase()}\`; its card in the channel shows how it ended.`,
            );
          }
        } catch (error) {
          const reply = formatError(error, services.logger);
          if (fromHome) {
            await publishHome(client, services, userId, reply.text);
            return;
          }
          try {
            await respond({
              response_type: 'ephemeral',
              replace_original: false,
              ...slackBody(reply),
            });
          } catch (respondError) {
            services.logger.warn('could not tell the clicker why nothing happened', { error: respondError });
          }
        }
      })(),
    );
  });
}
