import { z } from 'zod';
import { ccmFailure } from '../api-error.ts';
import { itemStatus, itemView } from '../content-items.ts';
import type { ContentKind } from '../state.ts';
import { parseBeijingTime } from '../wangsu-time.ts';
import { parseCcmBody } from './parse-body.ts';
import type { RouteContext, RouteHandler, RouteReply } from './route-context.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Only tasks from the last 3 days can be queried (reference §2.3; the prefetch en text says 7, zh says 3). */
const LOOKBACK_MS = 3 * DAY_MS;

const QueryBody = z.object({
  itemId: z.string().optional(),
  startTime: z.string().optional(),
  endTime: z.string().optional(),
  url: z.string().optional(),
  status: z.enum(['success', 'failure', 'wait', 'run']).optional(),
  pageNo: z.int().min(1).optional(),
  pageSize: z.int().min(1).optional(),
});

function parseTime(name: string, text: string): number {
  const ms = parseBeijingTime(text);
  if (ms === undefined) throw ccmFailure(`${name} must be yyyy-MM-dd HH:mm:ss (UTC+8), got "${text}".`);
  return ms;
}

/**
 * The time window of a query without an itemId: both ends required, `startTime` within the last 3 days, and for
 * prefetch a span of at most 1 day. Both ends are inclusive, to the second.
 */
function timeWindow(
  kind: ContentKind,
  startTime: string | undefined,
  endTime: string | undefined,
  nowMs: number,
) {
  if (startTime === undefined || endTime === undefined) {
    throw ccmFailure('Send itemId, or both startTime and endTime.');
  }
  const start = parseTime('startTime', startTime);
  const end = parseTime('endTime', endTime);
  if (end < start) throw ccmFailure('endTime is earlier than startTime.');
  if (start < nowMs - LOOKBACK_MS) throw ccmFailure('Only tasks from the last 3 days can be queried.');
  if (kind === 'fetch' && end - start > DAY_MS)
    throw ccmFailure('The time span of a prefetch query is at most 1 day.');
  return { start, end };
}

/**
 * `POST /ccm/purge/ItemIdQuery` and `/ccm/fetch/ItemIdQuery`: by `itemId`, or by a time window; then `url` and
 * `status` filters and paging (`pageNo` 1, `pageSize` 20 by default). Newest first. An unknown itemId is not an
 * error: it matches nothing (`count: 0`).
 */
export function queryItems(kind: ContentKind): RouteHandler {
  return function queryContentItems(ctx: RouteContext): RouteReply {
    const body = parseCcmBody(ctx, QueryBody);
    const { pageNo = 1, pageSize = 20 } = body;
    const window =
      body.itemId === undefined ? timeWindow(kind, body.startTime, body.endTime, ctx.now) : undefined;
    const matching = ctx.account.items
      .filter((item) => item.kind === kind)
      .filter((item) => body.itemId === undefined || item.itemId === body.itemId)
      .filter((item) => {
        const second = Math.floor(item.createdAt / 1000) * 1000;
        return window === undefined || (second >= window.start && second <= window.end);
      })
      .filter((item) => body.url === undefined || item.url === body.url)
      .filter((item) => body.status === undefined || itemStatus(item, ctx.state, ctx.now) === body.status)
      .toSorted((a, b) => b.createdAt - a.createdAt);
    const page = matching.slice((pageNo - 1) * pageSize, pageNo * pageSize);
    return {
      status: 200,
      body: {
        count: matching.length,
        Code: 1,
        Message: 'success',
        pageNo,
        pageSize,
        resultDetail: page.map((item) => itemView(item, ctx.state, ctx.now)),
      },
    };
  };
}
