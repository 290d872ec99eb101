const URL_PARTS = /^(?:[a-z][a-z0-9+.-]*:\/\/)?([^/?#]*)([^#]*)/i;

/**
 * What a purge compares: host (lower-case, without port or user info) + path + query, without the scheme, as an
 * edge's cache key ignores how the copy was fetched. An empty path is `/`.
 */
export function purgeKey(url: string): string {
  const [, authority = '', rest = ''] = URL_PARTS.exec(url.trim()) ?? [];
  const host = authority.replace(/^.*@/, '').replace(/:\d*$/, '').toLowerCase();
  return `${host}${rest.startsWith('/') ? rest : `/${rest}`}`;
}

/** Whether a purge entry for `target` (a URL, or a directory when `directory`) covers `url`. */
export function purgeCovers(target: string, directory: boolean, url: string): boolean {
  const wanted = purgeKey(url);
  const purged = purgeKey(target);
  return directory ? wanted.startsWith(purged) : wanted === purged;
}
