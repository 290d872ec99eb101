import { UnsupportedError } from '../errors.ts';
import { requireOperation } from '../providers/require-operation.ts';
import type { OptionalOperation } from '../providers/types.ts';
import type { TargetGroup } from './resolve-targets.ts';

export interface UnsupportedGroup {
  group: TargetGroup;
  /** requireOperation's reply-ready sentence, e.g. "Top URLs is not supported on wangsu accounts (…)". */
  message: string;
}

/**
 * Separates the accounts whose provider offers every one of `operations` from those that do not, so a reply can
 * answer for the first and name the domains of the second instead of failing as a whole.
 */
export function splitSupported(
  groups: readonly TargetGroup[],
  operations: readonly OptionalOperation[],
  what: string,
): { supported: TargetGroup[]; unsupported: UnsupportedGroup[] } {
  const supported: TargetGroup[] = [];
  const unsupported: UnsupportedGroup[] = [];
  for (const group of groups) {
    try {
      for (const operation of operations) requireOperation(group.provider, operation, what);
      supported.push(group);
    } catch (error) {
      if (!(error instanceof UnsupportedError)) throw error;
      unsupported.push({ group, message: error.message });
    }
  }
  return { supported, unsupported };
}
