import type { z } from 'zod';
import { ApiError } from './api-error.ts';

type Issue = z.core.$ZodIssue;

/**
 * Parses action parameters, answering the way Tencent's common error codes divide the blame:
 * `MissingParameter` (a required one is absent), `UnknownParameter` (one the action does not define),
 * `InvalidParameter` (wrong type) and `InvalidParameterValue` (right type, value out of range or not allowed).
 * Nested names are dotted, as Tencent prints them: `Filters.0.Name`.
 */
export function parseParams<T extends z.ZodType>(schema: T, params: unknown): z.output<T> {
  const result = schema.safeParse(params, { reportInput: true });
  if (result.success) return result.data;
  const issues = [...result.error.issues].sort((a, b) => rank(a) - rank(b));
  throw toApiError(issues[0]!);
}

/** An absent required key: zod reports `invalid_type` for most schemas but `invalid_value` for enums. */
function isMissing(issue: Issue): boolean {
  return (issue.code === 'invalid_type' || issue.code === 'invalid_value') && issue.input === undefined;
}

function rank(issue: Issue): number {
  if (isMissing(issue)) return 0;
  if (issue.code === 'unrecognized_keys') return 1;
  if (issue.code === 'invalid_type') return 2;
  return 3;
}

function toApiError(issue: Issue): ApiError {
  const name = issue.path.map(String).join('.');
  if (isMissing(issue))
    return new ApiError('MissingParameter', `The request is missing a required parameter \`${name}\`.`);
  if (issue.code === 'unrecognized_keys') {
    const key = [name, issue.keys[0]].filter(Boolean).join('.');
    return new ApiError('UnknownParameter', `The parameter \`${key}\` is not recognized.`);
  }
  if (issue.code === 'invalid_type') {
    return new ApiError(
      'InvalidParameter',
      `The parameter \`${name}\` has the wrong type: ${issue.message}.`,
    );
  }
  return new ApiError(
    'InvalidParameterValue',
    `The value of parameter \`${name}\` is invalid: ${issue.message}.`,
  );
}
