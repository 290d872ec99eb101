import { UsageError } from '../errors.ts';
import type { CacheRule } from '../providers/types.ts';
import { parseDuration } from './parse-duration.ts';

/** Tencent's longest CacheTime, 365 days (tencent-cdn.md §4, SimpleCacheRule). */
const MAX_SECONDS = 365 * 86_400;

const FORMS_HINT =
  'Write key=time rules, e.g. `all=30d .jpg,.js=1h /static/=10m /about.html=0 /=10m` ' +
  '(keys: all, file suffixes, a /directory/, a /full/path.html, / for the home page; ' +
  'times: 90s, 10m, 1h, 30d, 2w or seconds, 0 = no cache, at most 365d), ' +
  'or the legacy list `[[0,"all",2592000],[1,".jpg;.js",3600],[2,"/static",600],[3,"/about.html",0]]` ' +
  '(type 0 all, 1 file suffixes, 2 directories, 3 full paths; times in seconds).';

const DUPLICATE_HINT = 'Give each key once: one file, directory or path cannot have two cache times.';

// Rules never contain quotes, so every kind is dropped: straight, Slack's smart ones, and the `\"` of the legacy
// CLI's shell example. Backticks go too, in case the rules were pasted as `code`.
const QUOTES = /\\?["'`\u201C\u201D\u201E\u201F\u2033\uFF02\u2018\u2019\u201A\u201B\u2032]/g;
const SEPARATORS = /[\s,\uFF0C;\uFF1B]+/;
const SUFFIX = /^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*$/i;
const NOT_IN_PATHS = /[*?#]/;

type Kind = 'all' | 'file' | 'directory' | 'path' | 'index';

const KIND_NAMES: Readonly<Record<Kind, string>> = {
  all: 'all',
  file: 'file suffixes',
  directory: 'directories',
  path: 'paths',
  index: 'the home page',
};

/** One rule as read, before the checks that need every rule. */
interface Draft {
  /** How messages name the rule: `` `.jpg,.js=1h` `` or `` rule 2 `[1,".jpg;.js",2000]` ``. */
  ref: string;
  kind: Kind;
  /** CacheContents, already in Tencent's form (`jpg`, `/www/html`). */
  items: string[];
  /** The items as the user would recognise them (`.jpg`), for messages. */
  shown: string[];
  seconds: number;
}

/**
 * Reads the cache rules of `/cdn cache <domain> set <rules>`: the words after `set`, joined with spaces. Two forms
 * are accepted, because both get pasted:
 *
 * - key=time, e.g. `all=30d .jpg,.js=1h /www/html/=50m /a/b.html=0 /=10m`. A key is `all`, file suffixes each
 *   starting with `.` (separated by commas, `;` or spaces), a directory (`/x/`, or `/x` when its last segment has
 *   no dot), a full path (`/x/y.ext`) or `/` for the home page. A time is `<n>s|m|h|d|w` or plain seconds; `0`
 *   means do not cache.
 * - the legacy v2 UpdateCache list `[[type,"rule",seconds],...]` (tencent-cdn.md §1.4 and §3): type 0 all (rule
 *   `all`), 1 suffixes `.jpg;.js`, 2 directories `/a;/b`, 3 full paths. The tokenizer may already have split it
 *   at commas and dropped its quotes, so commas, spaces and quotes (smart ones too) are all optional.
 *
 * The result is in Tencent's SimpleCacheRule terms, in the order given: `all` → `['*']`, suffixes without their
 * dot (`['jpg','js']`), directories without a trailing slash, the home page as `index` `['/']`.
 *
 * @throws UsageError naming the offending rule when a rule cannot be read, a time is over 365 days (Tencent's
 *   limit), a key appears twice, or there is no rule at all; the hint shows both forms.
 */
export function parseCacheRules(text: string): CacheRule[] {
  const cleaned = text
    .replace(QUOTES, '')
    .replace(/\uFF1D/g, '=')
    .replace(/\uFF3B/g, '[')
    .replace(/\uFF3D/g, ']')
    .trim();
  const drafts = cleaned.startsWith('[') ? readListForm(cleaned) : readKeyForm(cleaned);
  if (drafts.length === 0) throw new UsageError('No cache rules were given.', FORMS_HINT);
  checkDuplicates(drafts);
  return drafts.map((draft) => ({
    type: draft.kind,
    contents: draft.kind === 'all' ? ['*'] : draft.items,
    seconds: draft.seconds,
  }));
}

function readKeyForm(text: string): Draft[] {
  // `all = 30d` arrives as three words; a key list may be spread over several (`.jpg, .js=1h`).
  const words = text
    .replace(/\s*=\s*/g, '=')
    .split(SEPARATORS)
    .filter((word) => word !== '');
  const drafts: Draft[] = [];
  let pending: string[] = [];
  for (const word of words) {
    const equals = word.lastIndexOf('=');
    if (equals < 0) {
      // `all 30d`: the time is there, only the `=` is missing.
      if (pending.length > 0 && parseDuration(word) !== undefined) {
        throw new UsageError(
          `\`${[...pending, word].join(' ')}\` has no \`=\`; write \`${pending.join(',')}=${word}\`.`,
          FORMS_HINT,
        );
      }
      pending.push(word);
      continue;
    }
    const keys = [...pending, word.slice(0, equals)].filter((key) => key !== '');
    const value = word.slice(equals + 1);
    pending = [];
    const ref = `\`${keys.join(',')}=${value}\``;
    if (keys.length === 0) throw new UsageError(`${ref} has no key.`, FORMS_HINT);
    if (value === '') throw new UsageError(`${ref} has no time.`, FORMS_HINT);
    drafts.push(keyRule(keys, value, ref));
  }
  if (pending.length > 0) throw new UsageError(`\`${pending.join(' ')}\` has no time.`, FORMS_HINT);
  return drafts;
}

function keyRule(keys: readonly string[], value: string, ref: string): Draft {
  const read = keys.map((key) => readKey(key, ref));
  const kinds = [...new Set(read.map((key) => key.kind))];
  if (kinds.length > 1) {
    throw new UsageError(
      `${ref} mixes ${joinAnd(kinds.map((kind) => KIND_NAMES[kind]))}; give each its own rule.`,
      FORMS_HINT,
    );
  }
  return {
    ref,
    kind: kinds[0]!,
    items: read.map((key) => key.item),
    shown: read.map((key) => key.shown),
    seconds: readTime(value, ref),
  };
}

function readKey(key: string, ref: string): { kind: Kind; item: string; shown: string } {
  if (key.toLowerCase() === 'all' || key === '*') return { kind: 'all', item: '*', shown: 'all' };
  if (key === '/') return { kind: 'index', item: '/', shown: '/' };
  if (key.startsWith('.')) return { kind: 'file', item: checkSuffix(key.slice(1), key, ref), shown: key };
  if (key.startsWith('/')) {
    const last = key.slice(key.lastIndexOf('/') + 1);
    const kind = last === '' || !last.includes('.') ? 'directory' : 'path';
    const item = checkPath(key, kind, ref);
    return { kind, item, shown: item };
  }
  const suggestion = /^[a-z0-9]{1,10}$/i.test(key) ? `; for a file suffix write \`.${key}\`` : '';
  throw new UsageError(`${ref}: \`${key}\` is not a cache key${suggestion}.`, FORMS_HINT);
}

function readListForm(text: string): Draft[] {
  let body = text;
  if (/^\[\s*\]$/.test(body)) return [];
  if (/^\[\s*\[/.test(body)) {
    if (!/\]\s*\]$/.test(body)) {
      throw new UsageError('The list of rules starts with `[[` but does not end with `]]`.', FORMS_HINT);
    }
    body = body.slice(1, -1);
  }
  const drafts: Draft[] = [];
  let at = 0;
  for (;;) {
    while (at < body.length && /[\s,\uFF0C]/.test(body[at]!)) at++;
    if (at >= body.length) return drafts;
    if (body[at] !== '[') {
      const next = body.indexOf('[', at);
      const stray = body.slice(at, next < 0 ? undefined : next).replace(/[\s,\uFF0C]+$/, '');
      throw new UsageError(`\`${stray}\` is outside any [type,"rule",seconds] entry.`, FORMS_HINT);
    }
    const close = body.indexOf(']', at);
    const reopen = body.indexOf('[', at + 1);
    if (close < 0 || (reopen >= 0 && reopen < close)) {
      const entry = body.slice(at, reopen < 0 ? undefined : reopen).replace(/[\s,\uFF0C]+$/, '');
      throw new UsageError(`Rule ${drafts.length + 1} \`${entry}\` has no closing \`]\`.`, FORMS_HINT);
    }
    drafts.push(listRule(body.slice(at + 1, close), drafts.length + 1));
    at = close + 1;
  }
}

function listRule(inner: string, number: number): Draft {
  const fields = inner.split(/[\s,\uFF0C]+/).filter((field) => field !== '');
  if (fields.length < 3) {
    throw new UsageError(
      `Rule ${number} \`[${fields.join(',')}]\` is not [type,"rule",seconds].`,
      FORMS_HINT,
    );
  }
  const type = fields[0]!;
  const value = fields.at(-1)!;
  // A rule with commas in it (`".jpg,.js"`) came apart like the fields did; `;` is what v2 separates with.
  const rule = fields.slice(1, -1).join(';');
  const ref = `rule ${number} \`[${type},"${rule}",${value}]\``;
  const items = rule.split(/[;\uFF1B]/).filter((item) => item !== '');
  const draft = (kind: Kind, read: { item: string; shown: string }[]): Draft => {
    if (read.length === 0)
      throw new UsageError(`${capitalize(ref)} names no ${KIND_NAMES[kind]}.`, FORMS_HINT);
    return {
      ref,
      kind,
      items: read.map((entry) => entry.item),
      shown: read.map((entry) => entry.shown),
      seconds: readTime(value, ref),
    };
  };
  switch (type) {
    case '0':
      if (rule.toLowerCase() !== 'all' && rule !== '*') {
        throw new UsageError(`${capitalize(ref)}: type 0 takes the rule "all".`, FORMS_HINT);
      }
      return draft('all', [{ item: '*', shown: 'all' }]);
    case '1':
      return draft(
        'file',
        items.map((item) => {
          const suffix = checkSuffix(item.replace(/^\./, ''), item, ref);
          return { item: suffix, shown: `.${suffix}` };
        }),
      );
    case '2':
    case '3': {
      const kind = type === '2' ? 'directory' : 'path';
      return draft(
        kind,
        items.map((item) => {
          const path = checkPath(item, kind, ref);
          return { item: path, shown: path };
        }),
      );
    }
    default:
      throw new UsageError(
        `${capitalize(ref)}: type ${type} is not 0 (all), 1 (file suffixes), 2 (directories) or 3 (full paths).`,
        FORMS_HINT,
      );
  }
}

function checkSuffix(suffix: string, shown: string, ref: string): string {
  if (!SUFFIX.test(suffix))
    throw new UsageError(`${capitalize(ref)}: \`${shown}\` is not a file suffix.`, FORMS_HINT);
  return suffix;
}

/** A directory or full path as Tencent takes it; a directory loses its trailing slash (`/www/html/` → `/www/html`). */
function checkPath(path: string, kind: 'directory' | 'path', ref: string): string {
  if (!path.startsWith('/')) {
    throw new UsageError(
      `${capitalize(ref)}: \`${path}\` is not a ${kind}; it must start with \`/\`.`,
      FORMS_HINT,
    );
  }
  if (NOT_IN_PATHS.test(path)) {
    throw new UsageError(
      `${capitalize(ref)}: \`${path}\` is not a ${kind}; it cannot hold \`*\`, \`?\` or \`#\`.`,
      FORMS_HINT,
    );
  }
  if (kind === 'path') return path;
  const directory = path.replace(/\/+$/, '');
  if (directory === '') {
    throw new UsageError(
      `${capitalize(ref)}: \`${path}\` as a directory means every file; use the all rule.`,
      FORMS_HINT,
    );
  }
  return directory;
}

function readTime(value: string, ref: string): number {
  const seconds = parseDuration(value);
  if (seconds === undefined)
    throw new UsageError(`${capitalize(ref)}: \`${value}\` is not a time.`, FORMS_HINT);
  if (seconds > MAX_SECONDS) {
    throw new UsageError(
      `${capitalize(ref)}: ${value} is longer than 365 days, the longest Tencent CDN caches.`,
      'Write 365d or less; 0 means do not cache.',
    );
  }
  return seconds;
}

/** The same file suffix, directory or path in two places would leave its cache time to rule order: refuse it. */
function checkDuplicates(drafts: readonly Draft[]): void {
  const seen = new Map<string, Draft>();
  for (const draft of drafts) {
    const inRule = new Set<string>();
    draft.items.forEach((item, index) => {
      const key = `${draft.kind}\u0000${item}`;
      const shown = draft.shown[index]!;
      if (inRule.has(key)) throw new UsageError(`\`${shown}\` is twice in ${draft.ref}.`, DUPLICATE_HINT);
      inRule.add(key);
      const earlier = seen.get(key);
      if (earlier) {
        throw new UsageError(
          `\`${shown}\` is in two rules: ${earlier.ref} and ${draft.ref}.`,
          DUPLICATE_HINT,
        );
      }
      seen.set(key, draft);
    });
  }
}

function capitalize(ref: string): string {
  return ref.startsWith('rule ') ? `R${ref.slice(1)}` : ref;
}

function joinAnd(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
