/**
 * How config keys that hold secrets end, compared case-insensitively with `-` and `_` removed. This list is the
 * one place that decides which config values are secrets: `secretKey`, `apiKey`, `secret`, `password`, `token`,
 * and longer names such as `accessToken` or `clientSecret`. A provider's `secretId` or `username` is an
 * identifier, not a secret, and stays visible in logs (it is what you need to debug an auth failure).
 */
export const SECRET_FIELD_SUFFIXES = [
  'secret',
  'secretkey',
  'apikey',
  'privatekey',
  'password',
  'passwd',
  'token',
];

export function isSecretField(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[-_]/g, '');
  return SECRET_FIELD_SUFFIXES.some((suffix) => normalized.endsWith(suffix));
}

/**
 * Every value found under a secret field anywhere in a config tree, for redaction. A value of the wrong type
 * (a number, or a list pasted by mistake) is collected too, as text, so that it can be kept out of error messages.
 */
export function collectSecrets(tree: unknown): string[] {
  const found = new Set<string>();

  function visit(node: unknown, insideSecret: boolean): void {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, insideSecret);
    } else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        if (insideSecret) found.add(key);
        visit(value, insideSecret || isSecretField(key));
      }
    } else if (
      insideSecret &&
      (typeof node === 'string' || typeof node === 'number' || typeof node === 'bigint')
    ) {
      const text = String(node);
      found.add(text);
      if (text.trim() !== text) found.add(text.trim());
    }
  }

  visit(tree, false);
  found.delete('');
  return [...found];
}
