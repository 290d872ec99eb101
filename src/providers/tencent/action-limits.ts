/**
 * Tencent actions with a limit of their own besides the 20 calls a second every action has (tencent-cdn.md §2.6):
 * DescribeCdnIp allows 200 calls per 10 minutes ("200次/10分钟"). Its bucket refills 180 over 10 minutes on top of
 * 20 at once, so no 10 minutes ever see more than 200 calls, from all replicas together.
 */
import type { TokenBucket } from '../../store/store.ts';

export interface ActionLimit {
  bucket: TokenBucket;
  /** The same limit for a client without the store's budgets (one process). */
  window: { limit: number; windowMs: number };
}

export const ACTION_LIMITS: Readonly<Record<string, ActionLimit>> = {
  DescribeCdnIp: {
    bucket: { capacity: 20, refillPerSecond: 180 / 600 },
    window: { limit: 200, windowMs: 10 * 60_000 },
  },
};
