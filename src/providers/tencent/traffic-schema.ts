/**
 * Schemas of the Tencent statistics and log answers cdnops reads (DescribeCdnData, ListTopData,
 * DescribeCdnDomainLogs). Only the fields we use are named. Times arrive as `YYYY-MM-DD HH:mm:ss` in UTC+8 and
 * leave as epoch ms, so a malformed time is refused here rather than becoming NaN later.
 * Field reference: tencentcloud-sdk-nodejs src/services/cdn/v20180606/cdn_models.ts.
 */
import * as z from 'zod';
import { parseChinaTime } from '../china-time.ts';
import type { SeriesPoint } from '../traffic-types.ts';

/**
 * Times already read, as epoch ms. One DescribeCdnData answer repeats the same few hundred times for each of its 30
 * domains, so reading each once saves most of the parsing; cleared when full, so it never grows past that.
 */
const knownTimes = new Map<string, number>();
const KNOWN_TIMES_MAX = 10_000;

function chinaTimeMs(text: string): number | undefined {
  const known = knownTimes.get(text);
  if (known !== undefined) return known;
  const ms = parseChinaTime(text);
  if (ms === undefined) return undefined;
  if (knownTimes.size >= KNOWN_TIMES_MAX) knownTimes.clear();
  knownTimes.set(text, ms);
  return ms;
}

/** A UTC+8 time string, as epoch ms. */
export const ChinaTime = z.string().transform((text, ctx) => {
  const ms = chinaTimeMs(text);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected YYYY-MM-DD HH:mm:ss, got "${text}"` });
    return z.NEVER;
  }
  return ms;
});

/**
 * `DetailData`, Tencent's `TimestampData[]` (`{ Time, Value }`), checked point by point in one loop and read into
 * the series points cdnops uses: an answer holds up to 17,280 points (30 domains × 576 five-minute points of two
 * days), and a zod object per point, then a copy per point, were most of the CPU `stats all` over 500 domains spent.
 */
export const TimestampSeries = z
  .custom<unknown[]>((value) => Array.isArray(value), 'expected an array of points')
  .transform((items, ctx): SeriesPoint[] => {
    const series = new Array<SeriesPoint>(items.length);
    for (let index = 0; index < items.length; index += 1) {
      const item = items[index] as { Time?: unknown; Value?: unknown } | null | undefined;
      const time = typeof item?.Time === 'string' ? chinaTimeMs(item.Time) : undefined;
      const value = item?.Value;
      if (time === undefined || typeof value !== 'number') {
        ctx.addIssue({
          code: 'custom',
          path: [index],
          message: `expected { Time: "YYYY-MM-DD HH:mm:ss", Value: number }, got ${JSON.stringify(item)}`,
        });
        return z.NEVER;
      }
      series[index] = { time, value };
    }
    return series;
  });

/** One metric of one resource: the series and its summary (`sum`, `max` or `avg`). */
export const CdnData = z.object({
  Metric: z.string(),
  DetailData: TimestampSeries.nullish(),
  SummarizedData: z.object({ Name: z.string(), Value: z.number() }).nullish(),
});
export type CdnData = z.infer<typeof CdnData>;

/** `Resource` is a domain with `Detail: true`; otherwise `multiDomains`, a project id or `all`. */
export const ResourceData = z.object({
  Resource: z.string(),
  CdnData: z.array(CdnData).nullish(),
});
export type ResourceData = z.infer<typeof ResourceData>;

export const DescribeCdnDataResponse = z.object({
  Interval: z.string().nullish(),
  Data: z.array(ResourceData).nullish(),
});
export type DescribeCdnDataResponse = z.infer<typeof DescribeCdnDataResponse>;

export const TopDetailData = z.object({ Name: z.string(), Value: z.number() });

export const ListTopDataResponse = z.object({
  Data: z.array(z.object({ Resource: z.string(), DetailData: z.array(TopDetailData).nullish() })).nullish(),
});
export type ListTopDataResponse = z.infer<typeof ListTopDataResponse>;

/** One log package. The link expires after a day; FileSize is not always given. */
export const DomainLog = z.object({
  StartTime: ChinaTime,
  EndTime: ChinaTime,
  LogPath: z.string(),
  Area: z.string().nullish(),
  LogName: z.string(),
  FileSize: z.number().nullish(),
});
export type DomainLog = z.infer<typeof DomainLog>;

export const DescribeCdnDomainLogsResponse = z.object({
  DomainLogs: z.array(DomainLog).nullish(),
  TotalCount: z.number(),
});
export type DescribeCdnDomainLogsResponse = z.infer<typeof DescribeCdnDomainLogsResponse>;
