import { UsageError } from '../errors.ts';
import { asciiDomain, looksInternational } from '../providers/domain-name.ts';

/** Said by `/cdn purge` and its modal alike when no URL is given. */
export const NO_PURGE_TARGETS = 'Give at least one URL to purge.';

export interface Target {
  /**
   * As sent to the provider: the URL the user gave, without its #fragment (it never reaches a CDN), its scheme in
   * lower case and its host in ASCII, the form the providers list (`https://中文.example.com/…` goes as
   * `https://xn--fiq228c.example.com/…`).
   */
  url: string;
  /** The host in ASCII (punycode), as domains are matched. */
  host: string;
  /** The host as typed (lower-cased), for replies: `中文.example.com` rather than `xn--fiq228c.example.com`. */
  typedHost?: string;
  nonAscii: boolean;
}

/** Scheme, `user@`, host and `:port` of a URL as typed, before the parser has normalised anything. */
const AUTHORITY =
  /^(?<scheme>[a-z][a-z0-9+.-]*:\/\/)(?<userinfo>(?:[^@/?#]*@)?)(?<host>\[[^\]]*\]|[^:/?#]*)(?<port>(?::\d*)?)(?<rest>.*)$/is;

/**
 * Validates and de-duplicates purge/prefetch targets. Only http(s) URLs with a host are accepted; directories get
 * their trailing slash. The host is written in ASCII (punycode), since that is how the providers list a domain.
 * Non-ASCII characters of the path are kept as typed: the provider is told to encode them (Tencent UrlEncode;
 * Wangsu's client encodes them), because encoding here as well would purge a different cache key.
 */
export function normalizeTargets(
  inputs: readonly string[],
  options: { directories: boolean; command: string },
): { targets: Target[]; duplicates: number } {
  const seen = new Set<string>();
  const targets: Target[] = [];
  const invalid: string[] = [];
  const badHosts: { host: string; input: string }[] = [];
  for (const input of inputs) {
    const parsed = URL.canParse(input) ? new URL(input) : undefined;
    const {
      scheme = '',
      userinfo = '',
      host: typedHost = '',
      port = '',
      rest = '',
    } = AUTHORITY.exec(input)?.groups ?? {};
    const web = /^https?:\/\/$/i.test(scheme);
    if (
      !parsed ||
      (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') ||
      !parsed.hostname ||
      !web
    ) {
      // An international host the parser refused deserves its own answer: the URL is fine, the name is not.
      if (web && looksInternational(typedHost) && !asciiDomain(typedHost))
        badHosts.push({ host: typedHost, input });
      else invalid.push(input);
      continue;
    }
    // Scheme and host are case-insensitive; the path is not.
    let url = `${scheme}${userinfo}${parsed.hostname}${port}`.toLowerCase() + rest.replace(/#.*$/s, '');
    if (options.directories && !url.endsWith('/')) url = `${url}/`;
    if (seen.has(url)) continue;
    seen.add(url);
    targets.push({
      url,
      host: parsed.hostname,
      typedHost: typedHost.toLowerCase(),
      nonAscii: /\P{ASCII}/u.test(url),
    });
  }
  if (badHosts.length > 0) {
    const [{ host, input }] = badHosts as [{ host: string; input: string }];
    throw new UsageError(
      `\`${host}\` in \`${input}\` is not a valid domain name: it cannot be written in punycode (IDNA). Nothing was sent.`,
      'International domains work in either form, e.g. `https://中文.example.com/` or `https://xn--fiq228c.example.com/`.',
    );
  }
  if (invalid.length > 0) {
    const shown = invalid
      .slice(0, 5)
      .map((value) => `\`${value}\``)
      .join(', ');
    throw new UsageError(
      `${invalid.length === 1 ? 'This is not' : `${invalid.length} of these are not`} an http(s) URL: ${shown}${invalid.length > 5 ? ', …' : ''}. Nothing was sent.`,
      options.directories
        ? `Write directories as full URLs, e.g. \`/cdn ${options.command} --dir https://www.example.com/static/\`.`
        : `Write full URLs with http:// or https://, e.g. \`/cdn ${options.command} https://www.example.com/a.js\`.`,
    );
  }
  return { targets, duplicates: inputs.length - targets.length };
}
