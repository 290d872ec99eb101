/**
 * The `/cdn purge` modal: a loading view while the channel's domains are fetched, the form, and the preview that
 * shows what would be sent (normalised, de-duplicated, against today's quota) before anything is.
 */
import type { types } from '@slack/bolt';
import * as z from 'zod';
import type { Block } from '../messaging/message.ts';
import type { ModalView } from '../messaging/modal-view.ts';
import { context, divider, section, sectionsFromLines } from '../render/blocks.ts';
import { code, escapeMrkdwn, formatCount, plural, truncate } from '../render/format.ts';
import type { DomainChoices } from './domain-options.ts';
import type { SubmissionPlan } from './plan-submission.ts';

export const PURGE_MODAL = 'cdn_purge';
export const PURGE_PREVIEW = 'cdn_purge_preview';
export const PURGE_BLOCKS = {
  domain: 'purge_domain',
  targets: 'purge_targets',
  kind: 'purge_kind',
  all: 'purge_all',
} as const;
/** Every input's action id: blocks tell the fields apart. */
export const PURGE_ACTION = 'value';
export const PURGE_KINDS = { url: 'url', dir: 'dir' } as const;
export const PURGE_ALL = 'all';
/** Slack caps a plain_text_input at 3,000 characters; more URLs than that go through `/cdn purge` as text. */
const MAX_TARGETS_CHARS = 3000;
/** Items the preview lists before saying how many more there are. */
const LISTED_ITEMS = 30;

/** What the modal remembers between steps (private_metadata): where it was opened and what the preview showed. */
export const PurgeModalMetadata = z.object({
  channelId: z.string().min(1),
  /** Fingerprint of the words the preview showed; Purge sends only while the form still says the same. */
  check: z.string().optional(),
});
export type PurgeModalMetadata = z.infer<typeof PurgeModalMetadata>;

const TITLE: types.PlainTextElement = { type: 'plain_text', text: 'Purge CDN cache' };
const CANCEL: types.PlainTextElement = { type: 'plain_text', text: 'Cancel' };

function option(text: string, value: string, description?: string): types.PlainTextOption {
  return {
    text: { type: 'plain_text', text },
    value,
    ...(description ? { description: { type: 'plain_text', text: description } } : {}),
  };
}

const KIND_OPTIONS = [
  option('URLs', PURGE_KINDS.url, 'These files'),
  option('Directories', PURGE_KINDS.dir, 'What is cached under each path'),
];
const ALL_OPTION = option(
  'Everything under the directory',
  PURGE_ALL,
  'Not only what changed at the origin (directories only)',
);

/** Opened at once, while the domains are fetched: the trigger id would not outlive the fetch. */
export function purgeLoadingView(channelId: string): ModalView {
  return {
    type: 'modal',
    callback_id: PURGE_MODAL,
    private_metadata: JSON.stringify({ channelId } satisfies PurgeModalMetadata),
    title: TITLE,
    close: CANCEL,
    blocks: [section(':hourglass_flowing_sand: Loading the domains this channel may purge…')],
  };
}

/**
 * The domain picker: a static select of the channel's domains (grouped by account when there are several), or an
 * external select that Slack fills as the user types when there are more than a static select may hold.
 */
export type DomainPicker =
  | { kind: 'static'; choices: DomainChoices }
  | { kind: 'external' }
  /** Nothing to pick from (no domains, or the lists could not be read): URLs must be written in full. */
  | { kind: 'none' };

export function purgeFormView(input: {
  channelId: string;
  picker: DomainPicker;
  notes: readonly string[];
}): ModalView {
  return {
    type: 'modal',
    callback_id: PURGE_MODAL,
    private_metadata: JSON.stringify({ channelId: input.channelId } satisfies PurgeModalMetadata),
    title: TITLE,
    submit: { type: 'plain_text', text: 'Check' },
    close: CANCEL,
    blocks: [
      ...formBlocks(input.picker),
      ...(input.notes.length > 0 ? [context(...input.notes)] : []),
      context('Nothing is sent yet: the next step shows what would be purged and the quota it uses.'),
    ],
  };
}

function formBlocks(picker: DomainPicker): types.InputBlock[] {
  const blocks: types.InputBlock[] = [];
  if (picker.kind !== 'none') {
    const placeholder: types.PlainTextElement = { type: 'plain_text', text: 'Pick a domain' };
    blocks.push({
      type: 'input',
      block_id: PURGE_BLOCKS.domain,
      optional: true,
      label: { type: 'plain_text', text: 'Domain' },
      hint: {
        type: 'plain_text',
        text: 'Lines that are only a path (/static/app.js) are taken on this domain, over https.',
      },
      element:
        picker.kind === 'static'
          ? { type: 'static_select', action_id: PURGE_ACTION, placeholder, ...picker.choices }
          : { type: 'external_select', action_id: PURGE_ACTION, placeholder, min_query_length: 0 },
    });
  }
  blocks.push(
    {
      type: 'input',
      block_id: PURGE_BLOCKS.targets,
      label: { type: 'plain_text', text: 'URLs or directories' },
      hint: {
        type: 'plain_text',
        text: 'One per line, or separated by spaces or commas: full http(s) URLs, or paths on the domain above.',
      },
      element: {
        type: 'plain_text_input',
        action_id: PURGE_ACTION,
        multiline: true,
        max_length: MAX_TARGETS_CHARS,
        placeholder: { type: 'plain_text', text: 'https://www.example.com/app.js' },
      },
    },
    {
      type: 'input',
      block_id: PURGE_BLOCKS.kind,
      label: { type: 'plain_text', text: 'These are' },
      element: {
        type: 'radio_buttons',
        action_id: PURGE_ACTION,
        options: KIND_OPTIONS,
        initial_option: KIND_OPTIONS[0],
      },
    },
    {
      type: 'input',
      block_id: PURGE_BLOCKS.all,
      optional: true,
      label: { type: 'plain_text', text: 'Directories' },
      element: { type: 'checkboxes', action_id: PURGE_ACTION, options: [ALL_OPTION] },
    },
  );
  return blocks;
}

/**
 * What would be sent, in the order it would go, with the quota each account has left afterwards. The form stays
 * below it, as submitted: its values come back with the Purge click, and a change there means a new check.
 */
export function purgePreviewView(input: {
  metadata: Required<PurgeModalMetadata>;
  plan: SubmissionPlan;
  duplicates: number;
  flushType: 'flush' | 'delete' | undefined;
  /** The inputs of the view that was submitted, returned unchanged so Slack keeps what was typed. */
  form: readonly Block[];
}): ModalView {
  const { plan } = input;
  const items = plan.accounts.flatMap((account) => account.chunks.flatMap((chunk) => chunk.items));
  const requests = plan.accounts.reduce((sum, account) => sum + account.chunks.length, 0);
  const noun =
    plan.operation === 'purge-dir'
      ? plural(items.length, 'directory', 'directories')
      : plural(items.length, 'URL');
  const mode =
    input.flushType === 'delete'
      ? ', everything under each'
      : input.flushType === 'flush'
        ? ', changed files'
        : '';
  const headline = [
    `:mag: *Check before purging:* ${noun}${mode} in ${plural(requests, 'request')}.`,
    input.duplicates > 0 ? `${plural(input.duplicates, 'duplicate')} dropped.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const listed = items.slice(0, LISTED_ITEMS).map((item) => escapeMrkdwn(item));
  if (items.length > LISTED_ITEMS) listed.push(`… and ${formatCount(items.length - LISTED_ITEMS)} more`);
  const quotas = plan.accounts.map(
    (account) =>
      `Quota left today on ${code(account.accountId)} after this: ${account.quotaAfter.map((quota) => `${quota.area} ${formatCount(quota.available)} of ${formatCount(quota.total)}`).join(', ') || 'not reported'}`,
  );
  return {
    type: 'modal',
    callback_id: PURGE_PREVIEW,
    private_metadata: JSON.stringify(input.metadata),
    title: { type: 'plain_text', text: 'Check and purge' },
    submit: { type: 'plain_text', text: 'Purge' },
    close: CANCEL,
    blocks: [
      section(headline),
      ...sectionsFromLines(listed),
      ...quotas.map((line) => context(line)),
      context('A purge cannot be undone. Change anything below and Purge checks again first.'),
      divider(),
      ...input.form,
    ],
  };
}

/** Shown while the preview is still being worked out (the submission had to be answered within 3 seconds). */
export function purgeCheckingView(metadata: PurgeModalMetadata, form: readonly Block[]): ModalView {
  return {
    type: 'modal',
    callback_id: PURGE_MODAL,
    private_metadata: JSON.stringify({ channelId: metadata.channelId } satisfies PurgeModalMetadata),
    title: TITLE,
    submit: { type: 'plain_text', text: 'Check' },
    close: CANCEL,
    blocks: [section(':hourglass_flowing_sand: Checking the domains and today’s quota…'), divider(), ...form],
  };
}

/** The preview could not be worked out after all (it took too long to answer with field errors). */
export function purgeProblemView(
  metadata: PurgeModalMetadata,
  problem: string,
  form: readonly Block[],
): ModalView {
  return {
    type: 'modal',
    callback_id: PURGE_MODAL,
    private_metadata: JSON.stringify({ channelId: metadata.channelId } satisfies PurgeModalMetadata),
    title: TITLE,
    submit: { type: 'plain_text', text: 'Check' },
    close: CANCEL,
    blocks: [section(`:warning: ${truncate(problem, 2900)}`), divider(), ...form],
  };
}
