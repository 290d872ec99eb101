import type { DigestMetric } from '../config/schema.ts';
import { UsageError } from '../errors.ts';
import type { Block } from '../messaging/message.ts';
import type { StepCounter } from '../messaging/progress.ts';
import { countProviderCalls, type ProviderCallCounts } from '../providers/call-count.ts';
import type { TrafficMetric } from '../providers/traffic-types.ts';
import { context } from '../render/blocks.ts';
import { code, escapeMrkdwn } from '../render/format.ts';
import { parseSchedule } from '../time/parse-schedule.ts';
import { failureNotes } from '../traffic/failure-notes.ts';
import { splitSupported } from '../traffic/split-supported.ts';
import { certificateAnomalies } from './certificate-anomalies.ts';
import { composeDigest, type DigestMessages, type DigestShows } from './compose-digest.ts';
import type { DigestDefinition } from './digest-definition.ts';
import { capDigestPeriods, digestPeriods } from './digest-periods.ts';
import type { DigestServices } from './digest-settings.ts';
import { type DigestData, fetchDigestData, keptSince } from './fetch-digest-data.ts';
import { findAnomalies } from './find-anomalies.ts';
import { resolveDigestDomains } from './resolve-digest-domains.ts';
import { summarizeDigest } from './summarize-digest.ts';

export interface BuiltDigest {
  messages: DigestMessages;
  /** Domains the digest has no figures for (a provider refused, an account could not be listed, ...). */
  missing: string[];
  /** The provider calls its figures took, by account and action: what it cost against the providers' budgets. */
  providerCalls: ProviderCallCounts;
}

/**
 * Builds one digest run as of `at` (a scheduled run's due time, or now for `digest run`): resolves its domains
 * in the channel's accounts, fetches the period and its comparisons, sums up, finds anomalies and lays out the
 * messages. A provider failing for some domains does not fail the digest: those domains are named with the
 * provider's error. Throws only when nothing sensible can be posted (the channel left the allowlist, a provider
 * cannot answer the period at all).
 *
 * `accounts` narrows what the run may read (a run by hand reads only accounts the caller's channel may use too,
 * see digest-access.ts); by default every account of the digest's channel.
 */
export async function buildDigest(
  services: DigestServices,
  digest: DigestDefinition,
  at: number,
  options?: { accounts?: readonly string[]; progress?: StepCounter | undefined },
): Promise<BuiltDigest> {
  const timeZone = services.timezone;
  const channelAccounts = services.digests.channelAccounts(digest.channel);
  const accounts = options?.accounts
    ? channelAccounts?.filter((account) => options.accounts?.includes(account))
    : channelAccounts;
  if (!accounts) {
    throw new UsageError(
      `Digest ${code(digest.name)} posts to ${digest.channel}, which is no longer listed under channels: in cdnops.yml.`,
      'Add the channel back (a viewer entry is enough) or remove the digest.',
    );
  }
  const schedulePeriods = digestPeriods(parseSchedule(digest.schedule, timeZone), at, timeZone);
  const targets = await resolveDigestDomains(digest.domains, {
    accounts,
    inventory: services.inventory,
    providers: services.providers,
  });
  const { supported, unsupported } = splitSupported(
    targets.groups,
    ['trafficLimits', 'traffic'],
    'Traffic statistics',
  );
  const shows = showsOf(digest.metrics);
  const metrics = fetchedMetrics(shows);
  const topBy = shows.flux || !shows.request ? 'flux' : 'request';
  const now = services.clock.now();
  // A period longer than the providers keep (a monthly or yearly schedule) is cut to what they keep, and says so.
  const kept = keptSince(supported, { statusCodes: shows.statusCodes, now });
  const periods = kept ? capDigestPeriods(schedulePeriods, kept, timeZone) : schedulePeriods;
  let data: DigestData;
  let certificates: Awaited<ReturnType<typeof certificateAnomalies>>;
  let providerCalls: ProviderCallCounts;
  try {
    // Certificates are read beside the traffic, inside the count: the log says what the whole digest cost.
    ({
      value: [data, certificates],
      calls: providerCalls,
    } = await countProviderCalls(() =>
      Promise.all([
        fetchDigestData(supported, {
          periods,
          metrics,
          statusCodes: shows.statusCodes,
          topBy,
          timeZone,
          now,
          progress: options?.progress,
        }),
        certificateAnomalies(services.providers, targets.groups, now),
      ]),
    ));
  } catch (error) {
    // A refusal's hint is written for the traffic commands (--last, --from); a digest takes no such option.
    if (error instanceof UsageError) throw new UsageError(error.message, digestHint(digest));
    throw error;
  }
  const figures = summarizeDigest(data, { periods, metrics, statuses: targets.statuses, timeZone });
  const labels = periods.comparisons.map((comparison) => comparison.label);
  const found = findAnomalies(figures, labels);
  // Certificates come right after domains that went offline or silent: an expired one is an outage too.
  const gone = found.filter((anomaly) => anomaly.kind === 'offline' || anomaly.kind === 'silent');
  const anomalies = [...gone, ...certificates, ...found.slice(gone.length)];
  const answered = new Set([...figures.domains.map((figure) => figure.domain), ...figures.pooled]);

  const notes: Block[] = [
    ...failureNotes({
      unreadable: targets.unreadable,
      unsupported,
      failures: data.current.failures,
      missing: 'No figures',
    }),
  ];
  if (targets.unknown.length > 0) {
    notes.push(
      context(
        `:warning: Not served by any account this channel may use${targets.unreadable.length > 0 ? ' (or served by one that could not be listed)' : ''}: ${targets.unknown.map(code).join(', ')}. Deleted, or a typo in the digest?`,
      ),
    );
  }
  for (const { domain, accounts: owners } of targets.ambiguous) {
    notes.push(
      context(
        `:warning: ${code(domain)} is served by more than one account (${owners.map(code).join(', ')}), so it is left out; limit the channel to one with \`providers:\` in cdnops.yml.`,
      ),
    );
  }
  notes.push(...comparisonNotes(data, labels, answered));
  if (data.codes) {
    notes.push(
      ...failureNotes({
        unsupported: data.codes.unsupported,
        failures: onlyAnswered(data.codes.failures, answered),
        missing: 'No status codes',
      }),
    );
  }
  notes.push(
    ...failureNotes({
      unsupported: data.top.unsupported,
      failures: onlyAnswered(data.top.failures, answered),
      missing: 'No top URLs',
    }),
  );

  const asked =
    targets.groups.reduce((sum, group) => sum + group.domains.length, 0) +
    targets.unknown.length +
    targets.ambiguous.length;
  const missing = [
    ...unsupported.flatMap(({ group }) => group.domains),
    ...data.current.failures.flatMap((failure) => failure.domains),
    ...targets.unknown,
    ...targets.ambiguous.map((entry) => entry.domain),
    ...targets.unreadable.map((error) => `(every domain of ${error.account})`),
  ];
  return {
    messages: composeDigest({ digest, periods, figures, anomalies, shows, topBy, notes, asked, timeZone }),
    missing,
    providerCalls,
  };
}

/** What to do about a digest period a provider refuses: the period comes from the schedule, not from options. */
function digestHint(digest: DigestDefinition): string {
  return `Digest ${code(digest.name)} covers the period its schedule (${code(digest.schedule)}) gives since its previous run; a schedule that runs more often covers less.`;
}

function showsOf(metrics: readonly DigestMetric[]): DigestShows {
  return {
    flux: metrics.includes('flux'),
    bandwidth: metrics.includes('bandwidth'),
    request: metrics.includes('request'),
    hitRate: metrics.includes('hitRate'),
    statusCodes: metrics.includes('statusCode'),
  };
}

/** Flux always: domains are sorted by it and traffic anomalies are judged on it, shown or not. */
function fetchedMetrics(shows: DigestShows): TrafficMetric[] {
  const metrics: TrafficMetric[] = ['flux'];
  if (shows.bandwidth) metrics.push('bandwidth');
  if (shows.request || shows.hitRate) metrics.push('request');
  if (shows.hitRate) metrics.push('fluxHitRate', 'requestHitRate');
  return metrics;
}

/** Notes for comparisons that are missing, whole or for some domains; a domain without figures needs none. */
function comparisonNotes(
  data: DigestData,
  labels: readonly string[],
  answered: ReadonlySet<string>,
): Block[] {
  return data.comparisons.flatMap((comparison, index) => {
    const label = labels[index] ?? 'comparison';
    if (!comparison.traffic) {
      return [
        context(`:information_source: No comparison with the ${label}: ${escapeMrkdwn(comparison.reason)}`),
      ];
    }
    return failureNotes({
      failures: onlyAnswered(comparison.traffic.failures, answered),
      missing: `No comparison with the ${label}`,
    });
  });
}

function onlyAnswered<T extends { domains: string[] }>(
  failures: readonly T[],
  answered: ReadonlySet<string>,
): T[] {
  return failures
    .map((failure) => ({ ...failure, domains: failure.domains.filter((domain) => answered.has(domain)) }))
    .filter((failure) => failure.domains.length > 0);
}
