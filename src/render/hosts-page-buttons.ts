/**
 * "◀ Previous page" and "Next page ▶" on a `/cdn hosts` answer. The value repeats every narrowing given (filter,
 * account, status), so a click pages through the same list the typed hint would.
 */
import * as z from 'zod';
import type { Block } from '../messaging/message.ts';
import { safeJsonParse } from '../util/safe-json-parse.ts';
import { actions, button, MAX_BUTTON_VALUE } from './blocks.ts';

export const HOSTS_PAGE_ACTIONS = { previous: 'hosts.previous', next: 'hosts.next' } as const;

/** `p` the page to show, `q` the filter, `a` the account, `s` the status, as typed. */
export const HostsPageValue = z.object({
  p: z.number().int().min(1),
  q: z.string().optional(),
  a: z.string().optional(),
  s: z.string().optional(),
});
export type HostsPageValue = z.infer<typeof HostsPageValue>;

export function hostsPageButtons(input: {
  page: number;
  pages: number;
  filter: string | undefined;
  account: string | undefined;
  status: string | undefined;
}): Block | undefined {
  const { page, pages } = input;
  if (pages <= 1) return undefined;
  const value = (target: number) =>
    JSON.stringify({
      p: target,
      ...(input.filter ? { q: input.filter } : {}),
      ...(input.account ? { a: input.account } : {}),
      ...(input.status ? { s: input.status } : {}),
    } satisfies HostsPageValue);
  // A filter too long for a button value (Slack would refuse the whole message) gets the typed hint only.
  if (value(pages).length > MAX_BUTTON_VALUE) return undefined;
  const buttons = [];
  if (page > 1) buttons.push(button('◀ Previous page', HOSTS_PAGE_ACTIONS.previous, value(page - 1)));
  if (page < pages) buttons.push(button('Next page ▶', HOSTS_PAGE_ACTIONS.next, value(page + 1)));
  return actions('hosts-page', buttons);
}

/** The `/cdn hosts` words for a clicked page. Returns undefined for a value cdnops did not write. */
export function hostsPageWords(rawValue: string): string[] | undefined {
  const value = HostsPageValue.safeParse(safeJsonParse(rawValue));
  if (!value.success) return undefined;
  const { p, q, a, s } = value.data;
  return [
    'hosts',
    ...(a ? ['--account', a] : []),
    ...(s ? ['--status', s] : []),
    '--page',
    String(p),
    ...(q ? ['--', q] : []),
  ];
}
