import { purgeCovers } from '../tencent/purge-covers.ts';
import { itemEndsAt, itemStatus } from './content-items.ts';
import type { SandboxState } from './state.ts';

/**
 * When the latest purge item covering `url` ended `success`, in any account: a URL item for the same URL or a
 * directory item it lies under. Items waiting, running or ending `failure` do not count; prefetches never do.
 */
export function lastPurgeDoneAt(state: SandboxState, url: string, nowMs: number): number | undefined {
  let latest: number | undefined;
  for (const account of state.accounts) {
    for (const item of account.items) {
      if (item.kind !== 'purge' || !purgeCovers(item.url, item.isDir === 2, url)) continue;
      if (itemStatus(item, state, nowMs) !== 'success') continue;
      const doneAt = itemEndsAt(item, state);
      if (latest === undefined || doneAt > latest) latest = doneAt;
    }
  }
  return latest;
}
