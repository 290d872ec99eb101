import { isIP } from 'node:net';
import { z } from 'zod';
import { classicError } from '../api-error.ts';
import { submitAsyncRequest } from '../async-requests.ts';
import { requireDomain } from '../find-domain.ts';
import { requireNoPendingChange } from './change-domain-state.ts';
import { parseClassicBody } from './parse-body.ts';
import { acceptedReply, type RouteContext, type RouteReply } from './route-context.ts';

/** EditDomainConfig's `origin-config` limits (wangsu-sdk-go `EditDomainConfigRequestOriginConfig`, reference §2.1). */
const MAX_ORIGIN_IPS = 15;
const MAX_ORIGIN_CHARS = 500;
const MAX_HOST_HEADER_CHARS = 128;
const HOSTNAME = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(?:\.(?!-)[a-z0-9-]{1,63}(?<!-))*\.[a-z]{2,63}$/i;

/**
 * The body. `origin-config` is what the sandbox models; it is parsed loosely so a client may send back what it read
 * (advanced origin configs included). The other EditDomainConfig fields are accepted and left as they are.
 */
const Body = z.strictObject({
  version: z.string().optional(),
  comment: z.string().optional(),
  'service-areas': z.string().optional(),
  'cname-label': z.string().optional(),
  'header-of-clientip': z.string().optional(),
  'origin-config': z
    .object({
      'origin-ips': z.string().optional(),
      'default-origin-host-header': z.string().optional(),
    })
    .loose()
    .optional(),
});

function invalid(message: string): never {
  throw classicError(400, 'InvalidParameter', message);
}

/** `origin-ips`: IPs separated by `;` (at most 15), or one domain, never both; at most 500 characters. */
function checkOriginIps(value: string): void {
  if (value.length > MAX_ORIGIN_CHARS) invalid(`origin-ips is longer than ${MAX_ORIGIN_CHARS} characters.`);
  const items = value.split(';').map((item) => item.trim());
  if (items.length === 0 || items.some((item) => item === '')) invalid('origin-ips has an empty entry.');
  const ips = items.filter((item) => isIP(item) !== 0);
  if (ips.length === items.length) {
    if (ips.length > MAX_ORIGIN_IPS) invalid(`origin-ips has ${ips.length} IPs; at most ${MAX_ORIGIN_IPS}.`);
    return;
  }
  if (items.length > 1)
    invalid('origin-ips takes IPs separated by ";" or one domain, not both or several domains.');
  if (!HOSTNAME.test(items[0]!)) invalid(`origin-ips \`${items[0]}\` is neither an IP nor a domain name.`);
}

function checkHostHeader(value: string): void {
  if (value.length > MAX_HOST_HEADER_CHARS) {
    invalid(`default-origin-host-header is longer than ${MAX_HOST_HEADER_CHARS} characters.`);
  }
  if (value !== '' && isIP(value) === 0 && !HOSTNAME.test(value)) {
    invalid(`default-origin-host-header \`${value}\` is neither an IP nor a domain name.`);
  }
}

/**
 * `PUT /api/domain/{name or id}` (EditDomainConfig): 202 and a request id to follow; the origin settings apply at
 * once, so a GET right after shows them. A disabled domain refuses changes, and so does one whose enable, disable or
 * delete is still pending.
 */
export function editDomain(ctx: RouteContext): RouteReply {
  const domain = requireDomain(ctx.account, ctx.params[0] ?? '');
  const body = parseClassicBody(ctx, Body);
  const origin = body['origin-config'];
  if (origin?.['origin-ips'] !== undefined) checkOriginIps(origin['origin-ips']);
  if (origin?.['default-origin-host-header'] !== undefined)
    checkHostHeader(origin['default-origin-host-header']);
  if (!domain.enabled) {
    throw classicError(
      400,
      'DomainDisabled',
      `Domain ${domain.domainName} is disabled and cannot be modified; enable it first.`,
    );
  }
  requireNoPendingChange(ctx.account, domain, true);
  if (origin?.['origin-ips'] !== undefined) domain.originIps = origin['origin-ips'];
  if (origin?.['default-origin-host-header'] !== undefined) {
    domain.originHostHeader = origin['default-origin-host-header'];
  }
  if (body.comment !== undefined) domain.comment = body.comment;
  domain.lastModifiedAt = ctx.now;
  submitAsyncRequest(ctx.state, ctx.account, {
    requestId: ctx.requestId,
    kind: 'domain',
    domain,
    nowMs: ctx.now,
  });
  return acceptedReply(`${ctx.baseUrl}/api/domain/${domain.domainId}`);
}
