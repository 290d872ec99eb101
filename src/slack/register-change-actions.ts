import type { App } from '@slack/bolt';
import { type Decision, decideChange } from '../changes/decide-change.ts';
import type { AppServices } from '../commands/app-services.ts';
import { formatError } from '../dispatch/format-error.ts';
import type { WorkTracker } from '../util/work-tracker.ts';
import { publishHome } from './app-home.ts';
import { claimDelivery } from './ignore-repeated-deliveries.ts';

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
    if (body.type !== 'block_actions' || action.type !== 'button' || !('action_id' in action)) return;
    const decision = action.action_id.slice('change.'.length);
    if (!DECISIONS.has(decision)) return;
    const ephemeral = Boolean((body.container as { is_ephemeral?: boolean } | undefined)?.is_ephemeral);
    const fromHome = body.view?.type === 'home';
    const changeId = action.value ?? '';
    work.track(
      (async () => {
        try {
          // A retried or replayed click, here or on another replica, decides nothing (and says nothing).
          if (!(await claimDelivery(context))) return;
          const taken = await decideChange(services, {
            changeId,
            decision: decision as Decision,
            userId: body.user.id,
            previewResponseUrl: ephemeral ? body.response_url : undefined,
          });
          if (fromHome) {
            await publishHome(
              client,
              services,
              body.user.id,
              `:ballot_box_with_check: You ${DONE[taken]} request \`${changeId.toUpperCase()}\`; its card in the channel shows how it ended.`,
            );
          }
        } catch (error) {
          const reply = formatError(error, services.logger);
          if (fromHome) {
            await publishHome(client, services, body.user.id, reply.text);
            return;
          }
          try {
            await respond({
              response_type: 'ephemeral',
              replace_original: false,
              text: reply.text,
              ...(reply.blocks ? { blocks: reply.blocks } : {}),
            });
          } catch (respondError) {
            services.logger.warn('could not tell the clicker why nothing happened', { error: respondError });
          }
        }
      })(),
    );
  });
}
