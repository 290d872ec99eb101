import { z } from 'zod';
import { type TrafficBuckets, trafficBuckets } from '../../tencent/traffic-buckets.ts';
import { classicError } from '../api-error.ts';
import { profileOf } from '../incidents.ts';
import {
  bucketTimestamp,
  DAY_MS,
  REPORT_RETENTION_MS,
  REPORT_TYPES,
  type ReportType,
  reportBuckets,
  reportRange,
} from '../report-time.ts';
import { scientificCount } from '../scientific-count.ts';
import { parseClassicBody } from './parse-body.ts';
import { reportDomains } from './report-domains.ts';
import type { RouteContext, RouteHandler, RouteReply } from './route-context.ts';

/** `{"domain-list":{"domain-name":["a.com","b.com"]}}`; a lone name may arrive as a string (XML-converted clients). */
const DomainListBody = z.object({
  'domain-list': z.object({
    'domain-name': z.union([z.array(z.string()), z.string().transform((name) => [name])]),
  }),
});

const MAX_SPAN_MS = 31 * DAY_MS;
const BYTES_PER_MB = 1024 * 1024;

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

/** What a report is asked for: the buckets of the model summed over the domains, and their timestamps. */
interface ReportRequest {
  buckets: TrafficBuckets;
  timestamps: string[];
}

/**
 * The query (`dateFrom`, `dateTo`, `type`; the lower-case `datefrom`/`dateto` some clients send are read too) and
 * the body's domain list, checked as reference §2.4 says: at most 20 of the account's domains, at most 31 days,
 * within the last 2 years, `type` fiveminutes | hourly | daily (default daily). Refusals are 400 `InvalidParameter`.
 */
function readReportRequest(ctx: RouteContext, what: string): ReportRequest {
  const type = ctx.query.get('type') ?? 'daily';
  if (!(REPORT_TYPES as readonly string[]).includes(type)) {
    throw classicError(400, 'InvalidParameter', `type must be fiveminutes, hourly or daily, got "${type}".`);
  }
  const { from, to } = reportRange(
    {
      from: ctx.query.get('dateFrom') ?? ctx.query.get('datefrom'),
      to: ctx.query.get('dateTo') ?? ctx.query.get('dateto'),
      names: ['dateFrom', 'dateTo'],
    },
    { maxSpanMs: MAX_SPAN_MS, retentionMs: REPORT_RETENTION_MS, now: ctx.now, what },
  );
  const body = parseClassicBody(ctx, DomainListBody);
  const domains = reportDomains(ctx.account, body['domain-list']['domain-name'], {
    field: 'domain-list.domain-name',
    required: true,
  });
  const spec = reportBuckets(type as ReportType, from, to);
  return {
    buckets: trafficBuckets(
      domains.map((domain) => profileOf(ctx.state, domain)),
      spec,
      // Minutes within the report lag are not in yet: they read as none, as a lagging provider answers.
      ctx.now - ctx.state.reportLagMs,
      false,
    ),
    timestamps: Array.from({ length: spec.count }, (_, i) =>
      bucketTimestamp(type as ReportType, spec.startMs + i * spec.stepMs),
    ),
  };
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

/**
 * `POST /api/report/domainflow?dateFrom=&dateTo=&type=`: traffic of the listed domains added up (Wangsu cannot
 * split them), in MB of 1024² bytes with 2 decimals, per bucket and in total.
 */
export const domainFlow: RouteHandler = (ctx): RouteReply => {
  const { buckets, timestamps } = readReportRequest(ctx, 'The flow report');
  return {
    status: 200,
    body: {
      'flow-summary': round(sum(buckets.flux) / BYTES_PER_MB, 2),
      'flow-data': timestamps.map((timestamp, i) => ({
        timestamp,
        flow: round(buckets.flux[i]! / BYTES_PER_MB, 2),
      })),
    },
  };
};

/**
 * `POST /api/report/domainbandwidth?…`: bandwidth of the listed domains added up, in Mbps (10⁶ bits per second)
 * with 4 decimals. A 5-minute bucket is that interval's average; an hourly or daily one is the busiest 5 minutes in it.
 */
export const domainBandwidth: RouteHandler = (ctx): RouteReply => {
  const { buckets, timestamps } = readReportRequest(ctx, 'The bandwidth report');
  return {
    status: 200,
    body: {
      bandwidthReport: timestamps.map((timestamp, i) => ({
        timestamp,
        bandwidth: round(buckets.peakBandwidth[i]! / 1e6, 4),
      })),
    },
  };
};

/**
 * `POST /api/report/domainhit?…`: requests of the listed domains added up. Counts of a million or more are strings
 * in scientific notation (`"1.642565E6"`), as the reference shows.
 */
export const domainHit: RouteHandler = (ctx): RouteReply => {
  const { buckets, timestamps } = readReportRequest(ctx, 'The request report');
  return {
    status: 200,
    body: {
      'hit-summary': scientificCount(sum(buckets.request)),
      'hit-data': timestamps.map((timestamp, i) => ({
        timestamp,
        hit: scientificCount(buckets.request[i]!),
      })),
    },
  };
};
