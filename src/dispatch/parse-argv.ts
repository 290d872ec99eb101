import { UsageError } from '../errors.ts';

export type FlagKind = 'boolean' | 'string' | 'string[]';

/** A command's options by name as users write them after `--`, e.g. `{ dir: 'boolean', 'dry-run': 'boolean' }`. */
export type FlagSpec = Readonly<Record<string, FlagKind>>;

export type FlagValue<K extends FlagKind> = K extends 'boolean'
  ? boolean
  : K extends 'string'
    ? string
    : string[];

/**
 * The tokens of one command: options under the spec's own spelling (`'dry-run'`), absent when not given, and
 * everything else in order as `positionals`. A spec key named `positionals` is ignored.
 */
export type ParsedArgv<F extends FlagSpec> = { positionals: string[] } & {
  -readonly [K in Exclude<keyof F, 'positionals'>]?: FlagValue<F[K]>;
};

const COMMA = /[,\uFF0C]/;
const URL_START = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Reads the options in `tokens` (usually from `tokenize`) against `flags`:
 *
 * - `--name value` and `--name=value`; names match case-insensitively (`--Dry-Run`);
 * - `boolean`: `--name` is true, `--name=true|false` sets it, any other value is refused;
 * - `string`: one value, required; giving two different values is refused;
 * - `string[]`: may repeat, and each value is a comma list (`--metric flux,bandwidth`); a value ending in a comma
 *   goes on in the next token (`--metric flux, bandwidth`);
 * - `--` ends the options, and a lone `-` is a positional.
 *
 * `tokenize` leaves the word after an option whole because it may be that option's value; when the option is a
 * boolean that word is positionals after all, and is split into a list here the way `tokenize` would have.
 *
 * @throws UsageError naming the option and showing the command's options and usage; never anything else.
 */
export function parseArgv<F extends FlagSpec>(
  tokens: readonly string[],
  flags: F,
  context: ArgvContext,
): ParsedArgv<F> {
  const byName = new Map<string, string>();
  for (const key of Object.keys(flags)) {
    // `positionals` is where the positionals go; an option of that name could overwrite them.
    if (key !== 'positionals') byName.set(key.toLowerCase(), key);
  }
  const state: ArgvState = { tokens, next: 0, values: {}, positionals: [], context };
  while (state.next < tokens.length) {
    const token = tokens[state.next++]!;
    if (token === '--') {
      state.positionals.push(...tokens.slice(state.next));
      break;
    }
    if (!isOption(token)) {
      state.positionals.push(token);
      continue;
    }
    const equals = token.indexOf('=');
    const typed = equals < 0 ? token : token.slice(0, equals);
    const key = typed.startsWith('--') ? byName.get(typed.slice(2).toLowerCase()) : undefined;
    if (key === undefined) throw unknownOption(typed, flags, context);
    const option: Option = {
      key,
      name: `--${key}`,
      typed,
      inline: equals < 0 ? undefined : token.slice(equals + 1),
    };
    READERS[flags[key]!](option, state);
  }
  // The spec's keys and kinds are what give `values` its shape; TypeScript cannot follow that through the loop.
  return { ...state.values, positionals: state.positionals } as ParsedArgv<F>;
}

export interface ArgvContext {
  /** The subcommand, e.g. `purge`. */
  command: string;
  /** Its usage line, whole (`/cdn purge <url>...`) or only what follows the name (`<url>... [--dir]`). */
  usage: string;
}

interface ArgvState {
  readonly tokens: readonly string[];
  /** Index of the next token to read. */
  next: number;
  readonly values: Record<string, boolean | string | string[]>;
  readonly positionals: string[];
  readonly context: ArgvContext;
}

interface Option {
  /** The spec's spelling, e.g. `dry-run`. */
  readonly key: string;
  /** `--` and the spec's spelling, for messages. */
  readonly name: string;
  /** What the user wrote before any `=`, e.g. `--Dry-Run`. */
  readonly typed: string;
  /** The value after `=`, if written that way. */
  readonly inline: string | undefined;
}

const READERS: Readonly<Record<FlagKind, (option: Option, state: ArgvState) => void>> = {
  boolean: readBoolean,
  string: readString,
  'string[]': readList,
};

function readBoolean({ key, name, typed, inline }: Option, state: ArgvState): void {
  if (inline === undefined) {
    state.values[key] = true;
    const next = state.tokens[state.next];
    if (next !== undefined && !isOption(next) && next !== '--' && COMMA.test(next)) {
      state.positionals.push(...splitPositionals(next));
      state.next++;
    }
  } else if (/^(true|false)$/i.test(inline)) {
    state.values[key] = inline.toLowerCase() === 'true';
  } else {
    throw new UsageError(
      `\`${state.context.command}\` option ${name} does not take a value (got ${typed}=${inline})`,
      `Write ${name} on its own, or ${name}=false to turn it off. ${usageLine(state.context)}`,
    );
  }
}

function readString({ key, name, inline }: Option, state: ArgvState): void {
  const value = inline ?? takesValue(state.tokens[state.next]);
  // `--account=` is more likely a slip than a wish for an empty value; `--account ""` says it on purpose.
  if (value === undefined || (value === '' && inline !== undefined)) {
    throw missingValue(name, 'string', state.context);
  }
  if (inline === undefined) state.next++;
  const earlier = state.values[key];
  if (typeof earlier === 'string' && earlier !== value) {
    throw new UsageError(
      `\`${state.context.command}\` takes one ${name}, got ${earlier} and ${value}`,
      `Give ${name} once. ${usageLine(state.context)}`,
    );
  }
  state.values[key] = value;
}

function readList({ key, name, inline }: Option, state: ArgvState): void {
  let value = inline ?? takesValue(state.tokens[state.next]);
  if (inline === undefined && value !== undefined) state.next++;
  const items: string[] = [];
  while (value !== undefined) {
    items.push(...splitList(value));
    // `--metric flux, bandwidth`: the trailing comma says the list goes on in the next token.
    const next = /[,\uFF0C]\s*$/.test(value) ? takesValue(state.tokens[state.next]) : undefined;
    if (next !== undefined) state.next++;
    value = next;
  }
  if (items.length === 0) throw missingValue(name, 'string[]', state.context);
  const earlier = state.values[key];
  state.values[key] = Array.isArray(earlier) ? [...earlier, ...items] : items;
}

/** `--name…`, and `-name` (refused later, with a hint at `--name`); not `-`, `-1` or `--`. */
function isOption(token: string): boolean {
  return (token.startsWith('--') && token.length > 2) || /^-\p{L}/u.test(token);
}

/** The next token as an option's value, unless there is none or it is itself an option (or `--`). */
function takesValue(next: string | undefined): string | undefined {
  return next === undefined || next.startsWith('--') ? undefined : next;
}

function splitList(value: string): string[] {
  return value
    .split(COMMA)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Positionals after a boolean option, split as `tokenize` splits lists: inside a URL only before a new URL. */
function splitPositionals(token: string): string[] {
  if (!URL_START.test(token)) return splitList(token);
  return token
    .split(/[,\uFF0C](?=[a-z][a-z0-9+.-]*:\/\/)/i)
    .map((item) => item.replace(/[,\uFF0C\s]+$/, ''))
    .filter((item) => item !== '');
}

function missingValue(name: string, kind: FlagKind, context: ArgvContext): UsageError {
  const example = kind === 'string[]' ? `${name} <value> (several: ${name} a,b)` : `${name} <value>`;
  return new UsageError(
    `\`${context.command}\` option ${name} needs a value`,
    `Write ${example}. ${usageLine(context)}`,
  );
}

function unknownOption(typed: string, flags: FlagSpec, context: ArgvContext): UsageError {
  const names = Object.keys(flags).filter((key) => key !== 'positionals');
  const suggestion = closestName(typed.replace(/^-+/, '').toLowerCase(), names);
  const options = names.map((key) => {
    const kind = flags[key];
    return kind === 'boolean' ? `--${key}` : kind === 'string' ? `--${key} <value>` : `--${key} <list>`;
  });
  const hint = [
    suggestion === undefined ? undefined : `Did you mean --${suggestion}?`,
    options.length === 0
      ? `\`${context.command}\` takes no options.`
      : `\`${context.command}\` takes ${options.join(', ')}.`,
    usageLine(context),
  ];
  return new UsageError(
    `\`${context.command}\` has no option ${typed}`,
    hint.filter((part) => part !== undefined).join(' '),
  );
}

/**
 * The option a mistyped name most likely meant: the only one it is a prefix of (`--acc`), else the nearest by edit
 * distance with transpositions (`--dryrun`, `--dri`) when near enough to be a typo rather than another word.
 */
function closestName(typed: string, names: readonly string[]): string | undefined {
  if (typed === '') return undefined;
  const prefixed = names.filter((name) => name.toLowerCase().startsWith(typed));
  if (typed.length >= 2 && prefixed.length === 1) return prefixed[0];
  const limit = Math.max(1, Math.floor(typed.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const name of names) {
    const distance = editDistance(typed, name.toLowerCase());
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return best;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
function editDistance(a: string, b: string): number {
  // Typed names can be arbitrarily long; past this they are not typos of an option anyway.
  if (Math.abs(a.length - b.length) > 3 || a.length > 64) return Number.POSITIVE_INFINITY;
  let previous2: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        distance = Math.min(distance, previous2[j - 2]! + 1);
      }
      current.push(distance);
    }
    previous2 = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/** `Usage: /cdn purge <url>... [--dir]`, whether `usage` is the whole line or only what follows the name. */
function usageLine(context: ArgvContext): string {
  const usage = context.usage.trim();
  const line = usage.startsWith('/')
    ? usage
    : usage === context.command || usage.startsWith(`${context.command} `)
      ? `/cdn ${usage}`
      : `/cdn ${context.command} ${usage}`.trimEnd();
  return `Usage: \`${line}\``;
}
