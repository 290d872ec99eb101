import type { IncomingHttpHeaders } from 'node:http';

/** One header as a string (repeated headers joined the way HTTP folds them), or `undefined` if absent. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}
