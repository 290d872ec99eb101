/**
 * The `/cdn purge` modal's submissions. The form becomes the words `/cdn purge` would get and is validated by the
 * text command's own parser and schema and by normalizeTargets, with problems shown on the field they concern
 * (`response_action: errors`). A valid form is answered with a preview (`response_action: update`): the plan
 * against live quota. Purge on the preview then runs the real command, which checks everything again.
 */
import { createHash } from 'node:crypto';
import type { App } from '@slack/bolt';
import * as z from 'zod';
import { type DomainChoices, domainChoices } from '../cache-ops/domain-options.ts';
import { NO_PURGE_TARGETS, normalizeTargets, type Target } from '../cache-ops/normalize-targets.ts';
import { planSubmission, type SubmissionPlan } from '../cache-ops/plan-submission.ts';
import {
  PURGE_ACTION,
  PURGE_ALL,
  PURGE_BLOCKS,
  PURGE_KINDS,
  PURGE_MODAL,
  PURGE_PREVIEW,
  PurgeModalMetadata,
  purgeCheckingView,
  purgePreviewView,
  purgeProblemView,
} from '../cache-ops/purge-modal-view.ts';
import type { Operation } from '../cache-ops/submission.ts';
import type { AppServices } from '../commands/app-services.ts';
import type { AnyCommand } from '../dispatch/define-command.ts';
import { formatError } from '../dispatch/format-error.ts';
import { parseArgv } from '../dispatch/parse-argv.ts';
import { runCommand } from '../dispatch/run-command.ts';
import { tokenize } from '../dispatch/tokenize.ts';
import { UsageError } from '../errors.ts';
import type { Block } from '../messaging/message.ts';
import type { ModalView } from '../messaging/modal-view.ts';
import { truncate } from '../render/format.ts';
import { within } from '../util/within.ts';
import type { WorkTracker } from '../util/work-tracker.ts';
import { runOnce } from './ignore-repeated-deliveries.ts';
import { postEphemeralReply } from './post-ephemeral-reply.ts';
import {
  logRefusal,
  privateMetadata,
  readInteraction,
  refusalView,
  viewSubmission,
} from './read-interaction.ts';

const PurgeSubmission = viewSubmission(PurgeModalMetadata);
/** Type-ahead in the domain select: who is typing, what, and the modal's own metadata. */
const PurgeSuggestion = z.object({
  body: z.looseObject({
    user: z.looseObject({ id: z.string().min(1) }),
    value: z.string().max(200),
    view: z.looseObject({ private_metadata: privateMetadata(PurgeModalMetadata) }),
  }),
});

/** A view submission must be answered within 3 seconds; what takes longer is shown with views.update. */
const PLAN_BUDGET_MS = 2_000;
/** Options for a type-ahead select must come back within 3 seconds too. */
const SUGGEST_BUDGET_MS = 2_500;
/** Slack shows field errors under the field; long ones are cut. */
const MAX_FIELD_ERROR = 500;

const Selected = z.object({ value: z.string() });
const FieldState = z.looseObject({
  value: z.string().nullish(),
  selected_option: Selected.nullish(),
  selected_options: z.array(Selected).nullish(),
});
/** `view.state.values`: block id → action id → what the user entered. */
const FormState = z.record(z.string(), z.record(z.string(), FieldState));

export interface PurgeForm {
  domain: string | undefined;
  targets: string;
  kind: 'url' | 'dir';
  all: boolean;
}

export function readPurgeForm(values: unknown): PurgeForm {
  const state = FormState.safeParse(values);
  const field = (block: string) => (state.success ? state.data[block]?.[PURGE_ACTION] : undefined);
  return {
    domain: field(PURGE_BLOCKS.domain)?.selected_option?.value || undefined,
    targets: field(PURGE_BLOCKS.targets)?.value ?? '',
    kind: field(PURGE_BLOCKS.kind)?.selected_option?.value === PURGE_KINDS.dir ? 'dir' : 'url',
    all: (field(PURGE_BLOCKS.all)?.selected_options ?? []).some((option) => option.value === PURGE_ALL),
  };
}

export type CheckedPurge =
  | {
      ok: true;
      /** The words after `/cdn purge`, options first and `--` before the URLs. */
      words: string[];
      targets: Target[];
      duplicates: number;
      operation: Operation;
      flushType: 'flush' | 'delete' | undefined;
    }
  | { ok: false; errors: Record<string, string> };

/** The form as `/cdn purge` words, checked by the command's own parser, schema and URL rules. Does no I/O. */
export function checkPurgeForm(form: PurgeForm, purge: AnyCommand<never>): CheckedPurge {
  const refuse = (block: string, message: string): CheckedPurge => ({
    ok: false,
    errors: { [block]: truncate(message.replaceAll('`', ''), MAX_FIELD_ERROR) },
  });
  let typed: string[];
  try {
    typed = tokenize(form.targets);
  } catch (error) {
    return refuse(PURGE_BLOCKS.targets, error instanceof Error ? error.message : String(error));
  }
  const paths = typed.filter((word) => word.startsWith('/'));
  if (paths.length > 0 && !form.domain) {
    return refuse(
      PURGE_BLOCKS.targets,
      `${paths[0]} is a path: pick the domain it is on above, or write the whole URL (https://…).`,
    );
  }
  const urls = typed.map((word) => (word.startsWith('/') ? `https://${form.domain}${word}` : word));
  const words = [...(form.kind === 'dir' ? ['--dir'] : []), ...(form.all ? ['--all'] : []), '--', ...urls];
  try {
    const argv = parseArgv(words, purge.flags, {
      command: purge.name,
      usage: `${purge.name} ${purge.usage}`,
    });
    const parsed = purge.args.safeParse(argv);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      if (issue.path[0] === 'positionals') return refuse(PURGE_BLOCKS.targets, issue.message);
      // The schema's only other rule: --all needs --dir. Said here in the form's own terms.
      return refuse(PURGE_BLOCKS.all, 'Only for directories: choose Directories above, or untick this.');
    }
    if (parsed.data.positionals.length === 0) return refuse(PURGE_BLOCKS.targets, NO_PURGE_TARGETS);
    const { targets, duplicates } = normalizeTargets(parsed.data.positionals, {
      directories: parsed.data.dir,
      command: purge.name,
    });
    return {
      ok: true,
      words,
      targets,
      duplicates,
      operation: parsed.data.dir ? 'purge-dir' : 'purge-url',
      flushType: parsed.data.dir ? (parsed.data.all ? 'delete' : 'flush') : undefined,
    };
  } catch (error) {
    if (error instanceof UsageError) return refuse(PURGE_BLOCKS.targets, error.message);
    throw error;
  }
}

/** Identifies what a preview showed, so Purge can tell whether the form changed since. */
export function fingerprint(words: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify(words)).digest('hex').slice(0, 16);
}

/** The plan as the command would make it: the same caller, role check, accounts and live quota. */
async function planFor(
  services: AppServices,
  purge: AnyCommand<never>,
  userId: string,
  channelId: string,
  checked: Extract<CheckedPurge, { ok: true }>,
): Promise<SubmissionPlan> {
  const caller = await services.guardrails.resolveCaller(userId, channelId);
  services.guardrails.requireRole(caller, purge.role, purge.name);
  return planSubmission({
    operation: checked.operation,
    targets: checked.targets,
    accountIds: caller.accounts,
    providers: services.providers,
    inventory: services.inventory,
  });
}

/** An error as plain text for a field or the view: no emoji code, no backticks. */
function plainError(error: unknown, services: AppServices): string {
  return formatError(error, services.logger)
    .text.replace(/^:[a-z_]+: /, '')
    .replaceAll('`', '');
}

/** The input blocks of a submitted view, to carry into the next one unchanged. */
function inputBlocks(blocks: readonly unknown[]): Block[] {
  return blocks.filter((block) => (block as { type?: string }).type === 'input') as Block[];
}

async function suggestDomains(
  services: AppServices,
  userId: string,
  channelId: string,
  query: string,
): Promise<DomainChoices> {
  const caller = await services.guardrails.resolveCaller(userId, channelId);
  const { accounts } = await services.inventory.list(caller.accounts);
  return domainChoices(accounts, query);
}

async function purgeCommand(services: AppServices): Promise<AnyCommand<never>> {
  const purge = await services.registry.get('purge');
  if (!purge) throw new Error('the command registry has no purge command');
  return purge;
}

export function registerPurgeModal(app: App, services: AppServices, work: WorkTracker): void {
  app.view(
    new RegExp(`^(${PURGE_MODAL}|${PURGE_PREVIEW})$`),
    async ({ ack, body, view: rawView, client, context }) => {
      const submission = readInteraction(PurgeSubmission, { body, view: rawView });
      if (!submission.ok) {
        logRefusal(services.logger, 'purge modal', submission.problem, { user: body.user?.id });
        await ack({ response_action: 'update', view: refusalView() });
        return;
      }
      const { view } = submission.data;
      const metadata = view.private_metadata;
      const { channelId } = metadata;
      const userId = submission.data.body.user.id;
      // The command is loaded by now (only `/cdn purge` opens this modal); after a restart this loads it.
      const purge = await purgeCommand(services);
      const checked = checkPurgeForm(readPurgeForm(view.state.values), purge);
      if (!checked.ok) {
        await ack({ response_action: 'errors', errors: checked.errors });
        return;
      }
      const check = fingerprint(checked.words);
      const tokens = ['purge', ...checked.words];
      if (view.callback_id === PURGE_PREVIEW && metadata.check === check) {
        await ack();
        // A modal has no response_url: refusals and notes go privately to the channel it was opened from.
        const reply = postEphemeralReply(client, channelId, userId);
        work.track(
          // A retried or replayed Purge, here or on another replica, purges nothing.
          runOnce(context, { logger: services.logger, refuse: reply }, () =>
            runCommand(
              { text: tokens.filter((word) => word !== '--').join(' '), tokens, userId, channelId },
              services,
              reply,
            ),
          ),
        );
        return;
      }

      const form = inputBlocks(view.blocks);
      const preview = (plan: SubmissionPlan): ModalView =>
        purgePreviewView({
          metadata: { channelId, check },
          plan,
          duplicates: checked.duplicates,
          flushType: checked.flushType,
          form,
        });
      const planning = planFor(services, purge, userId, channelId, checked);
      const outcome = await within(planning, PLAN_BUDGET_MS);
      if (outcome.state === 'done') {
        await ack({ response_action: 'update', view: preview(outcome.value) });
        return;
      }
      if (outcome.state === 'failed') {
        const message = truncate(plainError(outcome.error, services), MAX_FIELD_ERROR);
        await ack({ response_action: 'errors', errors: { [PURGE_BLOCKS.targets]: message } });
        return;
      }
      await ack({ response_action: 'update', view: purgeCheckingView({ channelId }, form) });
      work.track(
        (async () => {
          let next: ModalView;
          try {
            next = preview(await planning);
          } catch (error) {
            next = purgeProblemView({ channelId }, plainError(error, services), form);
          }
          try {
            await client.views.update({ view_id: view.id, view: next });
          } catch (error) {
            services.logger.warn('could not show the purge preview', { user: userId, error });
          }
        })(),
      );
    },
  );

  // Type-ahead for the domain select, used when the channel has more domains than a static select holds.
  app.options<'block_suggestion'>(
    { block_id: PURGE_BLOCKS.domain, action_id: PURGE_ACTION },
    async ({ ack, body }) => {
      const suggestion = readInteraction(PurgeSuggestion, { body });
      if (!suggestion.ok) {
        logRefusal(services.logger, 'purge modal type-ahead', suggestion.problem, { user: body.user?.id });
        await ack({ options: [] });
        return;
      }
      const { user, value, view } = suggestion.data.body;
      const found = await within(
        suggestDomains(services, user.id, view.private_metadata.channelId, value),
        SUGGEST_BUDGET_MS,
      );
      if (found.state !== 'done') {
        services.logger.warn('no domains to suggest in the purge modal', {
          user: user.id,
          ...(found.state === 'failed' ? { error: found.error } : { timedOut: true }),
        });
      }
      await ack(found.state === 'done' ? found.value : { options: [] });
    },
  );
}
