import { remainingToday } from '../quotas.ts';
import type { RouteContext, RouteReply } from './route-context.ts';

/**
 * `GET /ccm/upperQuery?type=purge|fetch`: today's limits and what is left (lower-case `code`, 0 meaning OK, as
 * the SDK shows). Tag, regex and prefetch-size quotas are not modelled, so their fields are left out. Any other
 * `type` answers `{"code":1,"message"}`, HTTP 200.
 */
export function upperQuery(ctx: RouteContext): RouteReply {
  const { quotas } = ctx.state;
  const type = ctx.query.get('type');
  if (type === 'purge') {
    return {
      status: 200,
      body: {
        code: 0,
        message: 'success',
        urlUpper: quotas.purgeUrlsPerDay,
        urlRemain: remainingToday(ctx.account, quotas, 'purgeUrl', ctx.now),
        dirUpper: quotas.purgeDirsPerDay,
        dirRemain: remainingToday(ctx.account, quotas, 'purgeDir', ctx.now),
      },
    };
  }
  if (type === 'fetch') {
    return {
      status: 200,
      body: {
        code: 0,
        message: 'success',
        fetchUpper: quotas.prefetchUrlsPerDay,
        fetchRemain: remainingToday(ctx.account, quotas, 'fetch', ctx.now),
      },
    };
  }
  return { status: 200, body: { code: 1, message: `type must be purge or fetch, got "${type ?? ''}".` } };
}
