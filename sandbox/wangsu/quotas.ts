import { ccmFailure } from './api-error.ts';
import type { AccountState } from './state.ts';
import type { WangsuQuotas } from './types.ts';
import { beijingDay } from './wangsu-time.ts';

/** Reference §2.3 and §4: the documented defaults, all "adjustable through support". */
export const DEFAULT_WANGSU_QUOTAS: Readonly<WangsuQuotas> = {
  purgeUrlsPerDay: 5000,
  purgeDirsPerDay: 500,
  purgeItemsPerCall: 500,
  prefetchUrlsPerCall: 400,
  prefetchUrlsPerDay: 20_000,
};

/** What a daily quota counts. Directory purges count per account (not per domain, as one README says). */
export type UsageKind = 'purgeUrl' | 'purgeDir' | 'fetch';
const USAGE_KINDS: readonly UsageKind[] = ['purgeUrl', 'purgeDir', 'fetch'];

function usageKey(nowMs: number, kind: UsageKind): string {
  return `${beijingDay(nowMs)}|${kind}`;
}

export function dailyLimit(quotas: WangsuQuotas, kind: UsageKind): number {
  if (kind === 'purgeUrl') return quotas.purgeUrlsPerDay;
  if (kind === 'purgeDir') return quotas.purgeDirsPerDay;
  return quotas.prefetchUrlsPerDay;
}

/** What is left today (Beijing day of `nowMs`). */
export function remainingToday(
  account: AccountState,
  quotas: WangsuQuotas,
  kind: UsageKind,
  nowMs: number,
): number {
  return Math.max(0, dailyLimit(quotas, kind) - (account.usage.get(usageKey(nowMs, kind)) ?? 0));
}

/** Charges every kind at once, or nothing: any kind over today's limit answers `Code: 0`. */
export function chargeToday(
  account: AccountState,
  quotas: WangsuQuotas,
  wanted: Partial<Record<UsageKind, number>>,
  nowMs: number,
): void {
  const entries = USAGE_KINDS.map((kind) => [kind, wanted[kind] ?? 0] as const).filter(
    ([, count]) => count > 0,
  );
  for (const [kind, count] of entries) {
    const left = remainingToday(account, quotas, kind, nowMs);
    if (count > left) {
      const noun =
        kind === 'purgeDir' ? 'directory purges' : kind === 'purgeUrl' ? 'URL purges' : 'prefetch URLs';
      throw ccmFailure(
        `Daily limit exceeded: ${count} ${noun} submitted, ${left} of ${dailyLimit(quotas, kind)} left today.`,
      );
    }
  }
  for (const [kind, count] of entries) {
    const key = usageKey(nowMs, kind);
    account.usage.set(key, (account.usage.get(key) ?? 0) + count);
  }
}
