import type { CommandContext } from '../dispatch/command-context.ts';
import type { OpenModal } from '../messaging/modal-view.ts';
import { within } from '../util/within.ts';
import { countDomains, domainChoices, MAX_SELECT_OPTIONS } from './domain-options.ts';
import { type DomainPicker, purgeFormView, purgeLoadingView } from './purge-modal-view.ts';

/** How long the form waits for the domain lists before it is shown without them. */
const LIST_BUDGET_MS = 8_000;

/**
 * Opens the purge modal for `/cdn purge` with no arguments. The trigger id lives 3 seconds and the domain lists
 * may take longer, so a loading view is opened first and replaced once they are in.
 */
export async function openPurgeModal(ctx: CommandContext, openModal: OpenModal): Promise<void> {
  const channelId = ctx.caller.channelId;
  const modal = await openModal(purgeLoadingView(channelId));
  const listed = await within(ctx.inventory.list(ctx.caller.accounts), LIST_BUDGET_MS);
  const notes: string[] = [];
  let picker: DomainPicker = { kind: 'none' };
  if (listed.state === 'done') {
    const { accounts, failures } = listed.value;
    const count = countDomains(accounts);
    if (count > MAX_SELECT_OPTIONS) picker = { kind: 'external' };
    else if (count > 0) picker = { kind: 'static', choices: domainChoices(accounts) };
    for (const failure of failures) {
      notes.push(
        `:warning: The domains of ${failure.account} could not be listed (${failure.providerCode}).`,
      );
    }
  } else {
    if (listed.state === 'failed')
      ctx.logger.warn('listing domains for the purge modal failed', { error: listed.error });
    notes.push(':warning: The domain lists did not load; write whole URLs (https://…).');
  }
  try {
    await modal.update(purgeFormView({ channelId, picker, notes }));
  } catch (error) {
    // Most often the user closed the loading view already; the log says which.
    ctx.logger.warn('could not show the purge form', { user: ctx.caller.userId, error });
  }
}
