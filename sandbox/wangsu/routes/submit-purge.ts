import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ccmFailure } from '../api-error.ts';
import { chargeToday } from '../quotas.ts';
import { MAX_DIR_LENGTH, MAX_URL_LENGTH, targetDomain } from './content-targets.ts';
import { parseCcmBody } from './parse-body.ts';
import type { RouteContext, RouteReply } from './route-context.ts';

const PurgeBody = z.object({
  urls: z.array(z.string()).optional(),
  dirs: z.array(z.string()).optional(),
  /** `default` uses the domain's configured action; `expire` revalidates with the origin. */
  urlAction: z.enum(['default', 'delete', 'expire']).optional(),
  dirAction: z.enum(['expire', 'delete']).optional(),
});

/**
 * `POST /ccm/purge/ItemIdReceiver`: one item per URL and directory, all sharing one `itemId`. Every refusal is HTTP
 * 200 `{"Code":0,"Message"}` and nothing is charged: both lists empty, more than 500 in total, `dirAction: delete`
 * (disabled by default, reference §2.3), a URL or directory that is malformed or not this account's, or today's
 * URL or directory limit.
 */
export function submitPurge(ctx: RouteContext): RouteReply {
  const { urls = [], dirs = [], dirAction } = parseCcmBody(ctx, PurgeBody);
  const perCall = ctx.state.quotas.purgeItemsPerCall;
  if (urls.length === 0 && dirs.length === 0) throw ccmFailure('urls and dirs cannot both be empty.');
  if (urls.length + dirs.length > perCall) {
    throw ccmFailure(`${urls.length + dirs.length} urls and dirs submitted; at most ${perCall} per request.`);
  }
  if (dirs.length > 0 && dirAction === 'delete') {
    throw ccmFailure(
      'dirAction "delete" is disabled for this account (it is high risk); use "expire", or ask Wangsu support to enable it.',
    );
  }
  for (const url of urls) targetDomain(ctx.account, url, MAX_URL_LENGTH);
  for (const dir of dirs) {
    const domain = targetDomain(ctx.account, dir, MAX_DIR_LENGTH);
    const root = new RegExp(`^https?://${domain.domainName.replaceAll('.', '\\.')}(:\\d+)?/`, 'i');
    if (!root.test(dir) || !dir.endsWith('/')) {
      throw ccmFailure(
        `${dir}: a directory must start with http(s)://${domain.domainName}/ and end with "/".`,
      );
    }
  }
  chargeToday(ctx.account, ctx.state.quotas, { purgeUrl: urls.length, purgeDir: dirs.length }, ctx.now);
  const itemId = randomUUID();
  for (const url of urls)
    ctx.account.items.push({ itemId, kind: 'purge', url, isDir: 0, createdAt: ctx.now });
  for (const url of dirs)
    ctx.account.items.push({ itemId, kind: 'purge', url, isDir: 2, createdAt: ctx.now });
  return { status: 200, body: { Code: 1, Message: 'success', itemId } };
}
