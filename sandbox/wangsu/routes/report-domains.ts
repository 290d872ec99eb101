import { classicError } from '../api-error.ts';
import { findDomain } from '../find-domain.ts';
import type { AccountState } from '../state.ts';

/** Reports and log links take at most 20 domains a call by default (reference §2.4, §2.5). */
export const MAX_REPORT_DOMAINS = 20;

/**
 * The account's domain names for the names (or ids) a report names, deduplicated in the order given. Refused with
 * 400 `InvalidParameter`: none named when `required`, more than `max` (by default 20), or one that is not this
 * account's.
 */
export function reportDomains(
  account: AccountState,
  names: readonly string[] | undefined,
  options: { field: string; required: boolean; max?: number },
): string[] {
  const max = options.max ?? MAX_REPORT_DOMAINS;
  const wanted = [...new Set((names ?? []).map((name) => name.trim()).filter(Boolean))];
  if (wanted.length === 0) {
    if (options.required) {
      throw classicError(400, 'InvalidParameter', `${options.field} must name at least one domain.`);
    }
    return account.domains.map((domain) => domain.domainName);
  }
  if (wanted.length > max) {
    throw classicError(
      400,
      'InvalidParameter',
      `${options.field} names ${wanted.length} domains; at most ${max} per request.`,
    );
  }
  return [
    ...new Set(
      wanted.map((name) => {
        const domain = findDomain(account, name);
        if (!domain) {
          throw classicError(400, 'InvalidParameter', `The domain ${name} does not belong to this account.`);
        }
        return domain.domainName;
      }),
    ),
  ];
}
