import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ccmFailure } from '../api-error.ts';
import { chargeToday } from '../quotas.ts';
import { MAX_URL_LENGTH, targetDomain } from './content-targets.ts';
import { parseCcmBody } from './parse-body.ts';
import type { RouteContext, RouteReply } from './route-context.ts';

const PrefetchBody = z.object({
  urls: z.array(z.string()).optional(),
  /** 0 the whole file (default), 1 bytes 0–512 KB. Accepted; it does not change what the sandbox does. */
  isRange: z.union([z.literal(0), z.literal(1)]).optional(),
});

/**
 * `POST /ccm/fetch/ItemIdReceiver`: at most 400 URLs per call and 20000 per day; the domain must be enabled (a
 * disabled domain serves nothing to warm). Refusals are HTTP 200 `{"Code":0,"Message"}`, nothing charged.
 */
export function submitPrefetch(ctx: RouteContext): RouteReply {
  const { urls = [] } = parseCcmBody(ctx, PrefetchBody);
  const perCall = ctx.state.quotas.prefetchUrlsPerCall;
  if (urls.length === 0) throw ccmFailure('urls cannot be empty.');
  if (urls.length > perCall)
    throw ccmFailure(`${urls.length} urls submitted; at most ${perCall} per request.`);
  for (const url of urls) {
    const domain = targetDomain(ctx.account, url, MAX_URL_LENGTH);
    if (!domain.enabled) {
      throw ccmFailure(`${url}: ${domain.domainName} is disabled; enable it before prefetching.`);
    }
  }
  chargeToday(ctx.account, ctx.state.quotas, { fetch: urls.length }, ctx.now);
  const itemId = randomUUID();
  for (const url of urls)
    ctx.account.items.push({ itemId, kind: 'fetch', url, isDir: 0, createdAt: ctx.now });
  return { status: 200, body: { Code: 1, Message: 'success', itemId } };
}
