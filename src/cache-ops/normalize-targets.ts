import { UsageError } from '../errors.ts';

export interface Target {
  /** As sent to the provider: the URL the user gave, without its #fragment (it never reaches a CDN). */
  url: string;
  host: string;
  nonAscii: boolean;
}

/**
 * Validates and de-duplicates purge/prefetch targets. Only http(s) URLs with a host are accepted; directories get
 * their trailing slash. Non-ASCII characters are kept as typed: the provider is told to encode them (Tencent
 * UrlEncode), because encoding here as well would purge a different cache key.
 */
export function normalizeTargets(
  inputs: readonly string[],
  options: { directories: boolean; command: string },
): { targets: Target[]; duplicates: number } {
  const seen = new Set<string>();
  const targets: Target[] = [];
  const invalid: string[] = [];
  for (const input of inputs) {
    const parsed = URL.canParse(input) ? new URL(input) : undefined;
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || !parsed.hostname) {
      invalid.push(input);
      continue;
    }
    let url = input.replace(/#.*$/s, '');
    if (options.directories && !url.endsWith('/')) url = `${url}/`;
    // Scheme and host are case-insensitive; the path is not.
    const key = url.replace(/^[a-z]+:\/\/[^/?]+/i, (origin) => origin.toLowerCase());
    if (seen.has(key)) continue;
    seen.add(key);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find anything outside ASCII.
    targets.push({ url: key, host: parsed.hostname.toLowerCase(), nonAscii: /[^\x00-\x7f]/.test(url) });
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
