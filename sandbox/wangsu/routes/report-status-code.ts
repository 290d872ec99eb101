import { z } from 'zod';
import { trafficBuckets } from '../../tencent/traffic-buckets.ts';
import { MODEL_STATUS_CODES } from '../../tencent/traffic-model.ts';
import { classicError } from '../api-error.ts';
import { profileOf } from '../incidents.ts';
import { bucketTimestamp, DAY_MS, reportBuckets, reportRange } from '../report-time.ts';
import { scientificCount } from '../scientific-count.ts';
import type { SandboxState } from '../state.ts';
import { parseClassicBody } from './parse-body.ts';
import { reportDomains } from './report-domains.ts';
import type { RouteContext, RouteReply } from './route-context.ts';

const StatusCodeBody = z.object({
  dateFrom: z.string(),
  dateTo: z.string(),
  /** ≤ 20 domains; omitted means every domain of the account. */
  domain: z.array(z.string()).optional(),
  /** Only 5-minute data is modelled: the one value the reference shows. */
  dataInterval: z.literal('5m', { error: 'dataInterval must be "5m".' }).optional(),
  groupBy: z.literal('domain', { error: 'groupBy must be "domain" or left out.' }).optional(),
  dataPadding: z.boolean().optional(),
  queryBy: z.enum(['statusCode', 'statusCodeType']).optional(),
});

/** "The span is ≤ 7 days and must lie within the last 183 days" (reference §2.4). */
const MAX_SPAN_MS = 7 * DAY_MS;
const RETENTION_MS = 183 * DAY_MS;

interface CodeData {
  statusCode: string;
  statusCodeType: string;
  totalRequest: number | string;
  requestData: { timestamp: string; value: number | string }[];
}

/**
 * The codes of some domains over the buckets: one entry per code (or per class with `statusCodeType`) that
 * occurred, in ascending order. Without padding, buckets where the code did not occur are left out.
 */
function statusCodeData(
  domains: readonly string[],
  spec: ReturnType<typeof reportBuckets>,
  options: { state: SandboxState; now: number; padding: boolean; byType: boolean },
): CodeData[] {
  const buckets = trafficBuckets(
    domains.map((domain) => profileOf(options.state, domain)),
    spec,
    options.now,
    true,
  );
  const series = new Map<string, number[]>();
  for (const code of MODEL_STATUS_CODES) {
    const key = options.byType ? `${code[0]}xx` : code;
    const values = buckets.codes.get(code) ?? [];
    const into = series.get(key) ?? new Array<number>(spec.count).fill(0);
    values.forEach((value, i) => {
      into[i]! += value;
    });
    series.set(key, into);
  }
  return [...series]
    .map(([statusCode, values]) => ({ statusCode, values, total: values.reduce((a, b) => a + b, 0) }))
    .filter((entry) => entry.total > 0)
    .sort((a, b) => a.statusCode.localeCompare(b.statusCode))
    .map(({ statusCode, values, total }) => ({
      statusCode,
      statusCodeType: `${statusCode[0]}xx`,
      totalRequest: scientificCount(total),
      requestData: values.flatMap((value, i) =>
        options.padding || value > 0
          ? [
              {
                timestamp: bucketTimestamp('fiveminutes', spec.startMs + i * spec.stepMs),
                value: scientificCount(value),
              },
            ]
          : [],
      ),
    }));
}

/**
 * `POST /api/report/status-code` with a JSON body: the requests per status code over at most 7 days within the
 * last 183, in 5-minute buckets stamped like the other reports (`yyyy-MM-dd HH:mm`, ending at). With
 * `groupBy: "domain"` each domain has its own entry; without it, one entry adds them all up. Refusals are 400
 * `InvalidParameter`.
 */
export function reportStatusCode(ctx: RouteContext): RouteReply {
  const body = parseClassicBody(ctx, StatusCodeBody);
  const { from, to } = reportRange(
    { from: body.dateFrom, to: body.dateTo, names: ['dateFrom', 'dateTo'] },
    { maxSpanMs: MAX_SPAN_MS, retentionMs: RETENTION_MS, now: ctx.now, what: 'The status-code report' },
  );
  const domains = reportDomains(ctx.account, body.domain, { field: 'domain', required: false });
  if (domains.length === 0) throw classicError(400, 'InvalidParameter', 'This account has no domains.');
  const spec = reportBuckets('fiveminutes', from, to);
  const options = {
    state: ctx.state,
    // Minutes within the report lag are not in yet: they read as none, as a lagging provider answers.
    now: ctx.now - ctx.state.reportLagMs,
    padding: body.dataPadding ?? false,
    byType: body.queryBy === 'statusCodeType',
  };
  const groups =
    body.groupBy === 'domain'
      ? domains.map((domain) => ({ domain, members: [domain] }))
      : [{ domain: undefined, members: domains }];
  return {
    status: 200,
    body: {
      result: groups.map(({ domain, members }) => ({
        ...(domain ? { domain } : {}),
        statusCodeData: statusCodeData(members, spec, options),
      })),
    },
  };
}
