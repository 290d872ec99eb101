/**
 * "◀ Previous page" and "Next page ▶" on a `/cdn purges` answer. The value repeats every flag given (range, task,
 * domain, account, --prefetch), so a click pages through the same history the typed command would.
 */
import * as z from 'zod';
import type { Block } from '../messaging/message.ts';
import { safeJsonParse } from '../util/safe-json-parse.ts';
import { actions, button, MAX_BUTTON_VALUE } from './blocks.ts';

export const PURGES_PAGE_ACTIONS = { previous: 'purges.previous', next: 'purges.next' } as const;

/** `p` the page; `l`, `f`, `t`, `k`, `d`, `a` the --last, --from, --to, --task, --domain, --account as typed; `x` --prefetch. */
export const PurgesPageValue = z.object({
  p: z.number().int().min(1),
  l: z.string().optional(),
  f: z.string().optional(),
  t: z.string().optional(),
  k: z.string().optional(),
  d: z.string().optional(),
  a: z.string().optional(),
  x: z.literal(true).optional(),
});
export type PurgesPageValue = z.infer<typeof PurgesPageValue>;

export interface PurgesFlags {
  last: string | undefined;
  from: string | undefined;
  to: string | undefined;
  task: string | undefined;
  domain: string | undefined;
  account: string | undefined;
  prefetch: boolean;
}

export function purgesPageButtons(input: {
  page: number;
  pages: number;
  flags: PurgesFlags;
}): Block | undefined {
  const { page, pages, flags } = input;
  if (pages <= 1) return undefined;
  const value = (target: number) =>
    JSON.stringify({
      p: target,
      ...(flags.last ? { l: flags.last } : {}),
      ...(flags.from ? { f: flags.from } : {}),
      ...(flags.to ? { t: flags.to } : {}),
      ...(flags.task ? { k: flags.task } : {}),
      ...(flags.domain ? { d: flags.domain } : {}),
      ...(flags.account ? { a: flags.account } : {}),
      ...(flags.prefetch ? { x: true } : {}),
    } satisfies PurgesPageValue);
  // Flags too long for a button value (Slack would refuse the whole message) get the typed hint only.
  if (value(pages).length > MAX_BUTTON_VALUE) return undefined;
  const buttons = [];
  if (page > 1) buttons.push(button('◀ Previous page', PURGES_PAGE_ACTIONS.previous, value(page - 1)));
  if (page < pages) buttons.push(button('Next page ▶', PURGES_PAGE_ACTIONS.next, value(page + 1)));
  return actions('purges-page', buttons);
}

/** The `/cdn purges` words for the flags and a page: what a button click runs and the typed hint shows. */
export function purgesWords(flags: PurgesFlags, page: number): string[] {
  return [
    'purges',
    ...(flags.prefetch ? ['--prefetch'] : []),
    ...(flags.last ? ['--last', flags.last] : []),
    ...(flags.from ? ['--from', flags.from] : []),
    ...(flags.to ? ['--to', flags.to] : []),
    ...(flags.task ? ['--task', flags.task] : []),
    ...(flags.domain ? ['--domain', flags.domain] : []),
    ...(flags.account ? ['--account', flags.account] : []),
    '--page',
    String(page),
  ];
}

/** The `/cdn purges` words for a clicked page. Returns undefined for a value cdnops did not write. */
export function purgesPageWords(rawValue: string): string[] | undefined {
  const value = PurgesPageValue.safeParse(safeJsonParse(rawValue));
  if (!value.success) return undefined;
  const { p, l, f, t, k, d, a, x } = value.data;
  return purgesWords({ last: l, from: f, to: t, task: k, domain: d, account: a, prefetch: x === true }, p);
}
