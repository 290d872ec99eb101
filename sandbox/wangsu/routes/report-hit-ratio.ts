import { z } from 'zod';
import { trafficBuckets } from '../../tencent/traffic-buckets.ts';
import { profileOf } from '../incidents.ts';
import {
  bucketTimestamp,
  DAY_MS,
  MINUTE_MS,
  minuteBucketTimestamp,
  type ReportType,
  reportBuckets,
  reportRange,
} from '../report-time.ts';
import { formatBeijingTime } from '../wangsu-time.ts';
import { parseClassicBody } from './parse-body.ts';
import { reportDomains } from './report-domains.ts';
import type { RouteContext, RouteReply } from './route-context.ts';

/** The SDK's QueryRequestHitRatioRequest: dates in the JSON body, `dataInterval` 1m | 5m | 1h | 1d (default 1d). */
const HitRatioBody = z.object({
  dateFrom: z.string(),
  dateTo: z.string(),
  domain: z.array(z.string()).optional(),
  dataInterval: z
    .enum(['1m', '5m', '1h', '1d'], { error: 'dataInterval must be 1m, 5m, 1h or 1d.' })
    .optional(),
});

/** "Up to 200 domains by default"; at most 31 days, within the last 183 (SDK model comments). */
const MAX_DOMAINS = 200;
const MAX_SPAN_MS = 31 * DAY_MS;
const RETENTION_MS = 183 * DAY_MS;

const TYPE_OF: Readonly<Record<'5m' | '1h' | '1d', ReportType>> = {
  '5m': 'fiveminutes',
  '1h': 'hourly',
  '1d': 'daily',
};

/**
 * `POST /api/report/request/hit-ratio/total`: the request hit ratio of the listed domains together (hit requests over
 * requests, summed over the list), per bucket, as a percent string with 4 decimals, stamped like the other reports
 * (ending at). A bucket without requests, as one within the report lag, answers `"0.0000"`: the ratio alone never
 * says whether an interval was reported. Refusals are 400 `InvalidParameter`.
 */
export function reportHitRatio(ctx: RouteContext): RouteReply {
  const body = parseClassicBody(ctx, HitRatioBody);
  const { from, to } = reportRange(
    { from: body.dateFrom, to: body.dateTo, names: ['dateFrom', 'dateTo'] },
    { maxSpanMs: MAX_SPAN_MS, retentionMs: RETENTION_MS, now: ctx.now, what: 'The hit-ratio report' },
  );
  const domains = reportDomains(ctx.account, body.domain, {
    field: 'domain',
    required: false,
    max: MAX_DOMAINS,
  });
  const dataInterval = body.dataInterval ?? '1d';
  const spec =
    dataInterval === '1m'
      ? {
          startMs: from - (from % MINUTE_MS),
          stepMs: MINUTE_MS,
          count: Math.floor(to / MINUTE_MS) - Math.floor(from / MINUTE_MS) + 1,
        }
      : reportBuckets(TYPE_OF[dataInterval], from, to);
  const buckets = trafficBuckets(
    domains.map((domain) => profileOf(ctx.state, domain)),
    spec,
    // Minutes within the report lag are not in yet: they read as none, as a lagging provider answers.
    ctx.now - ctx.state.reportLagMs,
    false,
  );
  const ratios = buckets.request.map((requests, i) =>
    requests > 0 ? (buckets.hitRequest[i]! / requests) * 100 : 0,
  );
  const answered = ratios.filter((_, i) => buckets.request[i]! > 0);
  const totalAvg = answered.length > 0 ? answered.reduce((a, b) => a + b, 0) / answered.length : 0;
  return {
    status: 200,
    body: {
      code: '0',
      message: 'success',
      data: [
        {
          realDate: formatBeijingTime(ctx.now).slice(0, 16),
          totalAvg: Math.round(totalAvg * 100) / 100,
          hitRatioDatas: ratios.map((ratio, i) => {
            const startMs = spec.startMs + i * spec.stepMs;
            return {
              timestamp:
                dataInterval === '1m'
                  ? minuteBucketTimestamp(startMs)
                  : bucketTimestamp(TYPE_OF[dataInterval], startMs),
              hitRatio: ratio.toFixed(4),
            };
          }),
        },
      ],
    },
  };
}
