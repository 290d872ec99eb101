/**
 * Schemas of the Wangsu open-API answers cdnops reads (reference wangsu-cdn.md §2). Classic APIs use kebab-case
 * keys; booleans and numbers sometimes arrive as strings, hence the lenient scalars.
 */
import * as z from 'zod';

/** `true`, `"true"`, `"Y"` all mean yes: the same flag arrives as any of them depending on the API. */
export const BoolLike = z
  .union([z.boolean(), z.string()])
  .transform(
    (value) => value === true || (typeof value === 'string' && /^(true|y|yes|1)$/i.test(value.trim())),
  );

export const NumberLike = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const number = Number(value);
  if (!Number.isFinite(number)) {
    ctx.addIssue({ code: 'custom', message: `expected a number, got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return number;
});

export const Text = z.union([z.string(), z.number()]).transform(String);

export const DomainSummary = z.object({
  'domain-name': z.string(),
  'domain-id': Text,
  cname: z.string().nullish(),
  'service-type': z.string().nullish(),
  /** Deployed | InProgress ("may be queued, deploying or failed"). */
  status: z.string().nullish(),
  'cdn-service-status': BoolLike.nullish(),
  enabled: BoolLike.nullish(),
  'last-modified': z.string().nullish(),
});
export type DomainSummary = z.infer<typeof DomainSummary>;

/**
 * GET /api/domain answers in one of three wrappers seen in the wild (reference §2.1): `{"domain-list":[…]}`
 * (Python SDK), a bare array (scripts), or `{"domain-summary":[…]}` (/api/domainlist). XML-converted clients also
 * show `{"domain-list":{"domain-summary":[…]}}`. All four end up as one list here.
 */
export const DomainList = z
  .union([
    z.array(DomainSummary),
    z.object({ 'domain-list': z.array(DomainSummary) }),
    z.object({ 'domain-summary': z.array(DomainSummary) }),
    z.object({ 'domain-list': z.object({ 'domain-summary': z.array(DomainSummary) }) }),
  ])
  .transform((value) => {
    if (Array.isArray(value)) return value;
    if ('domain-summary' in value) return value['domain-summary'];
    const list = value['domain-list'];
    return Array.isArray(list) ? list : list['domain-summary'];
  });

export const DomainDetail = DomainSummary.extend({
  'origin-config': z
    .object({
      'origin-ips': z.string().nullish(),
      'default-origin-host-header': z.string().nullish(),
    })
    .loose()
    .nullish(),
  'service-areas': z.string().nullish(),
});
export type DomainDetail = z.infer<typeof DomainDetail>;

const Rule = z.record(z.string(), z.unknown());

/**
 * One visit-control group. Parsed loosely on purpose: a PUT sends the whole list back, so every field Wangsu sent
 * (including ones cdnops does not model, like region or cookie rules) must survive the round trip.
 */
export const VisitControlRule = z
  .object({
    'data-id': Text.nullish(),
    'path-pattern': z.string().nullish(),
    'except-path-pattern': z.string().nullish(),
    'custom-pattern': z.string().nullish(),
    'file-type': z.string().nullish(),
    'custom-file-type': z.string().nullish(),
    'specify-url-pattern': z.string().nullish(),
    directory: z.string().nullish(),
    'except-file-type': z.string().nullish(),
    'except-custom-file-type': z.string().nullish(),
    'except-directory': z.string().nullish(),
    'control-action': Text.nullish(),
    'rewrite-to': z.string().nullish(),
    priority: NumberLike.nullish(),
    'ip-control-rule': Rule.nullish(),
    'referer-control-rule': Rule.nullish(),
    'ua-control-rule': Rule.nullish(),
  })
  .loose();
export type VisitControlRule = z.infer<typeof VisitControlRule>;

export const VisitControl = z.object({
  'visit-control-rules': z.array(VisitControlRule).nullish(),
});

export const CacheTimeBehavior = z
  .object({
    'data-id': Text.nullish(),
    'path-pattern': z.string().nullish(),
    'custom-pattern': z.string().nullish(),
    'file-type': z.string().nullish(),
    'custom-file-type': z.string().nullish(),
    'specify-url-pattern': z.string().nullish(),
    directory: z.string().nullish(),
    'cache-ttl': Text.nullish(),
    'ignore-cache-control': BoolLike.nullish(),
    'is-respect-server': BoolLike.nullish(),
    priority: NumberLike.nullish(),
  })
  .loose();
export type CacheTimeBehavior = z.infer<typeof CacheTimeBehavior>;

export const CacheTime = z.object({
  'cache-time-behaviors': z.array(CacheTimeBehavior).nullish(),
});

export const AsyncResult = z.object({
  'async-result': z.string(),
  'async-message': z.string().nullish(),
});

/** /ccm answers HTTP 200 with `Code` 1 for success and 0 for failure (capital C and M). */
export const CcmSubmit = z.object({
  Code: NumberLike,
  Message: z.string().nullish(),
  itemId: Text.nullish(),
});

export const CcmItem = z.object({
  url: z.string(),
  status: z.string(),
  isDir: NumberLike.nullish(),
  createTime: z.string().nullish(),
});
export type CcmItem = z.infer<typeof CcmItem>;

export const CcmQuery = z.object({
  Code: NumberLike,
  Message: z.string().nullish(),
  count: NumberLike.nullish(),
  resultDetail: z.array(CcmItem).nullish(),
});

/** /ccm/upperQuery uses lower-case `code`, and 0 means success there. */
export const PurgeLimits = z.object({
  code: NumberLike,
  message: z.string().nullish(),
  urlUpper: NumberLike,
  urlRemain: NumberLike,
  dirUpper: NumberLike,
  dirRemain: NumberLike,
});

export const FetchLimits = z.object({
  code: NumberLike,
  message: z.string().nullish(),
  fetchUpper: NumberLike,
  fetchRemain: NumberLike,
});
