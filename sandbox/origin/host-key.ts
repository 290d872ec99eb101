/** A Host header as a lookup key: lower-case, without the port (`[::1]:8080` → `[::1]`). */
export function hostKey(host: string | undefined): string {
  const value = (host ?? '').trim().toLowerCase();
  if (value.startsWith('[')) return value.slice(0, value.indexOf(']') + 1);
  return value.replace(/:\d*$/, '');
}
