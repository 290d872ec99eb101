import { UsageError } from '../errors.ts';
import { code } from '../render/format.ts';

/** URLs one check may ask about: each is asked of every edge, so this bounds a check's requests too. */
export const MAX_CHECK_URLS = 20;
const SHOWN_INVALID = 5;

/**
 * The URLs of a `/cdn check` as they will be requested: http(s) with a host, fragment and credentials dropped,
 * duplicates removed, at most MAX_CHECK_URLS.
 * @throws UsageError naming every URL that is not one, before anything is looked up or fetched.
 */
export function parseCheckUrls(inputs: readonly string[]): string[] {
  const invalid: string[] = [];
  const urls = new Set<string>();
  for (const input of inputs) {
    const url = URL.canParse(input) ? new URL(input) : undefined;
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
      invalid.push(input);
      continue;
    }
    url.hash = '';
    url.username = '';
    url.password = '';
    urls.add(url.href);
  }
  if (invalid.length > 0) {
    const shown = invalid.slice(0, SHOWN_INVALID).map(code).join(', ');
    throw new UsageError(
      `${invalid.length === 1 ? 'This is not' : `${invalid.length} of these are not`} an http(s) URL: ${shown}${invalid.length > SHOWN_INVALID ? ', …' : ''}. Nothing was checked.`,
      'Write full URLs with http:// or https://, e.g. `/cdn check https://www.example.com/app.js`.',
    );
  }
  if (urls.size > MAX_CHECK_URLS) {
    throw new UsageError(
      `At most ${MAX_CHECK_URLS} URLs can be checked at a time; you gave ${urls.size}. Nothing was checked.`,
      'Check the most important ones, or split them over several checks.',
    );
  }
  return [...urls];
}
