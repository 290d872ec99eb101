import * as z from 'zod';
import { nearestWord } from '../util/nearest-word.ts';

/** One thing wrong with the settings: where (a key path into the env or the config file) and what. */
export interface Problem {
  path: readonly PropertyKey[];
  message: string;
}

/**
 * Turns problems into the lines start-up prints: `channels.C0123.role: must be one of viewer, operator, admin`.
 * `root` names the whole document, for problems with an empty path (e.g. the file is a list, not a mapping).
 */
export function formatProblems(problems: readonly Problem[], root: string): string[] {
  return problems.map((problem) => `${formatPath(problem.path, root)}: ${problem.message}`);
}

export function formatPath(path: readonly PropertyKey[], root: string): string {
  return path.length === 0 ? root : path.map(String).join('.');
}

/**
 * Zod issues as problems. An object with several unknown keys gives one problem per key, with the key in the path,
 * so every line names the key to fix. settingsErrorMap words such an issue as one line per key, in the order of
 * `keys`, so each key keeps its own suggestion.
 */
export function problemsFromZod(error: z.ZodError): Problem[] {
  return error.issues.flatMap((issue): Problem[] => {
    if (issue.code !== 'unrecognized_keys') return [{ path: issue.path, message: issue.message }];
    const lines = issue.message.split('\n');
    const perKey = lines.length === issue.keys.length;
    return issue.keys.map((key, index) => ({
      path: [...issue.path, key],
      message: perKey ? (lines[index] ?? issue.message) : issue.message,
    }));
  });
}

/**
 * Parse-time error map (`schema.safeParse(input, { error: settingsErrorMap })`) that words zod's built-in issues for
 * people editing YAML. Messages given on a schema still win over this map. No message here repeats the value it
 * received: the value may be a secret typed into the wrong place.
 */
export function settingsErrorMap(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? 'required'
        : `expected ${describeExpected(issue.expected)}, got ${describeValue(issue.input)}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${String(issue.values[0])}`
        : `must be one of ${issue.values.map(String).join(', ')}${meantValue(issue.input, issue.values.map(String))}`;
    case 'unrecognized_keys': {
      const allowed = issue.inst instanceof z.ZodObject ? Object.keys(issue.inst.shape) : [];
      return issue.keys.map((key) => unknownKeyMessage(key, allowed)).join('\n');
    }
    case 'invalid_key':
      // The key's own schema explains the expected form (e.g. "must be a channel ID like C0123456789").
      return issue.issues[0]?.message ?? 'not an allowed key here';
    case 'invalid_union':
      if ('discriminator' in issue && Array.isArray(issue.options)) {
        return discriminatorMessage(String(issue.discriminator), issue.options.map(String), issue.input);
      }
      return 'does not match any of the allowed forms';
    case 'too_small':
      return describeSize('at least', issue.origin, issue.minimum);
    case 'too_big':
      return describeSize('at most', issue.origin, issue.maximum);
    case 'invalid_format':
      if (issue.format === 'url') return 'must be a URL such as https://example.com/';
      if (issue.format === 'starts_with' && 'prefix' in issue)
        return `must start with ${String(issue.prefix)}`;
      return 'has the wrong format';
    default:
      return undefined;
  }
}

function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  const nearest = nearestWord(key, allowed);
  if (nearest !== undefined) return `unknown key; did you mean \`${nearest}\`?`;
  return allowed.length > 0 ? `unknown key; allowed here: ${allowed.join(', ')}` : 'unknown key';
}

/**
 * `input` is the whole object (zod reports the issue at the discriminator's path). When the discriminator is missing
 * and a key beside it is a typo of it (`kid: tencent`), that key is named: the object fails on `kind` alone, so zod
 * never reports the typo as unknown. Its value is repeated only when it is one of the options, never anything else.
 */
function discriminatorMessage(discriminator: string, options: readonly string[], input: unknown): string {
  const fields = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const list = options.join(', ');
  if (fields[discriminator] !== undefined)
    return `must be one of ${list}${meantValue(fields[discriminator], options)}`;
  const typo = Object.keys(fields).find((key) => nearestWord(key, [discriminator]) !== undefined);
  if (typo === undefined) return `required; one of ${list}`;
  const value = fields[typo];
  const meant =
    typeof value === 'string' && options.includes(value) ? `${discriminator}: ${value}` : discriminator;
  return `required; one of ${list}. The unknown key \`${typo}\` looks like a typo: did you mean \`${meant}\`?`;
}

/**
 * `; did you mean \`admin\`?` when a mistyped value is close to one allowed: it names the allowed value only, never
 * the one received.
 */
function meantValue(input: unknown, allowed: readonly string[]): string {
  const nearest = typeof input === 'string' ? nearestWord(input, allowed) : undefined;
  return nearest === undefined ? '' : `; did you mean \`${nearest}\`?`;
}

function describeSize(bound: string, origin: string, limit: number | bigint): string {
  if (origin === 'string') {
    return bound === 'at least' && Number(limit) === 1
      ? 'must not be empty'
      : `must be ${bound} ${limit} characters`;
  }
  if (origin === 'array' || origin === 'set') return `must list ${bound} ${limit}`;
  return `must be ${bound} ${limit}`;
}

function describeExpected(expected: string): string {
  switch (expected) {
    case 'object':
    case 'record':
    case 'map':
      return 'a mapping (key: value)';
    case 'array':
    case 'tuple':
    case 'set':
      return 'a list';
    case 'string':
      return 'text';
    case 'number':
    case 'int':
      return 'a number';
    case 'boolean':
      return 'true or false';
    default:
      return expected;
  }
}

/** The kind of value found, never the value itself. */
function describeValue(input: unknown): string {
  if (input === null) return 'an empty value';
  if (Array.isArray(input)) return 'a list';
  switch (typeof input) {
    case 'object':
      return 'a mapping';
    case 'string':
      return 'text';
    case 'number':
    case 'bigint':
      return 'a number';
    case 'boolean':
      return 'true/false';
    default:
      return typeof input;
  }
}
