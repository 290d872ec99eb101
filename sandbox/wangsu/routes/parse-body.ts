import type { z } from 'zod';
import { type ApiError, ccmFailure, classicError } from '../api-error.ts';
import type { RouteContext } from './route-context.ts';

type Issue = z.core.$ZodIssue;

/** `visit-control-rules[0].ip-control-rule: Unrecognized key: "forbiden-ips"`. */
function describeIssue(issue: Issue): string {
  const where = issue.path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
  return where === '' ? issue.message : `${where}: ${issue.message}`;
}

function parse<T extends z.ZodType>(
  ctx: RouteContext,
  schema: T,
  fail: (message: string) => ApiError,
): z.output<T> {
  const text = ctx.body.toString('utf8');
  let json: unknown;
  try {
    json = text.trim() === '' ? undefined : JSON.parse(text);
  } catch {
    throw fail('The request body is not valid JSON.');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw fail('The request body must be a JSON object.');
  }
  const result = schema.safeParse(json);
  if (!result.success) throw fail(result.error.issues.map(describeIssue).join('; '));
  return result.data;
}

/** A classic `/api/*` body: refusals are HTTP 400 `InvalidParameter`. */
export function parseClassicBody<T extends z.ZodType>(ctx: RouteContext, schema: T): z.output<T> {
  return parse(ctx, schema, (message) => classicError(400, 'InvalidParameter', message));
}

/** A content-API `/ccm/*` body: refusals are HTTP 200 `{"Code":0,"Message"}`. */
export function parseCcmBody<T extends z.ZodType>(ctx: RouteContext, schema: T): z.output<T> {
  return parse(ctx, schema, ccmFailure);
}
