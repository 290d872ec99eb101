import type { types } from '@slack/bolt';
import type { AccountDomains } from '../providers/domain-inventory.ts';
import { describeDomain, unicodeDomain } from '../providers/domain-name.ts';
import { truncate } from '../render/format.ts';

/** A static_select takes at most 100 options (docs/reference §3.3); past that the modal asks Slack to type-ahead. */
export const MAX_SELECT_OPTIONS = 100;
/** Option text and option-group labels: 75 characters; option values: 150 (`@slack/types` composition objects). */
const MAX_OPTION_TEXT = 75;
const MAX_OPTION_VALUE = 150;

/** What a select shows: plain options for one account, options grouped under each account's id for several. */
export type DomainChoices =
  | { options: types.PlainTextOption[] }
  | { option_groups: { label: types.PlainTextElement; options: types.PlainTextOption[] }[] };

export function countDomains(accounts: readonly AccountDomains[]): number {
  return accounts.reduce((sum, account) => sum + account.domains.length, 0);
}

/** The value is the domain as listed; an international one reads `xn--fiq228c.example.com (中文.example.com)`. */
export function domainOption(domain: string): types.PlainTextOption {
  return {
    text: { type: 'plain_text', text: truncate(describeDomain(domain), MAX_OPTION_TEXT) },
    value: domain,
  };
}

/**
 * The domains of `accounts` whose name (or its Unicode form) contains `query` (any case), sorted, at most 100 in
 * all, as select options. A domain listed by two accounts is offered once (purge refuses it by name anyway); a name
 * too long to be an option value is left out.
 */
export function domainChoices(accounts: readonly AccountDomains[], query = ''): DomainChoices {
  const wanted = query.trim().toLowerCase();
  const seen = new Set<string>();
  let room = MAX_SELECT_OPTIONS;
  const groups = accounts.map((account) => {
    const names = account.domains
      .map((summary) => summary.domain)
      .filter(
        (domain) =>
          domain.length <= MAX_OPTION_VALUE &&
          (domain.toLowerCase().includes(wanted) || unicodeDomain(domain).includes(wanted)),
      )
      .sort((a, b) => a.localeCompare(b))
      .filter((domain) => !seen.has(domain) && seen.add(domain));
    const kept = names.slice(0, room);
    room -= kept.length;
    return { accountId: account.accountId, options: kept.map(domainOption) };
  });
  if (accounts.length === 1) return { options: groups[0]!.options };
  return {
    option_groups: groups
      .filter((group) => group.options.length > 0)
      .map((group) => ({
        label: { type: 'plain_text', text: truncate(group.accountId, MAX_OPTION_TEXT) },
        options: group.options,
      })),
  };
}
