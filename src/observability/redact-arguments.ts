/**
 * What of a typed command may be logged. Commands take URLs, and URLs carry secrets: signed links (Tencent's
 * `sign=`, Wangsu's `wsSecret=`, S3-style `X-Amz-Signature=`, any `token=`), and `user:password@` in an origin.
 * Every query value and every password in a URL is replaced, whatever its name, since no list of names is
 * complete; keys, paths and hosts stay, which is what whoever reads the log needs. Tokens that look like Slack's
 * or a bearer credential are replaced wherever they appear. The logger still removes configured secrets on top.
 */
const URL_PATTERN = /\b[a-z][a-z0-9+.-]*:\/\/[^\s<>|"']+/gi;
const TOKEN_PATTERN = /\b(?:xox[a-z]|xapp)-[A-Za-z0-9-]+/g;
const REDACTED = '[redacted]';

export function redactArguments(text: string): string {
  return (
    text
      .replace(URL_PATTERN, redactUrl)
      // Query values outside a URL too: the label half of Slack's `<url|label>` repeats the query without a scheme.
      .replace(/([?&][^=&#\s|<>?]*)=([^&#\s|<>]*)/g, (_all, key: string) => `${key}=${REDACTED}`)
      .replace(TOKEN_PATTERN, REDACTED)
  );
}

function redactUrl(raw: string): string {
  // user:password@ (or a lone token@) before the host.
  const withoutPassword = raw.replace(
    /^([a-z][a-z0-9+.-]*:\/\/)([^@/?#]*)@/i,
    (_all, scheme: string, userinfo: string) => {
      const colon = userinfo.indexOf(':');
      return colon >= 0 ? `${scheme}${userinfo.slice(0, colon)}:${REDACTED}@` : `${scheme}${REDACTED}@`;
    },
  );
  // The fragment too, which some links use for tokens.
  return withoutPassword.replace(/#.+$/, `#${REDACTED}`);
}
