/**
 * Tencent traffic statistics and logs (DescribeCdnData, ListTopData, DescribeCdnDomainLogs): the CdnProvider
 * operations of issue 4, spread into the provider object by index.ts. Limits: tencent-cdn.md §4 and §5.16.
 *
 * Tencent reads both ends of a range as inclusive seconds and rounds them down to the interval, so a query's
 * exclusive `to` is sent as `to − 1 s`: [00:00, 24:00) becomes 00:00:00 – 23:59:59, exactly the day's points.
 */
import { batchName } from '../batch-name.ts';
import { formatChinaTime } from '../china-time.ts';
import {
  type DomainClassCount,
  type DomainSeries,
  type DomainStatusCodes,
  type DomainTopUrls,
  type Interval,
  type LogPackage,
  type SeriesPoint,
  type StatusCodeCount,
  type TopEntry,
  type TrafficMetric,
  type TrafficQuery,
  volumeOf,
} from '../traffic-types.ts';
import type { Area, CdnProvider } from '../types.ts';
import type { TencentClient } from './client.ts';
import { TENCENT_TRAFFIC_LIMITS } from './profile.ts';
import {
  type CdnData,
  DescribeCdnDataResponse,
  DescribeCdnDomainLogsResponse,
  type DomainLog,
  ListTopDataResponse,
  type ResourceData,
} from './traffic-schema.ts';

export type TrafficOperations = Pick<
  CdnProvider,
  | 'trafficLimits'
  | 'traffic'
  | 'statusCodes'
  | 'topUrls'
  | 'domainTopUrls'
  | 'statusCodeClasses'
  | 'intervalClassCounts'
  | 'logPackages'
>;

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

const INTERVAL_PARAM: Readonly<Record<Interval, string>> = {
  '1min': 'min',
  '5min': '5min',
  hour: 'hour',
  day: 'day',
};

const CODE_CLASSES = ['2xx', '3xx', '4xx', '5xx'] as const;
/** The class metrics whose answers also list each code of the class. 2xx and 3xx codes are not worth a call. */
const DETAILED_CLASSES = ['4xx', '5xx'] as const;
const SPECIFIC_CODE = /^\d{3}$/;
/** ListTopData answers at most 1000 URLs; DescribeCdnDomainLogs pages of at most 1000. */
const TOP_URLS_MAX = 1000;
const LOGS_PAGE = 1000;

/** StartTime and EndTime of [from, to): both inclusive on Tencent's side. */
function timeRange(from: number, to: number): { StartTime: string; EndTime: string } {
  return { StartTime: formatChinaTime(from), EndTime: formatChinaTime(to - 1000) };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

function points(data: CdnData | undefined): SeriesPoint[] {
  return data?.DetailData ?? [];
}

/** The summary Tencent gives, or the sum of the points when it gives none. */
function total(data: CdnData): number {
  return data.SummarizedData?.Value ?? (data.DetailData ?? []).reduce((sum, point) => sum + point.value, 0);
}

function resourceOf(
  data: readonly ResourceData[] | null | undefined,
  domain: string,
): ResourceData | undefined {
  const wanted = domain.toLowerCase();
  return data?.find((resource) => resource.Resource.toLowerCase() === wanted);
}

const BEIJING_OFFSET_MS = 8 * HOUR_MS;

/** The areas DescribeCdnData reports apart; a global domain serves both. */
type StatArea = 'mainland' | 'overseas';
const STAT_AREAS: readonly StatArea[] = ['mainland', 'overseas'];

/**
 * One domain's series from each area it serves, as one: volumes and bandwidth added point by point; a hit rate
 * weighted by its area's volume when that was asked too, else the mean of the areas.
 */
function combineAreas(
  metric: TrafficMetric,
  areas: readonly SeriesPoint[][],
  volumes: (metric: TrafficMetric) => SeriesPoint[][] | undefined,
): SeriesPoint[] {
  if (areas.length <= 1) return areas[0] ?? [];
  const volumeMetric = volumeOf(metric);
  const weights = volumeMetric ? volumes(volumeMetric) : undefined;
  const byTime = new Map<number, { sum: number; weighted: number; weight: number; count: number }>();
  areas.forEach((area, index) => {
    const weightAt = new Map((weights?.[index] ?? []).map((point) => [point.time, point.value]));
    for (const point of area) {
      const entry = byTime.get(point.time) ?? { sum: 0, weighted: 0, weight: 0, count: 0 };
      const weight = weightAt.get(point.time) ?? 0;
      entry.sum += point.value;
      entry.weighted += point.value * weight;
      entry.weight += weight;
      entry.count += 1;
      byTime.set(point.time, entry);
    }
  });
  return [...byTime]
    .sort(([a], [b]) => a - b)
    .map(([time, entry]) => ({
      time,
      value: !volumeMetric
        ? entry.sum
        : weights && entry.weight > 0
          ? entry.weighted / entry.weight
          : entry.sum / entry.count,
    }));
}

/** The Beijing midnight after `at`: where a ListTopData range whose EndTime falls on `at`'s day ends. */
function nextBeijingMidnight(at: number): number {
  return Math.floor((at + BEIJING_OFFSET_MS) / DAY_MS + 1) * DAY_MS - BEIJING_OFFSET_MS;
}

function endsAtBeijingMidnight(to: number): boolean {
  return (to + BEIJING_OFFSET_MS) % DAY_MS === 0;
}

/** Tencent ends a package at `HH:59:59`; LogPackage ends are exclusive like every other range in cdnops. */
function exclusiveEnd(endMs: number): number {
  return endMs % 60_000 === 59_000 ? endMs + 1000 : endMs;
}

function toLogPackage(domain: string, log: DomainLog): LogPackage {
  return {
    domain,
    start: log.StartTime,
    end: exclusiveEnd(log.EndTime),
    url: log.LogPath,
    size: log.FileSize ?? undefined,
    name: log.LogName,
  };
}

export function tencentTrafficOperations(
  client: TencentClient,
  _now: () => number,
  /** The area a domain serves, as the domain list said; unknown is read as mainland, Tencent's default. */
  areaOf: (domain: string) => Area | undefined = () => undefined,
): TrafficOperations {
  /** DescribeCdnData for one metric; `Detail` only where Tencent allows it (not for status codes). */
  function describeCdnData(
    query: TrafficQuery,
    metric: string,
    domains: readonly string[],
    detail: boolean,
    area: StatArea = 'mainland',
  ) {
    return client.call(
      'DescribeCdnData',
      {
        ...timeRange(query.from, query.to),
        Metric: metric,
        Domains: domains,
        Interval: INTERVAL_PARAM[query.interval],
        ...(detail ? { Detail: true } : {}),
        // Tencent answers for the mainland unless asked otherwise: an overseas domain would read zero.
        ...(area === 'overseas' ? { Area: 'overseas' } : {}),
      },
      DescribeCdnDataResponse,
    );
  }

  /** A batch's domains by the statistics areas they serve: a global domain is asked in both and added up. */
  function byArea(domains: readonly string[]): [StatArea, string[]][] {
    const served = (domain: string): StatArea[] => {
      const area = areaOf(domain);
      return area === 'global' ? ['mainland', 'overseas'] : area === 'overseas' ? ['overseas'] : ['mainland'];
    };
    return STAT_AREAS.map((area): [StatArea, string[]] => [
      area,
      domains.filter((domain) => served(domain).includes(area)),
    ]).filter(([, members]) => members.length > 0);
  }

  /**
   * Class totals, then the 4xx and 5xx codes that occurred, for one domain (Detail does not apply to codes), from
   * each area it serves, added up.
   */
  async function domainStatusCodes(query: TrafficQuery, domain: string): Promise<DomainStatusCodes> {
    const areas = byArea([domain]).map(([area]) => area);
    const codes = new Map<string, SeriesPoint[][]>();
    const add = (code: string, data: CdnData | undefined) =>
      codes.set(code, [...(codes.get(code) ?? []), data ? points(data) : []]);
    const totals = new Map<string, number>();
    const count = (code: string, data: CdnData | undefined) =>
      totals.set(code, (totals.get(code) ?? 0) + (data ? total(data) : 0));
    for (const area of areas) {
      const classes = await describeCdnData(query, 'statusCode', [domain], false, area);
      const classData = classes.Data?.[0]?.CdnData ?? [];
      for (const cls of CODE_CLASSES) {
        const data = classData.find((entry) => entry.Metric.toLowerCase() === cls);
        add(cls, data);
        count(cls, data);
      }
      for (const cls of DETAILED_CLASSES) {
        const answer = await describeCdnData(query, cls, [domain], false, area);
        for (const entry of answer.Data?.[0]?.CdnData ?? []) {
          if (!SPECIFIC_CODE.test(entry.Metric)) continue;
          add(entry.Metric, entry);
          count(entry.Metric, entry);
        }
      }
    }
    const counted = (code: string): StatusCodeCount => ({
      code,
      total: totals.get(code) ?? 0,
      points: combineAreas('request', codes.get(code) ?? [], () => undefined),
    });
    const specific = [...codes.keys()]
      .filter((code) => SPECIFIC_CODE.test(code))
      .map(counted)
      .filter((entry) => entry.total > 0)
      .sort((a, b) => a.code.localeCompare(b.code));
    return { domain, codes: [...CODE_CLASSES.map(counted), ...specific] };
  }

  /** ListTopData's URL ranking of `domains` as one area served them; with `detail`, each domain's own. */
  function urlRanking(
    query: TrafficQuery & { by: 'flux' | 'request' },
    domains: readonly string[],
    options: { limit: number; area: StatArea; detail: boolean },
  ) {
    return client.call(
      'ListTopData',
      {
        ...timeRange(query.from, query.to),
        Metric: 'url',
        Filter: query.by,
        Domains: domains,
        Limit: options.limit,
        ...(options.detail ? { Detail: true } : {}),
        ...(options.area === 'overseas' ? { Area: 'overseas' } : {}),
      },
      ListTopDataResponse,
    );
  }

  /** Each area's top list of the same ranking, as one: a URL served in both areas counts its parts together. */
  function mergeRankings(lists: readonly (readonly TopEntry[])[], limit: number): TopEntry[] {
    if (lists.length === 1) return [...lists[0]!].sort((a, b) => b.value - a.value).slice(0, limit);
    const byName = new Map<string, number>();
    for (const entry of lists.flat()) byName.set(entry.name, (byName.get(entry.name) ?? 0) + entry.value);
    return [...byName]
      .map(([name, value]) => ({ name, value }))
      .sort((a, b) => b.value - a.value)
      .slice(0, limit);
  }

  /** ListTopData's host ranking by one class, from `start` to the end of `dayEnd`'s day, keyed by lower-case domain. */
  async function classRanking(
    domains: readonly string[],
    codeClass: string,
    start: number,
    dayEnd: number,
    area: StatArea,
  ): Promise<Map<string, number>> {
    const answer = await client.call(
      'ListTopData',
      {
        ...timeRange(start, dayEnd),
        Metric: 'host',
        Filter: codeClass.toUpperCase(),
        Domains: domains,
        Limit: domains.length,
        ...(area === 'overseas' ? { Area: 'overseas' } : {}),
      },
      ListTopDataResponse,
    );
    const ranked = new Map<string, number>();
    for (const entry of answer.Data?.flatMap((resource) => resource.DetailData ?? []) ?? []) {
      ranked.set(entry.Name.toLowerCase(), entry.Value);
    }
    return ranked;
  }

  return {
    trafficLimits: () => TENCENT_TRAFFIC_LIMITS,

    async traffic(query, metrics) {
      const series: DomainSeries[] = [];
      const pooled = metrics.filter((metric) => query.pooled?.includes(metric));
      const own = metrics.filter((metric) => !pooled.includes(metric));
      for (const domains of chunk(query.domains, TENCENT_TRAFFIC_LIMITS.maxDomainsPerCall)) {
        // Each area the batch serves once per metric; a domain's areas are then added up point by point. The calls
        // of a batch go out together: the client paces them, and a batch asking metric after metric would leave the
        // budget unspent while it waits for each answer (and the last batch alone at the end).
        const perArea = new Map<string, SeriesPoint[][]>();
        const areas = byArea(domains);
        const calls = areas.flatMap(([area, members]) => own.map((metric) => ({ area, members, metric })));
        // Added up by Tencent (no `Detail`): one series a call instead of one per domain.
        const pooledCalls = areas.flatMap(([area, members]) =>
          pooled.map((metric) => ({ area, members, metric })),
        );
        const [answers, pooledAnswers] = await Promise.all([
          Promise.all(
            calls.map(({ area, members, metric }) => describeCdnData(query, metric, members, true, area)),
          ),
          Promise.all(
            pooledCalls.map(({ area, members, metric }) =>
              describeCdnData(query, metric, members, false, area),
            ),
          ),
        ]);
        for (const metric of pooled) {
          const perCall = pooledCalls.flatMap((call, index) =>
            call.metric === metric
              ? [points(pooledAnswers[index]!.Data?.[0]?.CdnData?.find((entry) => entry.Metric === metric))]
              : [],
          );
          series.push({
            domain: batchName(domains),
            metric,
            points: combineAreas(metric, perCall, () => undefined),
            ...(domains.length > 1 ? { domains: [...domains] } : {}),
          });
        }
        calls.forEach(({ members, metric }, index) => {
          const answer = answers[index]!;
          for (const domain of members) {
            const data = resourceOf(answer.Data, domain)?.CdnData?.find((entry) => entry.Metric === metric);
            const key = `${domain}\u0000${metric}`;
            perArea.set(key, [...(perArea.get(key) ?? []), points(data)]);
          }
        });
        for (const domain of domains) {
          const volumes = (metric: TrafficMetric) => perArea.get(`${domain}\u0000${metric}`);
          for (const metric of own) {
            series.push({ domain, metric, points: combineAreas(metric, volumes(metric) ?? [], volumes) });
          }
        }
      }
      return series;
    },

    async statusCodes(query) {
      const results: DomainStatusCodes[] = [];
      for (const domain of query.domains) results.push(await domainStatusCodes(query, domain));
      return results;
    },

    async topUrls(query) {
      const limit = Math.min(query.limit, TOP_URLS_MAX);
      if (limit <= 0) return [];
      // Each area ranks what it served (Tencent ranks the mainland unless asked otherwise).
      const lists = new Map<StatArea, TopEntry[]>();
      for (const domains of chunk(query.domains, TENCENT_TRAFFIC_LIMITS.maxDomainsPerCall)) {
        for (const [area, members] of byArea(domains)) {
          const answer = await urlRanking(query, members, { limit, area, detail: false });
          const list = lists.get(area) ?? [];
          for (const resource of answer.Data ?? []) {
            list.push(
              ...(resource.DetailData ?? []).map((entry) => ({ name: entry.Name, value: entry.Value })),
            );
          }
          lists.set(area, list);
        }
      }
      return mergeRankings([...lists.values()], limit);
    },

    async domainTopUrls(query) {
      const limit = Math.min(query.limit, TOP_URLS_MAX);
      if (limit <= 0) return query.domains.map((domain) => ({ domain, entries: [] }));
      const results: DomainTopUrls[] = [];
      // `Detail` ranks each domain's URLs apart: 30 domains' own top lists in one call.
      for (const domains of chunk(query.domains, TENCENT_TRAFFIC_LIMITS.maxDomainsPerCall)) {
        // Each area the batch serves once; a global domain's two lists are merged.
        const perArea = await Promise.all(
          byArea(domains).map(([area, members]) => urlRanking(query, members, { limit, area, detail: true })),
        );
        for (const domain of domains) {
          const lists = perArea.flatMap((answer) => {
            const resource = answer.Data?.find(
              (entry) => entry.Resource.toLowerCase() === domain.toLowerCase(),
            );
            return resource
              ? [(resource.DetailData ?? []).map((entry) => ({ name: entry.Name, value: entry.Value }))]
              : [];
          });
          results.push({ domain, entries: mergeRankings(lists.length > 0 ? lists : [[]], limit) });
        }
      }
      return results;
    },

    async statusCodeClasses(query) {
      // ListTopData reads EndTime as the whole Beijing day: only a range ending at a Beijing midnight is exact.
      if (!endsAtBeijingMidnight(query.to)) return undefined;
      const results = new Map(
        query.domains.map((domain) => [domain.toLowerCase(), new Map<string, number>()]),
      );
      // Domains ranked by each class: four calls for 30 domains and each area they serve, where DescribeCdnData
      // needs one per domain. They go out together; the client paces them. A global domain's areas add up.
      for (const domains of chunk(query.domains, TENCENT_TRAFFIC_LIMITS.maxDomainsPerCall)) {
        const calls = byArea(domains).flatMap(([area, members]) =>
          CODE_CLASSES.map((cls) => ({ area, members, cls })),
        );
        const rankings = await Promise.all(
          calls.map(({ area, members, cls }) => classRanking(members, cls, query.from, query.to, area)),
        );
        calls.forEach(({ cls }, index) => {
          for (const [domain, count] of rankings[index]!) {
            const totals = results.get(domain);
            totals?.set(cls, (totals.get(cls) ?? 0) + count);
          }
        });
      }
      return query.domains.map((domain) => {
        const totals = results.get(domain.toLowerCase())!;
        return {
          domain,
          codes: CODE_CLASSES.map((cls) => ({ code: cls, total: totals.get(cls) ?? 0, points: [] })),
        };
      });
    },

    async intervalClassCounts(query) {
      // ListTopData's StartTime counts to the minute but its EndTime covers the rest of that Beijing day, so a range
      // [from, to) is what [from → day end] ranks minus what [to → day end] ranks: two calls per 30 domains and
      // area, where DescribeCdnData answers status codes one domain a call, and one where the caller's `needsExact`
      // finds every bound of the batch enough. A range over a midnight is asked per day.
      const days: { from: number; to: number; dayEnd: number }[] = [];
      for (let from = query.from; from < query.to; from = nextBeijingMidnight(from)) {
        const dayEnd = nextBeijingMidnight(from);
        days.push({ from, to: Math.min(query.to, dayEnd), dayEnd });
      }
      const results: DomainClassCount[] = [];
      for (const domains of chunk(query.domains, TENCENT_TRAFFIC_LIMITS.maxDomainsPerCall)) {
        const areas = byArea(domains);
        // The first call of each part already bounds a domain's count from above (what follows the range only
        // adds): summed over its days and areas, that bound is what the caller's `needsExact` is asked with.
        const parts: {
          day: (typeof days)[number];
          area: StatArea;
          members: string[];
          through: Map<string, number>;
        }[] = [];
        for (const day of days) {
          for (const [area, members] of areas) {
            parts.push({
              day,
              area,
              members,
              through: await classRanking(members, query.codeClass, day.from, day.dayEnd, area),
            });
          }
        }
        const bound = new Map<string, number>();
        for (const { members, through } of parts) {
          for (const domain of members) {
            const key = domain.toLowerCase();
            bound.set(key, (bound.get(key) ?? 0) + (through.get(key) ?? 0));
          }
        }
        const needed = new Set(
          domains
            .filter((domain) => query.needsExact?.(domain, bound.get(domain.toLowerCase()) ?? 0) ?? true)
            .map((domain) => domain.toLowerCase()),
        );
        const counts = new Map<string, { count: number; exact: boolean }>();
        for (const { day, area, members, through } of parts) {
          // A part that runs to the day's end is exact already; else its second call is made when any of its
          // domains needs the exact count, and then counts every domain of the part exactly.
          const open = day.to < day.dayEnd;
          const subtract = open && members.some((domain) => needed.has(domain.toLowerCase()));
          const after = subtract
            ? await classRanking(members, query.codeClass, day.to, day.dayEnd, area)
            : new Map<string, number>();
          for (const domain of members) {
            const key = domain.toLowerCase();
            // Data the provider reported between the two calls can make the later range count more than the whole:
            // the difference is then clamped at 0 (an interval read as clean, never as a spike), and the caller still
            // judges the figure against the interval's requests.
            const inRange = Math.max(0, (through.get(key) ?? 0) - (after.get(key) ?? 0));
            const sofar = counts.get(key) ?? { count: 0, exact: true };
            counts.set(key, { count: sofar.count + inRange, exact: sofar.exact && (subtract || !open) });
          }
        }
        for (const domain of domains) {
          results.push({ domain, ...(counts.get(domain.toLowerCase()) ?? { count: 0, exact: true }) });
        }
      }
      return results;
    },

    async logPackages(domain, from, to) {
      const packages: LogPackage[] = [];
      for (let offset = 0; ; offset += LOGS_PAGE) {
        const page = await client.call(
          'DescribeCdnDomainLogs',
          // `global` lists mainland and overseas packages alike; the default would hide an overseas domain's logs.
          { Domain: domain, ...timeRange(from, to), Offset: offset, Limit: LOGS_PAGE, Area: 'global' },
          DescribeCdnDomainLogsResponse,
        );
        const logs = page.DomainLogs ?? [];
        packages.push(...logs.map((log) => toLogPackage(domain, log)));
        if (logs.length === 0 || offset + logs.length >= page.TotalCount) return packages;
      }
    },
  };
}
