import { domainToASCII } from 'node:url';
import { UsageError } from '../errors.ts';
import type { RefererSetting } from '../providers/types.ts';

/**
 * Most referers one setting takes. Neither tencent-cdn.md nor wangsu-cdn.md documents a per-rule count for
 * Tencent's `RefererRule.Referers` or Wangsu's `valid-domain`, so this is a conservative pick, not a provider
 * limit; raise it once a documented limit is found.
 */
const MAX_REFERERS = 200;

const HINT =
  'Write host names or `*.` wildcards separated by spaces or commas: `allow *.example.com example.com`, ' +
  '`deny bad.example.net`, with `--allow-empty` to let requests without a Referer through, or `off` on its own.';

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;
const SHOWN_INVALID = 5;

/**
 * Reads `/cdn referer <domain> set allow|deny <list> [--allow-empty]` and `set off`. `mode` is the word after
 * `set`, `list` the words after it (each may hold several entries separated by commas or `;`), `allowEmpty`
 * whether `--allow-empty` was given: it decides whether a request without a Referer header gets through, in
 * either mode.
 *
 * Entries are host names with at least one dot (`example.com`, `127.0.0.1`) or `*.` wildcards (`*.example.com`),
 * compared without case and kept lower case, duplicates dropped. URLs, paths, ports and other wildcards are
 * refused, naming the host to write instead: a host means the same to both providers, while paths and patterns
 * do not (Tencent prefix-matches, Wangsu's `valid-domain` takes no regex).
 *
 * @throws UsageError for an unknown mode, a list with `off`, a missing list, entries that are not hosts (up to
 *   five named, each with its reason) or more than 200 distinct entries.
 */
export function parseRefererSetting(args: {
  mode: string;
  list: string[];
  allowEmpty: boolean;
}): RefererSetting {
  const mode = args.mode.trim().toLowerCase();
  const entries = args.list
    .flatMap((word) => word.split(/[\s,\uFF0C;\uFF1B]+/))
    .filter((entry) => entry !== '');
  if (mode === 'off') {
    if (entries.length > 0) throw new UsageError('`off` takes no list.', HINT);
    if (args.allowEmpty) throw new UsageError('`--allow-empty` goes with allow or deny, not `off`.', HINT);
    return { mode: 'off' };
  }
  if (mode !== 'allow' && mode !== 'deny') {
    throw new UsageError(
      mode === '' ? 'Say allow, deny or off.' : `\`${args.mode.trim()}\` is not allow, deny or off.`,
      HINT,
    );
  }
  if (entries.length === 0) throw new UsageError(`\`${mode}\` needs a list of referer hosts.`, HINT);

  const referers = new Set<string>();
  const invalid: { entry: string; reason: string | undefined }[] = [];
  for (const entry of entries) {
    const checked = checkReferer(entry);
    if ('host' in checked) {
      referers.add(checked.host);
    } else {
      invalid.push({ entry, reason: checked.reason });
    }
  }
  if (invalid.length === 1) {
    const { entry, reason } = invalid[0]!;
    throw new UsageError(
      `\`${entry}\` is not a host name or \`*.\` wildcard${reason === undefined ? '' : `: ${reason}`}.`,
      HINT,
    );
  }
  if (invalid.length > 1) {
    const shown = invalid
      .slice(0, SHOWN_INVALID)
      .map(({ entry, reason }) => (reason === undefined ? `\`${entry}\`` : `\`${entry}\` (${reason})`))
      .join(', ');
    throw new UsageError(
      `${invalid.length} referers are not host names or \`*.\` wildcards: ${shown}${invalid.length > SHOWN_INVALID ? ', …' : ''}.`,
      HINT,
    );
  }
  if (referers.size > MAX_REFERERS) {
    throw new UsageError(
      `That is ${referers.size} referers; one setting takes at most ${MAX_REFERERS}.`,
      'Cover many subdomains with one `*.` wildcard, e.g. `*.example.com`.',
    );
  }
  return { mode, referers: [...referers], allowEmpty: args.allowEmpty };
}

/** The entry as it will be sent (lower case, no trailing dot), or why it cannot be when there is more to say. */
function checkReferer(entry: string): { host: string } | { reason: string | undefined } {
  const lowered = entry.toLowerCase();
  if (SCHEME.test(lowered)) {
    const host = hostOf(lowered);
    return { reason: host === undefined ? 'it is a URL' : `it is a URL; write \`${host}\`` };
  }
  const slash = lowered.indexOf('/');
  if (slash >= 0) {
    const host = lowered.slice(0, slash);
    return { reason: host === '' ? 'it is a path' : `it has a path; write \`${host}\`` };
  }
  const port = /^(.+):\d+$/.exec(lowered);
  if (port) return { reason: `it has a port; write \`${port[1]}\`` };
  if (lowered === '*') return { reason: 'it would match every site' };
  const wildcard = lowered.startsWith('*.');
  const name = (wildcard ? lowered.slice(2) : lowered).replace(/\.$/, '');
  if (name.includes('*') || name === '') return { reason: '`*` works only at the start, as `*.example.com`' };
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find anything outside ASCII.
  if (/[^\x00-\x7f]/.test(name)) {
    const ascii = domainToASCII(name);
    return { reason: ascii === '' ? undefined : `write it as \`${wildcard ? '*.' : ''}${ascii}\`` };
  }
  // A name needs a dot: a single word is far more often a slip (`allow-empty` without its dashes) than a host.
  if (name.length > 253 || !name.includes('.') || !name.split('.').every((label) => LABEL.test(label))) {
    return { reason: undefined };
  }
  return { host: wildcard ? `*.${name}` : name };
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname || undefined;
  } catch {
    return undefined;
  }
}
