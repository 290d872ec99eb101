import { UsageError } from '../errors.ts';

/**
 * Where a character of the command text came from. Only `typed` characters can be whitespace, quotes or dashes
 * with a meaning; `link` characters come out of Slack markup (`<https://…>`, `<@U123>`) and `entity` characters
 * out of `&amp;` / `&lt;` / `&gt;`, so they are always text. Commas are the exception: a comma inside a link still
 * separates (Slack may turn `https://a.com/x,https://a.com/y` into one link).
 */
interface Piece {
  readonly char: string;
  readonly from: 'typed' | 'link' | 'entity';
}

interface QuoteFamily {
  readonly closers: ReadonlySet<string>;
}

// Straight and curly quotes of a kind close each other: a phone gives “…”, a pasted doc may end with a straight ".
const DOUBLE: QuoteFamily = { closers: new Set(['"', '“', '”']) };
const SINGLE: QuoteFamily = { closers: new Set(["'", '‘', '’']) };
const OPENERS: ReadonlyMap<string, QuoteFamily> = new Map([
  ['"', DOUBLE],
  ['“', DOUBLE],
  ["'", SINGLE],
  ['‘', SINGLE],
]);
const CANONICAL_CLOSER: Readonly<Record<string, string>> = { '"': '"', '“': '”', "'": "'", '‘': '’' };

// \s covers nbsp, the ideographic space and the other Unicode spaces; zero-width characters and controls are
// invisible in Slack and arrive in pasted text, so they separate words too.
const SEPARATOR = /^[\s\u200B-\u200D\u2060\u180E\uFEFF\p{Cc}]$/u;
const COMMAS = new Set([',', '，']);
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>' };
const SPECIAL_MENTIONS = new Set(['!here', '!channel', '!everyone']);

/**
 * Splits the `text` of a `/cdn` slash command into words, undoing what Slack did to it on the way:
 *
 * - markup becomes what the user meant: `<https://a.com/x|a.com/x>` → `https://a.com/x` (the label may be
 *   truncated), `<http://a.com|a.com>` → `a.com` (Slack added the `http://` to a bare domain), `<@U1|ann>` → `@U1`,
 *   `<#C1|ops>` → `#C1`, `<!subteam^S1|@ops>` → `S1`, `<mailto:a@b.c|a@b.c>` → `a@b.c`;
 * - `&amp;`, `&lt;`, `&gt;` are decoded;
 * - words are separated by any whitespace (nbsp and zero-width included) and by commas in lists: a comma separates
 *   when followed by whitespace or the end, when a new `scheme://` URL follows, or when the item is not a URL
 *   (`a.com,b.com`), so `https://a.com/x,y.js?v=1,2` stays whole;
 * - "…", '…', “…” and ‘…’ group words when they open a word; a quote inside a word is text (`it's`);
 * - a word starting with an em or en dash and a letter (phones autocorrect `--`) starts with `--` instead.
 *
 * Options are left for `parseArgv` to split: a word starting with `--` keeps its commas
 * (`--metric=flux,bandwidth`), and so does the word after an option without `=` (it may be that option's value,
 * `--metric flux,bandwidth`, or, after a boolean option, positionals that parseArgv splits). There only a comma
 * that starts a new URL separates, and a trailing comma is kept so a list can go on in the next word
 * (`--metric flux, bandwidth`).
 *
 * @throws UsageError for a quote that is never closed; never anything else.
 */
export function tokenize(text: string): string[] {
  const pieces = readSlackText(text);
  const closers = findClosers(pieces);
  const tokens: string[] = [];
  let afterOption = false;
  let i = 0;
  while (i < pieces.length) {
    if (isSeparator(pieces[i])) {
      i++;
      continue;
    }
    const word: string[] = [];
    i = readWord(pieces, i, { afterOption, closers }, word);
    afterOption = word.length === 1 && /^--[^=]+$/.test(word[0]!);
    tokens.push(...word);
  }
  return tokens;
}

function readSlackText(text: string): Piece[] {
  // Only Slack writes a raw `<`: what users type arrives as `&lt;`. A `<` that is not well-formed markup (or came
  // from the terminal twin) stays text.
  const markup = /<([^<>|\s]+)(?:\|([^<>\r\n]*))?>/y;
  const entity = /&(amp|lt|gt);/y;
  const pieces: Piece[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '<') {
      markup.lastIndex = i;
      const match = markup.exec(text);
      const resolved = match ? resolveMarkup(match[1]!, match[2]) : undefined;
      if (match && resolved !== undefined) {
        for (const char of resolved) pieces.push({ char, from: 'link' });
        i += match[0].length;
        continue;
      }
    } else if (text[i] === '&') {
      entity.lastIndex = i;
      const match = entity.exec(text);
      if (match) {
        pieces.push({ char: ENTITIES[match[1]!]!, from: 'entity' });
        i += match[0].length;
        continue;
      }
    }
    const char = String.fromCodePoint(text.codePointAt(i)!);
    pieces.push({ char, from: 'typed' });
    i += char.length;
  }
  return pieces;
}

/** What a piece of Slack markup stands for, or undefined when it is not markup Slack would send. */
function resolveMarkup(rawTarget: string, rawLabel: string | undefined): string | undefined {
  const target = decodeEntities(rawTarget);
  const label = rawLabel === undefined ? undefined : decodeEntities(rawLabel);
  if (target.startsWith('@') || target.startsWith('#')) return target.length > 1 ? target : undefined;
  if (target.startsWith('!')) {
    if (SPECIAL_MENTIONS.has(target)) return `@${target.slice(1)}`;
    const group = /^!subteam\^(.+)$/.exec(target);
    return group?.[1];
  }
  const mail = /^mailto:(.+)$/i.exec(target);
  if (mail) return mail[1];
  if (!/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined;
  // Slack links a bare `www.example.com` as `<http://www.example.com|www.example.com>`: give back what was typed,
  // so domain arguments stay domains. Any other label may be shortened, so the target is the truth.
  if (label !== undefined && target.slice(0, 7).toLowerCase() === 'http://' && target.slice(7) === label) {
    return label;
  }
  return target;
}

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_, name: string) => ENTITIES[name]!);
}

interface WordContext {
  /** The previous word was an option without `=`: this word may be its value. */
  readonly afterOption: boolean;
  readonly closers: Closers;
}

/** Reads one whitespace-delimited word starting at `start` into `out` (one or more items); returns where it ended. */
function readWord(pieces: readonly Piece[], start: number, context: WordContext, out: string[]): number {
  let i = start;
  // undefined until the item has content, so `""` still yields an (empty) item while `a,,b` yields two.
  let item: string | undefined;
  let atItemStart = true;
  if (isTyped(pieces[i], '—') || isTyped(pieces[i], '–')) {
    const next = pieces[i + 1];
    if (next?.from === 'typed' && /^\p{L}$/u.test(next.char)) {
      item = '--';
      atItemStart = false;
      i++;
    }
  }
  while (i < pieces.length && !isSeparator(pieces[i])) {
    const piece = pieces[i]!;
    const family = piece.from === 'typed' ? OPENERS.get(piece.char) : undefined;
    if (family && (atItemStart || /^--[^=]+=$/.test(item ?? ''))) {
      const close = context.closers.find(family, i);
      if (close === undefined) throw unclosedQuote(pieces, i);
      item = (item ?? '') + textOf(pieces, i + 1, close);
      atItemStart = false;
      i = close + 1;
      continue;
    }
    if (isComma(piece) && commaSeparates(pieces, i, item ?? '', context.afterOption)) {
      if (item !== undefined) out.push(item);
      item = undefined;
      atItemStart = true;
      i++;
      continue;
    }
    item = (item ?? '') + piece.char;
    atItemStart = false;
    i++;
  }
  if (item !== undefined) out.push(item);
  return i;
}

function commaSeparates(pieces: readonly Piece[], at: number, item: string, afterOption: boolean): boolean {
  // `--metric=flux,bandwidth`: the option's own list, split by parseArgv once it knows the option's kind.
  if (item.startsWith('--')) return false;
  const next = pieces[at + 1];
  if (next === undefined || isSeparator(next)) return !afterOption;
  if (SCHEME.test(textOf(pieces, at + 1, Math.min(pieces.length, at + 65), true))) return true;
  if (afterOption) return false;
  return !SCHEME.test(item);
}

interface Closers {
  /** The piece that closes a quote of `family` opened at `open`, or undefined when none does. */
  find(family: QuoteFamily, open: number): number | undefined;
}

/**
 * Precomputes, for each position, the next closing quote of each family, so many quotes cost linear time.
 * A closer followed by whitespace, a comma or the end wins (`'it's here'` is one item); failing that the first
 * closer does, as in a shell (`"a b"c` → `a bc`).
 */
function findClosers(pieces: readonly Piece[]): Closers {
  const tables = new Map<QuoteFamily, { atBoundary: Int32Array; any: Int32Array }>();
  for (const family of [DOUBLE, SINGLE]) {
    const atBoundary = new Int32Array(pieces.length + 1).fill(-1);
    const any = new Int32Array(pieces.length + 1).fill(-1);
    for (let i = pieces.length - 1; i >= 0; i--) {
      const piece = pieces[i]!;
      const closes = piece.from === 'typed' && family.closers.has(piece.char);
      const next = pieces[i + 1];
      const boundary = next === undefined || isSeparator(next) || isComma(next);
      any[i] = closes ? i : any[i + 1]!;
      atBoundary[i] = closes && boundary ? i : atBoundary[i + 1]!;
    }
    tables.set(family, { atBoundary, any });
  }
  return {
    find(family, open) {
      const table = tables.get(family)!;
      const found = table.atBoundary[open + 1]! >= 0 ? table.atBoundary[open + 1]! : table.any[open + 1]!;
      return found >= 0 ? found : undefined;
    },
  };
}

function unclosedQuote(pieces: readonly Piece[], at: number): UsageError {
  const quote = pieces[at]!.char;
  const closer = CANONICAL_CLOSER[quote] ?? quote;
  const rest = textOf(pieces, at, Math.min(pieces.length, at + 200))
    .replace(/[\s\p{Cc}]+/gu, ' ')
    .trim();
  const shown = [...rest];
  const snippet = shown.length > 40 ? `${shown.slice(0, 40).join('')}…` : rest;
  const where = snippet === quote ? 'at the end' : `in ${snippet}`;
  return new UsageError(
    `The quote ${quote} ${where} is never closed.`,
    `Close it with ${closer}, like ${quote}two words${closer}, or remove it.`,
  );
}

/** The text of pieces[from, to); with `stopAtSeparator`, only up to the end of the word. */
function textOf(pieces: readonly Piece[], from: number, to: number, stopAtSeparator = false): string {
  let text = '';
  for (let i = from; i < to; i++) {
    const piece = pieces[i]!;
    if (stopAtSeparator && isSeparator(piece)) break;
    text += piece.char;
  }
  return text;
}

function isSeparator(piece: Piece | undefined): boolean {
  return piece?.from === 'typed' && SEPARATOR.test(piece.char);
}

function isComma(piece: Piece): boolean {
  return piece.from !== 'entity' && COMMAS.has(piece.char);
}

function isTyped(piece: Piece | undefined, char: string): boolean {
  return piece?.from === 'typed' && piece.char === char;
}
