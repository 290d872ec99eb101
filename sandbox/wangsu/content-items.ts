import { asyncPhase, runningFrom } from './async-phase.ts';
import type { ContentItem, SandboxState } from './state.ts';
import { formatBeijingTime } from './wangsu-time.ts';

export type ItemStatus = 'wait' | 'run' | 'success' | 'failure';

export function itemEndsAt(item: ContentItem, state: SandboxState): number {
  return item.finishedAt ?? item.createdAt + state.purgeDurationMs;
}

/** Evaluated when queried: `wait`, `run`, then `failure` for URLs marked by `failUrl`, else `success`. */
export function itemStatus(item: ContentItem, state: SandboxState, nowMs: number): ItemStatus {
  const phase = asyncPhase(item.createdAt, itemEndsAt(item, state), nowMs);
  if (phase === 'queued') return 'wait';
  if (phase === 'running') return 'run';
  return state.failedUrls.has(item.url) ? 'failure' : 'success';
}

/**
 * One `resultDetail` entry (reference §2.3). Times are `yyyy-MM-dd HH:mm:ss` UTC+8; `beginTime` and `finishTime`
 * are `""` until the item starts or ends. `rate` is the success percentage: 0 while waiting or failed, the share
 * of the time elapsed while running, 100 when done.
 */
export function itemView(item: ContentItem, state: SandboxState, nowMs: number): Record<string, unknown> {
  const status = itemStatus(item, state, nowMs);
  const endsAt = itemEndsAt(item, state);
  const beginsAt = runningFrom(item.createdAt, endsAt);
  const progress = Math.floor(((nowMs - beginsAt) / Math.max(1, endsAt - beginsAt)) * 100);
  const rate = status === 'success' ? 100 : status === 'run' ? Math.min(99, Math.max(0, progress)) : 0;
  return {
    url: item.url,
    status,
    rate,
    isDir: item.isDir,
    createTime: formatBeijingTime(item.createdAt),
    beginTime: status === 'wait' ? '' : formatBeijingTime(beginsAt),
    finishTime: status === 'success' || status === 'failure' ? formatBeijingTime(endsAt) : '',
  };
}
