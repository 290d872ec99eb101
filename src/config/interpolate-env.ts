import type { Problem } from './format-problems.ts';

/** `$${` (a literal `${`), or `${NAME}`; group 2 is empty when the closing brace is missing. */
const REFERENCE = /\$\$\{|\$\{([^}]*)(\}?)/g;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface InterpolateResult {
  value: unknown;
  /** One per reference that could not be resolved, at the key path of the string that holds it. */
  problems: Problem[];
}

/**
 * Replaces `${NAME}` in every string value of a parsed YAML tree with `env[NAME]`; `$${` stands for a literal `${`.
 * It runs on the parsed tree rather than the file's text so a variable's value is always a plain string and can
 * never add YAML structure. Keys are left alone. A string with an unresolved reference is kept as written, so
 * the caller can ignore schema complaints about it and report only the missing variable.
 */
export function interpolateEnv(
  tree: unknown,
  env: Readonly<Record<string, string | undefined>>,
): InterpolateResult {
  const problems: Problem[] = [];

  function visit(node: unknown, path: PropertyKey[]): unknown {
    if (typeof node === 'string') return substitute(node, path);
    if (Array.isArray(node)) return node.map((item, index) => visit(item, [...path, index]));
    if (isPlainObject(node)) {
      return Object.fromEntries(
        Object.entries(node).map(([key, value]) => [key, visit(value, [...path, key])]),
      );
    }
    return node;
  }

  function substitute(text: string, path: PropertyKey[]): string {
    const before = problems.length;
    const result = text.replace(
      REFERENCE,
      (match: string, name: string | undefined, close: string | undefined) => {
        if (name === undefined) return `\${`;
        if (close === '') {
          problems.push({ path, message: `unterminated \${ (no closing }); write $\${ for a literal \${` });
        } else if (!VARIABLE_NAME.test(name)) {
          problems.push({
            path,
            message: `\${...} must name an environment variable (letters, digits and _); write $\${ for a literal \${`,
          });
        } else {
          const value = env[name];
          if (value === undefined) {
            problems.push({ path, message: `environment variable ${name} is not set` });
          } else if (value.trim() === '') {
            problems.push({ path, message: `environment variable ${name} is empty` });
          } else {
            return value;
          }
        }
        return match;
      },
    );
    return problems.length === before ? result : text;
  }

  return { value: visit(tree, []), problems };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
