/**
 * Schemas of the Tencent statistics and log answers cdnops reads (DescribeCdnData, ListTopData,
 * DescribeCdnDomainLogs). Only the fields we use are named. Times arrive as `YYYY-MM-DD HH:mm:ss` in UTC+8 and
 * leave as epoch ms, so a malformed time is refused here rather than becoming NaN later.
 * Field reference: tencentcloud-sdk-nodejs src/services/cdn/v20180606/cdn_models.ts.
 */
import { z } from 'zod';
import { parseChinaTime } from '../china-time.ts';

/** A UTC+8 time string, as epoch ms. */
export const ChinaTime = z.string().transform((text, ctx) => {
  const ms = parseChinaTime(text);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected YYYY-MM-DD HH:mm:ss, got "${text}"` });
    return z.NEVER;
  }
  return ms;
});

export const TimestampData = z.object({ Time: ChinaTime, Value: z.number() });
export type TimestampData = z.infer<typeof TimestampData>;

/** One metric of one resource: the series and its summary (`sum`, `max` or `avg`). */
export const CdnData = z.object({
  Metric: z.string(),
  DetailData: z.array(TimestampData).nullish(),
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
