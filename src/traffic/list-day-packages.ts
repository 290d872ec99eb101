import type { Caller } from '../auth/compile-guardrails.ts';
import { UsageError } from '../errors.ts';
import type { DomainInventory } from '../providers/domain-inventory.ts';
import { requireOperation } from '../providers/require-operation.ts';
import type { LogPackage } from '../providers/traffic-types.ts';
import type { CdnProvider } from '../providers/types.ts';
import { assertLogDayKept } from './assert-log-day-kept.ts';
import { type LogDay, parseLogDay } from './parse-log-day.ts';
import { resolveTargets } from './resolve-targets.ts';

export interface DayPackages {
  accountId: string;
  provider: CdnProvider;
  /** As the provider spells it. */
  domain: string;
  /** As replies name it: as typed, with the form the provider lists beside it when they differ. */
  shown: string;
  day: LogDay;
  /** The packages that start within the day, oldest first. */
  packages: LogPackage[];
}

/**
 * One domain's log packages for one day, for `/cdn logs` and `cdnops logs fetch` alike: reads the day, resolves
 * the domain to its account, refuses a day the provider no longer keeps, and only then asks for the list.
 * Packages that merely overlap the day (the last hour of the day before) are left out, so a day's merge holds
 * that day only.
 */
export async function listDayPackages(input: {
  domain: string;
  day: string | undefined;
  caller: Caller;
  inventory: DomainInventory;
  providers: ReadonlyMap<string, CdnProvider>;
  timeZone: string;
  now: number;
}): Promise<DayPackages> {
  const { timeZone, now } = input;
  if (input.domain.toLowerCase() === 'all') {
    throw new UsageError('Logs are listed one domain at a time.', 'Name the domain, e.g. www.example.com.');
  }
  const day = parseLogDay(input.day, { timeZone, now });
  const targets = await resolveTargets(input.domain, input);
  const { accountId, provider, domains } = targets.groups[0]!;
  const domain = domains[0]!;
  const logPackages = requireOperation(provider, 'logPackages', 'Log downloads');
  const limits = requireOperation(provider, 'trafficLimits', 'Log downloads')();
  assertLogDayKept(day, {
    retentionMs: limits.logRetentionMs,
    now,
    timeZone,
    providerName: `${provider.kind.charAt(0).toUpperCase()}${provider.kind.slice(1)} (account ${accountId})`,
  });
  const packages = (await logPackages(domain, day.from, day.to))
    .filter((entry) => entry.start >= day.from && entry.start < day.to)
    .sort((a, b) => a.start - b.start || a.name.localeCompare(b.name));
  return { accountId, provider, domain, shown: targets.shown ?? domain, day, packages };
}
