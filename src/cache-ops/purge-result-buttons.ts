/**
 * "Prefetch these", "Purge again" and, once the purge finished, "Check edges" on a purge result. A button's value
 * carries the URLs themselves when they fit Slack's 2,000 characters, or else only the followed submission's id,
 * whose items are read back from the store: nothing new is stored for the buttons.
 */
import * as z from 'zod';
import { UsageError } from '../errors.ts';
import type { Block } from '../messaging/message.ts';
import { actions, button, MAX_BUTTON_VALUE } from '../render/blocks.ts';
import { plural } from '../render/format.ts';
import type { FollowRepository } from '../store/store.ts';
import { safeJsonParse } from '../util/safe-json-parse.ts';
import { MAX_VERIFIED_URLS, Submission } from './submission.ts';

export const PURGE_RESULT_ACTIONS = {
  prefetch: 'purge.prefetch',
  again: 'purge.again',
  check: 'purge.check',
} as const;

/** `url`: URLs; `dir`: directories, changed files; `all`: directories, everything under them. */
const Kind = z.enum(['url', 'dir', 'all']);
type Kind = z.infer<typeof Kind>;

/** What the buttons carry, read back when clicked: compact keys, since it all has to fit 2,000 characters. */
export const PurgeButtonValue = z.union([
  z.object({ k: Kind, u: z.array(z.string()).min(1) }),
  z.object({ f: z.string().min(1) }),
]);
export type PurgeButtonValue = z.infer<typeof PurgeButtonValue>;

function kindOf(submission: Submission): Kind {
  if (submission.operation === 'purge-url') return 'url';
  return submission.flushType === 'delete' ? 'all' : 'dir';
}

/** Every item asked for, sent or refused, in order. */
function itemsOf(submission: Submission): string[] {
  return submission.accounts.flatMap((account) => [
    ...account.tasks.flatMap((task) => task.items),
    ...account.rejected.flatMap((refusal) => refusal.items),
  ]);
}

/**
 * The buttons for a purge result, or none: prefetches get none, nor does a purge the provider refused entirely,
 * nor a list too long for a button when the submission has no id to find it by.
 */
export function purgeResultButtons(submission: Submission): Block | undefined {
  if (submission.operation === 'prefetch') return undefined;
  // Refused entirely: purging the same refused items again would only be refused again.
  if (submission.accounts.every((account) => account.tasks.length === 0)) return undefined;
  const items = itemsOf(submission);
  if (items.length === 0) return undefined;
  const kind = kindOf(submission);
  let value = JSON.stringify({ k: kind, u: items } satisfies PurgeButtonValue);
  if (value.length > MAX_BUTTON_VALUE) {
    if (!submission.id) return undefined;
    value = JSON.stringify({ f: submission.id } satisfies PurgeButtonValue);
  }
  const what =
    kind === 'url' ? plural(items.length, 'URL') : plural(items.length, 'directory', 'directories');
  const again = button('Purge again', PURGE_RESULT_ACTIONS.again, value, {
    confirm: {
      title: 'Purge again?',
      text: `Purges the same ${what} again${kind === 'all' ? ' (everything under them)' : ''}. It counts against today's quota.`,
      yes: 'Purge again',
    },
  });
  if (kind !== 'url') return actions('purge-result', [again]);
  const prefetch = button('Prefetch these', PURGE_RESULT_ACTIONS.prefetch, value, {
    confirm: {
      title: 'Prefetch these URLs?',
      text: `Warms the cache with the ${what} of this purge. It counts against today's prefetch quota.`,
      yes: 'Prefetch',
    },
  });
  // Before the provider says done, every edge may still hold the old copy: checking then would only alarm.
  if (submission.outcome !== 'finished') return actions('purge-result', [prefetch, again]);
  const check = button('Check edges', PURGE_RESULT_ACTIONS.check, value);
  return actions('purge-result', [prefetch, again, check]);
}

/**
 * The `/cdn` words a click stands for. A list given by id is read from the follow store.
 * @throws UsageError when the value is not one cdnops wrote or the submission is no longer stored.
 */
export async function purgeButtonWords(
  action: keyof typeof PURGE_RESULT_ACTIONS,
  rawValue: string,
  follows: FollowRepository,
): Promise<string[]> {
  const { kind, items } = await readValue(rawValue, follows);
  if (action === 'check') {
    if (kind !== 'url') throw new UsageError('Directories cannot be checked; `/cdn check` takes URLs.');
    return ['check', '--', ...items.slice(0, MAX_VERIFIED_URLS)];
  }
  if (action === 'prefetch') {
    if (kind !== 'url') throw new UsageError('Directories cannot be prefetched; prefetch takes URLs.');
    return ['prefetch', '--', ...items];
  }
  return [
    'purge',
    ...(kind === 'url' ? [] : ['--dir']),
    ...(kind === 'all' ? ['--all'] : []),
    '--',
    ...items,
  ];
}

async function readValue(
  rawValue: string,
  follows: FollowRepository,
): Promise<{ kind: Kind; items: string[] }> {
  const stale = new UsageError(
    'This button no longer knows which URLs it was for.',
    'Run `/cdn purge` again with the URLs.',
  );
  const value = PurgeButtonValue.safeParse(safeJsonParse(rawValue));
  if (!value.success) throw stale;
  if ('u' in value.data) return { kind: value.data.k, items: value.data.u };
  const row = await follows.get(value.data.f);
  const submission = Submission.safeParse(row?.payload);
  if (!submission.success) throw stale;
  return { kind: kindOf(submission.data), items: itemsOf(submission.data) };
}
