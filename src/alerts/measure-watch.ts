/**
 * What a rule's condition reads, per domain, on the latest interval each provider has reported: one batched query
 * per account and metric (fetchBatched: Tencent 30 domains a call, Wangsu 20) over the last hour at 5 minutes, which
 * also gives the sparkline; where a provider's report adds up the domains of a call, bandwidth and hit rates are
 * asked one domain a call, within a share of the account's budget (PER_DOMAIN_BUDGET_SHARE). Providers report with a lag; the lag is learned from the answer itself: an interval
 * for which no domain of an account has any request is taken as not yet reported by that account, never as silence,
 * and the latest one reported while lagging may still be filling in (see completeUpTo).
 */
import type { WatchCondition } from '../config/watch-condition.ts';
import { resolveDigestDomains } from '../digests/resolve-digest-domains.ts';
import type { Services } from '../dispatch/command-context.ts';
import { ProviderError } from '../errors.ts';
import type {
  DomainClassCount,
  DomainSeries,
  DomainStatusCodes,
  TrafficMetric,
  TrafficQuery,
} from '../providers/traffic-types.ts';
import type { CdnProvider } from '../providers/types.ts';
import { daysLeft } from '../render/format-certificate.ts';
import { describeLength } from '../time/describe-length.ts';
import { type BatchFailure, fetchBatched } from '../traffic/fetch-batched.ts';
import type { TargetGroup } from '../traffic/resolve-targets.ts';
import { splitSupported, type UnsupportedGroup } from '../traffic/split-supported.ts';
import { cachedCertificates } from './certificate-cache.ts';
import { provablyClear } from './clear-level.ts';
import { INTERVAL_MS, type WatchDefinition } from './watch-definition.ts';

/**
 * The share of an account's call budget one rule may spend on each evaluation asking a pooled report one domain at a
 * time (Wangsu: 10 % of 300 calls per 5 minutes, so 30 domains for a bandwidth or hit-rate rule). Rules are evaluated
 * every 5 minutes, so this is a steady drain, not a burst: several such rules on one account each spend their share,
 * and the rest of the budget must still carry purges, commands and digests. Four full rules take 120 of the 300
 * (plus a status-code call per 20 domains each for the requests); past the share, the domains are not judged, and
 * `watch test` and `watch list` say why with the numbers.
 */
export const PER_DOMAIN_BUDGET_SHARE = 0.1;

/** Batches in flight where a rule's next step waits for all of them: one window of Tencent's 20 calls a second. */
const WINDOW_CALLS = 20;

/** The window fetched each evaluation: an hour of intervals, for the sparkline and to learn the lag. */
const WINDOW_INTERVALS = 12;
const WEEK_MS = 7 * 24 * 3_600_000;

export interface DomainReading {
  domain: string;
  accountId: string;
  /** The start of the interval judged; undefined when none was reported yet. */
  at: number | undefined;
  /** The figure compared with the threshold (percent, bits per second, requests); status readings carry none. */
  value: number | undefined;
  /**
   * Set when `value` is only an upper bound, one that proved the domain clear (see screening in
   * fetchRankedCodeFigures): such a reading never matches, and is never shown as a domain's figure.
   */
  atMost?: boolean;
  /** The status, for status rules. */
  status?: string;
  /** Whether the condition holds; `false` too when the interval could not be judged (see `note`). */
  matches: boolean;
  /** Why the domain was not judged: not yet reported, too few requests, not offered by its provider. */
  note: string | undefined;
  /** The figure per interval over the last hour (NaN where none), for the sparkline. */
  series: number[];
}

export interface Measurement {
  readings: DomainReading[];
  /** Batches a provider refused, with its code, message and request id. */
  failures: BatchFailure[];
  /** Accounts whose domain list could not be read. */
  unreadable: ProviderError[];
  /** Named domains no account of the channel serves. */
  unknown: string[];
}

/**
 * Reads the rule's condition for its domains (of `accounts`) as of `now`; asks nothing for status rules. `shown`
 * names the domains whose figures a message shows (a firing alert's): they are always measured exactly.
 */
export async function measureWatch(
  services: Pick<Services, 'inventory' | 'providers'>,
  watch: WatchDefinition,
  input: { accounts: readonly string[]; now: number; shown?: ReadonlySet<string> | undefined },
): Promise<Measurement> {
  const targets = await resolveDigestDomains(watch.domains, {
    accounts: input.accounts,
    inventory: services.inventory,
    providers: services.providers,
  });
  const end = Math.floor(input.now / INTERVAL_MS) * INTERVAL_MS;
  const base = { unreadable: targets.unreadable, unknown: targets.unknown };
  const condition = watch.condition;
  if (condition.kind === 'status') {
    const readings = targets.groups.flatMap((group) =>
      group.domains.map((domain): DomainReading => {
        const status = targets.statuses.get(domain) ?? 'unknown';
        const online = status === 'online';
        const matches = condition.status === 'online' ? online : status === 'offline';
        return {
          domain,
          accountId: group.accountId,
          at: end - INTERVAL_MS,
          value: undefined,
          status,
          matches: condition.op === '!=' ? !matches : matches,
          note: undefined,
          series: [],
        };
      }),
    );
    return { readings, failures: [], ...base };
  }
  if (condition.kind === 'cert') {
    return { ...(await measureCertificates(targets.groups, condition.threshold, end)), ...base };
  }
  const query = { from: end - WINDOW_INTERVALS * INTERVAL_MS, to: end, interval: '5min' as const };
  const readings: DomainReading[] = [];
  const failures: BatchFailure[] = [];
  const sources = planSources(targets.groups, condition);
  for (const { group, message } of sources.notJudged) {
    for (const domain of group.domains) readings.push(notJudged(domain, group.accountId, message));
  }
  const supported = [...sources.byTraffic, ...sources.byCodes, ...sources.byRanking, ...sources.perDomain];
  const figures =
    condition.kind === 'rate' && condition.metric !== 'hit-rate'
      ? merge(
          await Promise.all([
            fetchCodeFigures(sources.byCodes, query, condition.metric),
            fetchRankedCodeFigures(sources.byRanking, query, {
              condition,
              metric: condition.metric,
              minRequests: watch.minRequestsOrDefault,
              shown: input.shown ?? new Set(),
            }),
          ]),
        )
      : await fetchTrafficFigures(sources, query, condition);
  failures.push(...figures.failures);
  for (const group of supported) {
    const reported = sources.perDomain.includes(group)
      ? perDomainReported(group, figures.byDomain, query)
      : groupReported(group, figures.byDomain, query);
    for (const domain of group.domains) {
      readings.push(judge(domain, group.accountId, figures.byDomain.get(domain), reported, query, watch));
    }
  }
  return { readings, failures, ...base };
}

/**
 * Days left on each domain's HTTPS certificate, from the account's certificates as last read (certificate-cache.ts).
 * The reading stands for the interval just closed, so `--for` and the two clear intervals count as for any rule: an
 * alert resolves once a read shows the certificate replaced.
 */
async function measureCertificates(
  groups: readonly TargetGroup[],
  days: number,
  end: number,
): Promise<Pick<Measurement, 'readings' | 'failures'>> {
  const readings: DomainReading[] = [];
  const failures: BatchFailure[] = [];
  const at = end - INTERVAL_MS;
  await Promise.all(
    groups.map(async (group) => {
      if (!group.provider.certificates) {
        for (const domain of group.domains) {
          readings.push(
            notJudged(
              domain,
              group.accountId,
              `listing certificates is not supported on ${group.provider.kind}`,
            ),
          );
        }
        return;
      }
      let listed: Awaited<ReturnType<typeof cachedCertificates>>;
      try {
        listed = await cachedCertificates(group.provider, end);
      } catch (error) {
        if (!(error instanceof ProviderError)) throw error;
        failures.push({
          accountId: group.accountId,
          domains: [...group.domains],
          providerCode: error.providerCode,
          message: error.message,
          requestId: error.requestId,
        });
        return;
      }
      const byDomain = new Map(listed.map((entry) => [entry.domain.toLowerCase(), entry]));
      for (const domain of group.domains) {
        const entry = byDomain.get(domain.toLowerCase());
        if (!entry?.https) {
          readings.push(notJudged(domain, group.accountId, 'it serves no HTTPS'));
          continue;
        }
        const left = daysLeft(entry.certificate, end);
        if (left === undefined) {
          readings.push(notJudged(domain, group.accountId, 'its provider does not report the expiry'));
          continue;
        }
        readings.push({
          domain,
          accountId: group.accountId,
          at,
          value: left,
          matches: left < days,
          note: undefined,
          series: [],
        });
      }
    }),
  );
  readings.sort((a, b) => a.domain.localeCompare(b.domain));
  return { readings, failures };
}

interface Sources {
  /** Accounts whose traffic report answers per domain. */
  byTraffic: TargetGroup[];
  /** Accounts read through the status-code report, which answers per domain: rates, and request counts where the
   * traffic report adds domains up. */
  byCodes: TargetGroup[];
  /** Accounts whose provider counts one status-code class per domain for an interval in a few calls
   * (intervalClassCounts), with the requests from the traffic report: Tencent's ListTopData. */
  byRanking: TargetGroup[];
  /** Accounts whose report adds domains up, asked one domain a call for bandwidth or the hit rate (within the
   * budget share), with each domain's requests from the status-code report. */
  perDomain: TargetGroup[];
  notJudged: UnsupportedGroup[];
}

/**
 * Which report each account is read from. Where the traffic report adds up the domains of a call (pooledTraffic),
 * requests are counted from the status-code report, which groups by domain (every request has a status code);
 * bandwidth and hit rates have no per-domain report there, so they are asked one domain per call: a call per domain
 * every 5 minutes, which an account's domains of the rule get only while they fit the rule's budget share
 * (perDomainNote); beyond it they are not judged, and say why.
 */
function planSources(groups: readonly TargetGroup[], condition: WatchCondition): Sources {
  if (condition.kind === 'rate' && condition.metric !== 'hit-rate') {
    const ranks = (group: TargetGroup) =>
      group.provider.trafficLimits !== undefined &&
      !group.provider.trafficLimits().pooledTraffic &&
      group.provider.traffic !== undefined &&
      group.provider.intervalClassCounts !== undefined;
    const split = splitSupported(
      groups.filter((group) => !ranks(group)),
      ['trafficLimits', 'statusCodes'],
      'Status-code statistics',
    );
    return {
      byTraffic: [],
      byCodes: split.supported,
      byRanking: groups.filter(ranks),
      perDomain: [],
      notJudged: split.unsupported,
    };
  }
  const limited = splitSupported(groups, ['trafficLimits'], 'Traffic statistics');
  const pooled = limited.supported.filter((group) => group.provider.trafficLimits!().pooledTraffic);
  const direct = splitSupported(
    limited.supported.filter((group) => !pooled.includes(group)),
    ['traffic'],
    'Traffic statistics',
  );
  const countsRequests = condition.kind === 'requests' || condition.kind === 'traffic-change';
  const fromCodes = countsRequests
    ? splitSupported(pooled, ['statusCodes'], 'Status-code statistics')
    : { supported: [], unsupported: [] };
  const what = condition.kind === 'bandwidth' ? 'bandwidth' : 'hit rates';
  const overBudget: UnsupportedGroup[] = [];
  const affordable: TargetGroup[] = [];
  for (const group of countsRequests ? [] : pooled) {
    const note = perDomainNote(group.provider, what, group.domains.length);
    if (note === undefined) affordable.push(group);
    else overBudget.push({ group, message: note });
  }
  const perDomain = splitSupported(
    affordable,
    ['statusCodes', what === 'bandwidth' ? 'traffic' : 'requestHitRates'],
    what === 'bandwidth' ? 'Bandwidth per domain' : 'Hit rates per domain',
  );
  return {
    byTraffic: direct.supported,
    byCodes: fromCodes.supported,
    byRanking: [],
    perDomain: perDomain.supported,
    notJudged: [
      ...limited.unsupported,
      ...direct.unsupported,
      ...fromCodes.unsupported,
      ...overBudget,
      ...perDomain.unsupported,
    ],
  };
}

/** Why a domain of a provider that adds domains up is not judged on `what`, where no budget says what it may cost. */
export function pooledNote(kind: string, what: string): string {
  return `its provider (${kind}) reports ${what} only added up over several domains, never per domain`;
}

/** The most domains of one account a rule may ask one a call, per evaluation (PER_DOMAIN_BUDGET_SHARE). */
export function perDomainAllowance(budget: { calls: number }): number {
  return Math.floor(budget.calls * PER_DOMAIN_BUDGET_SHARE);
}

/**
 * Why `count` domains of a pooled account are not judged on `what` (`bandwidth`, `hit rates`) one call per domain,
 * or undefined when they fit the rule's share of the account's budget.
 */
export function perDomainNote(
  provider: Pick<CdnProvider, 'kind' | 'trafficLimits'>,
  what: string,
  count: number,
): string | undefined {
  const budget = provider.trafficLimits?.().accountBudget;
  if (!budget) return pooledNote(provider.kind, what);
  const allowed = perDomainAllowance(budget);
  if (count <= allowed) return undefined;
  const name = `${provider.kind.charAt(0).toUpperCase()}${provider.kind.slice(1)}`;
  const costs = what === 'bandwidth' ? 'bandwidth per domain costs' : `${what} per domain cost`;
  return `${costs} one call per domain every 5 minutes: ${count} domains here, above the ${allowed} a rule may spend of ${name}'s ${budget.calls} calls per ${describeLength(budget.windowMs)}`;
}

/** Per domain, per interval start: the figure, and the requests it was measured over. */
interface DomainFigures {
  value: Map<number, number>;
  requests: Map<number, number>;
  /** Interval starts whose `value` is only an upper bound (a screened class count). */
  atMost?: Set<number>;
  /** Why there are none (a pooled answer), when there are none. */
  note?: string;
}

interface Figures {
  byDomain: Map<string, DomainFigures>;
  failures: BatchFailure[];
}

async function fetchCodeFigures(
  groups: readonly TargetGroup[],
  query: Omit<TrafficQuery, 'domains'>,
  metric: '5xx' | '4xx',
): Promise<Figures> {
  const { results, failures } = await fetchBatched<DomainStatusCodes>(groups, (provider, domains) =>
    provider.statusCodes!({ ...query, domains }),
  );
  const byDomain = new Map<string, DomainFigures>();
  for (const { domain, codes } of results) {
    const { requests, inClass: errors } = countCodes(codes, metric);
    const value = new Map<number, number>();
    for (const [time, total] of requests) {
      if (total > 0) value.set(time, ((errors.get(time) ?? 0) / total) * 100);
    }
    byDomain.set(domain, { value, requests });
  }
  return { byDomain, failures };
}

/**
 * Status-code rates where the provider counts a class per domain for one interval in a few calls (Tencent: two
 * ListTopData calls per 30 domains, where its status-code report costs three calls per domain): the requests per
 * interval come from the traffic report (one call per 30 domains, which also tells how far each account has
 * reported), then only the interval to judge is counted. The series therefore holds that interval alone.
 *
 * Screening: the provider's first call bounds each count from above, and a batch whose every domain that bound
 * already proves clear (under the clearing level, see clear-level.ts, or too few requests to be judged) skips the
 * exact count: one ListTopData per 30 domains in the healthy case. A domain whose bound is under the clearing level
 * keeps the bound as its figure, marked `atMost`: it cannot match, it reads as recovered exactly as its exact
 * figure would, and its sparkline bar may stand higher than the truth but never above the clearing level. One
 * skipped for too few requests keeps no figure (it is not judged either way). A `<` rule and the domains a message
 * shows (`shown`) are always counted exactly.
 */
async function fetchRankedCodeFigures(
  groups: readonly TargetGroup[],
  query: Omit<TrafficQuery, 'domains'>,
  rule: {
    condition: Extract<WatchCondition, { kind: 'rate' }>;
    metric: '5xx' | '4xx';
    minRequests: number;
    shown: ReadonlySet<string>;
  },
): Promise<Figures> {
  const { metric } = rule;
  const byDomain = new Map<string, DomainFigures>();
  if (groups.length === 0) return { byDomain, failures: [] };
  // The ranking waits for the last of these: they go out a window's worth at a time, not 4 batches at a time behind
  // the other rules' calls, so the ranking runs beside those instead of after them. The client paces them all.
  const traffic = await fetchBatched<DomainSeries>(
    groups,
    (provider, domains) => provider.traffic!({ ...query, domains }, ['request']),
    { maxInFlightPerAccount: WINDOW_CALLS },
  );
  for (const series of traffic.results) {
    if (series.metric !== 'request' || series.domains) continue;
    const requests = new Map(series.points.map((point) => [point.time, point.value]));
    byDomain.set(series.domain, { value: new Map(), requests });
  }
  const counted = await Promise.all(
    groups.map(async (group) => {
      const at = groupReported(group, byDomain, query);
      if (at === undefined) return { results: [] as DomainClassCount[], failures: [], at: 0 };
      const needsExact = (domain: string, atMost: number): boolean => {
        if (rule.condition.op === '<' || rule.shown.has(domain)) return true;
        const requests = byDomain.get(domain)?.requests.get(at) ?? 0;
        // Judged as too few requests whatever its count, and with no requests there is no rate at all.
        if (requests <= 0 || requests < rule.minRequests) return false;
        return !provablyClear(rule.condition, (Math.min(atMost, requests) / requests) * 100);
      };
      const answered = await fetchBatched(
        [group],
        (provider, domains) =>
          provider.intervalClassCounts!({
            ...query,
            from: at,
            to: at + INTERVAL_MS,
            domains,
            codeClass: metric,
            needsExact,
          }),
        { maxInFlightPerAccount: WINDOW_CALLS },
      );
      return { ...answered, at };
    }),
  );
  const failures = [...traffic.failures];
  for (const { results, failures: refused, at } of counted) {
    failures.push(...refused);
    for (const { domain, count, exact } of results) {
      const figures = byDomain.get(domain);
      const requests = figures?.requests.get(at) ?? 0;
      if (!figures || requests <= 0) continue;
      // A count clamped at 0 (see intervalClassCounts) still reads as a rate over the interval's requests.
      const rate = (Math.min(count, requests) / requests) * 100;
      if (!exact) {
        // A bound kept for too few requests proves nothing: the domain is not judged and shows no figure.
        if (!provablyClear(rule.condition, rate)) continue;
        figures.atMost = new Set([at]);
      }
      figures.value.set(at, rate);
    }
  }
  return { byDomain, failures };
}

function merge(parts: readonly Figures[]): Figures {
  return {
    byDomain: new Map(parts.flatMap((part) => [...part.byDomain])),
    failures: parts.flatMap((part) => part.failures),
  };
}

/** The interval judged for an account's domains (see completeUpTo). */
function groupReported(
  group: TargetGroup,
  byDomain: ReadonlyMap<string, DomainFigures>,
  query: { from: number; to: number },
): number | undefined {
  return completeUpTo(reportedUpTo(group.domains, byDomain), query);
}

/**
 * The interval judged for an account asked one domain a call: whole in the status-code report (groupReported) and in
 * the figure's own report, which may lag differently and answers an interval it has not filled with zeros. The
 * figure's report counts as reported up to the latest interval in which any of the account's domains has a figure
 * above zero; an hour in which every domain's hit rate was 0 % is therefore taken as not reported, never as a miss.
 */
function perDomainReported(
  group: TargetGroup,
  byDomain: ReadonlyMap<string, DomainFigures>,
  query: { from: number; to: number },
): number | undefined {
  const byRequests = groupReported(group, byDomain, query);
  let latest: number | undefined;
  for (const domain of group.domains) {
    for (const [time, value] of byDomain.get(domain)?.value ?? []) {
      if (value > 0 && (latest === undefined || time > latest)) latest = time;
    }
  }
  const byFigure = completeUpTo(latest, query);
  if (byRequests === undefined || byFigure === undefined) return undefined;
  return Math.min(byRequests, byFigure);
}

/** Requests per interval, and those in one class (`5xx`), from a domain's status codes. */
function countCodes(codes: DomainStatusCodes['codes'], metric: string) {
  const requests = new Map<number, number>();
  const inClass = new Map<number, number>();
  const classes = new Set(
    codes.map((entry) => entry.code.toLowerCase()).filter((name) => /^\dxx$/.test(name)),
  );
  for (const entry of codes) {
    const name = entry.code.toLowerCase();
    // A class total is taken as given; the specific codes of a class the answer totals are not counted twice.
    const isClass = /^\dxx$/.test(name);
    if (!isClass && (!/^\d{3}$/.test(name) || classes.has(`${name[0]}xx`))) continue;
    const counts = `${name[0]}xx` === metric;
    for (const point of entry.points) {
      requests.set(point.time, (requests.get(point.time) ?? 0) + point.value);
      if (counts) inClass.set(point.time, (inClass.get(point.time) ?? 0) + point.value);
    }
  }
  return { requests, inClass };
}

/** A domain's requests per interval as a traffic series, counted from its status codes. */
function requestSeries({ domain, codes }: DomainStatusCodes): DomainSeries {
  const { requests } = countCodes(codes, '');
  return {
    domain,
    metric: 'request',
    points: [...requests].map(([time, value]) => ({ time, value })).sort((a, b) => a.time - b.time),
  };
}

async function fetchTrafficFigures(
  sources: Pick<Sources, 'byTraffic' | 'byCodes' | 'perDomain'>,
  query: Omit<TrafficQuery, 'domains'>,
  condition: Exclude<WatchCondition, { kind: 'status' | 'cert' }>,
): Promise<Figures> {
  const metric: TrafficMetric =
    condition.kind === 'bandwidth' ? 'bandwidth' : condition.kind === 'rate' ? 'requestHitRate' : 'request';
  const metrics: TrafficMetric[] = metric === 'request' ? ['request'] : [metric, 'request'];
  const ask = async (from: number, to: number) => {
    const [traffic, counted, single] = await Promise.all([
      fetchBatched<DomainSeries>(sources.byTraffic, (provider, domains) =>
        provider.traffic!({ ...query, from, to, domains }, metrics),
      ),
      fetchBatched<DomainSeries>([...sources.byCodes, ...sources.perDomain], async (provider, domains) =>
        (await provider.statusCodes!({ ...query, from, to, domains })).map(requestSeries),
      ),
      // One domain a call: the pooled report's answer for a lone domain is that domain's own figure.
      fetchBatched<DomainSeries>(
        sources.perDomain,
        (provider, domains) =>
          metric === 'bandwidth'
            ? provider.traffic!({ ...query, from, to, domains }, ['bandwidth'])
            : provider.requestHitRates!({ ...query, from, to, domains }),
        { domainsPerCall: 1 },
      ),
    ]);
    return {
      results: [...traffic.results, ...counted.results, ...single.results],
      failures: [...traffic.failures, ...counted.failures, ...single.failures],
    };
  };
  const [now, weekAgo] = await Promise.all([
    ask(query.from, query.to),
    condition.kind === 'traffic-change' ? ask(query.from - WEEK_MS, query.to - WEEK_MS) : undefined,
  ]);
  const byDomain = new Map<string, DomainFigures>();
  const entry = (domain: string) => {
    let figures = byDomain.get(domain);
    if (!figures) {
      figures = { value: new Map(), requests: new Map() };
      byDomain.set(domain, figures);
    }
    return figures;
  };
  for (const series of now.results) {
    if (series.domains) {
      // Wangsu adds up the domains of one call: a figure for the batch says nothing about any one domain.
      for (const domain of series.domains) {
        entry(domain).note = 'its provider reports these figures only for several domains together';
      }
      continue;
    }
    const figures = entry(series.domain);
    for (const point of series.points) {
      if (series.metric === 'request') figures.requests.set(point.time, point.value);
      if (series.metric === metric && metric !== 'request') figures.value.set(point.time, point.value);
    }
  }
  if (condition.kind === 'requests') {
    for (const figures of byDomain.values()) figures.value = new Map(figures.requests);
  }
  if (weekAgo) {
    const before = new Map<string, Map<number, number>>();
    for (const series of weekAgo.results) {
      if (series.domains || series.metric !== 'request') continue;
      before.set(series.domain, new Map(series.points.map((point) => [point.time + WEEK_MS, point.value])));
    }
    for (const [domain, figures] of byDomain) {
      const earlier = before.get(domain) ?? new Map<number, number>();
      figures.value = new Map();
      const current = figures.requests;
      // The volume that counts is the week-earlier one: a change from almost nothing is no change worth a page.
      figures.requests = earlier;
      for (const [time, requests] of current) {
        const then = earlier.get(time);
        if (then !== undefined && then > 0) figures.value.set(time, (Math.abs(requests - then) / then) * 100);
      }
    }
  }
  return { byDomain, failures: [...now.failures, ...(weekAgo?.failures ?? [])] };
}

/**
 * The latest interval start at which any of an account's domains had requests: the account has reported up to
 * there. Undefined when it reported nothing in the window.
 */
function reportedUpTo(
  domains: readonly string[],
  byDomain: ReadonlyMap<string, DomainFigures>,
): number | undefined {
  let latest: number | undefined;
  for (const domain of domains) {
    for (const [time, requests] of byDomain.get(domain)?.requests ?? []) {
      if (requests > 0 && (latest === undefined || time > latest)) latest = time;
    }
  }
  return latest;
}

/**
 * The latest interval known to be whole. The interval the clock just closed is whole once reported. An earlier one
 * that is the latest reported may still be filling in (the provider lags and reports as it aggregates), so the one
 * before it is judged: its successor has data, so it is done.
 */
function completeUpTo(reported: number | undefined, query: { from: number; to: number }): number | undefined {
  if (reported === undefined) return undefined;
  if (reported >= query.to - INTERVAL_MS) return reported;
  const before = reported - INTERVAL_MS;
  return before >= query.from ? before : undefined;
}

function judge(
  domain: string,
  accountId: string,
  figures: DomainFigures | undefined,
  reported: number | undefined,
  query: { from: number; to: number },
  watch: WatchDefinition,
): DomainReading {
  if (figures?.note) return notJudged(domain, accountId, figures.note);
  const series: number[] = [];
  for (let time = query.from; time < query.to; time += INTERVAL_MS) {
    series.push(figures?.value.get(time) ?? Number.NaN);
  }
  if (reported === undefined) return { ...notJudged(domain, accountId, 'not yet reported'), series };
  const requests = figures?.requests.get(reported) ?? 0;
  const value = figures?.value.get(reported) ?? (watch.condition.kind === 'requests' ? 0 : undefined);
  const base = {
    domain,
    accountId,
    at: reported,
    series,
    ...(figures?.atMost?.has(reported) ? { atMost: true } : {}),
  };
  if (requests < watch.minRequestsOrDefault) {
    return {
      ...base,
      value,
      matches: false,
      note: `too few requests (${requests} < ${watch.minRequestsOrDefault})`,
    };
  }
  if (value === undefined) return { ...base, value, matches: false, note: 'no figure for the interval' };
  const condition = watch.condition as Exclude<WatchCondition, { kind: 'status' | 'cert' }>;
  const matches = condition.op === '>' ? value > condition.threshold : value < condition.threshold;
  return { ...base, value, matches, note: undefined };
}

function notJudged(domain: string, accountId: string, note: string): DomainReading {
  return { domain, accountId, at: undefined, value: undefined, matches: false, note, series: [] };
}
