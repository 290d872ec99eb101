/**
 * The `store:` value when it is a PostgreSQL URL. Such a value holds a password, so cdnops treats the whole value
 * as a secret: it is redacted from every log line and start-up problem, and a URL whose password was not
 * URL-encoded is refused before any connection is tried. `postgres://u:p@ss/w#rd@host/db` reads as user `u`,
 * password `p`, host `ss`, database `w`: connecting would put a piece of the real password in the driver's
 * "host not found" error, so the shape is checked here and the value is never echoed.
 */

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

/** What a store problem says after the key: how to write the password so the URL parses as meant. */
export const STORE_URL_ENCODING_HINT =
  'write it as postgres://user:password@host:5432/database with any @ / # ? % : or space in the user name or ' +
  'password URL-encoded (@ → %40, / → %2F, # → %23, ? → %3F, % → %25, : → %3A), e.g. with ' +
  `node -p 'encodeURIComponent(process.argv[1])' 'the password'`;

export function isPostgresUrl(store: string): boolean {
  return POSTGRES_URL.test(store.trim());
}

/**
 * Why a PostgreSQL store URL cannot be used as written, or undefined when it can. Never quotes the value. Checks
 * that nothing of a password can have spilled out of the user-info part: no `#` (PostgreSQL URLs have no
 * fragment), no `@` after the host, and a user name and password that decode.
 */
export function storeUrlProblem(store: string): string | undefined {
  const value = store.trim();
  if (!isPostgresUrl(value)) return undefined;
  const unreadable = `is not a PostgreSQL URL cdnops can read as meant (the value is not shown: it may hold a password); ${STORE_URL_ENCODING_HINT}`;
  const rest = value.slice(value.indexOf('://') + 3);
  if (rest.includes('#')) return unreadable;
  const authorityEnd = rest.search(/[/?]/);
  const after = authorityEnd === -1 ? '' : rest.slice(authorityEnd);
  if (after.includes('@')) return unreadable;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return unreadable;
  }
  for (const part of [parsed.username, parsed.password]) {
    try {
      decodeURIComponent(part);
    } catch {
      return unreadable;
    }
  }
  return undefined;
}

/**
 * The strings of a store value to keep out of logs and messages: a PostgreSQL URL whole (as written and trimmed),
 * its user-info and its password as written and decoded. A file path is not a secret and is not returned: it is
 * what an operator needs to see when the file cannot be opened.
 */
export function storeSecrets(store: unknown): string[] {
  if (typeof store !== 'string' || !isPostgresUrl(store)) return [];
  const found = new Set<string>([store, store.trim()]);
  const rest = store.trim().replace(POSTGRES_URL, '');
  // Everything up to the last `@` is user-info however the URL parses, as written: `u:p@ss/w#rd@host` included.
  const lastAt = rest.lastIndexOf('@');
  if (lastAt > 0) {
    const userInfo = rest.slice(0, lastAt);
    found.add(userInfo);
    const colon = userInfo.indexOf(':');
    if (colon >= 0) found.add(userInfo.slice(colon + 1));
  }
  try {
    const parsed = new URL(store.trim());
    for (const password of [parsed.password, parsed.searchParams.get('password') ?? '']) {
      if (password === '') continue;
      found.add(password);
      found.add(safeDecode(password));
    }
  } catch {
    // Unparsable: the raw pieces above are all there is.
  }
  found.delete('');
  return [...found];
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
