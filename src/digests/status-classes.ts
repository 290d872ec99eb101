import type { StatusCodeCount } from '../providers/traffic-types.ts';

/** Responses of one domain (or several added up) by class, as counts. */
export interface StatusClasses {
  responses: number;
  clientErrors: number;
  serverErrors: number;
}

const CLASSES = ['2xx', '3xx', '4xx', '5xx'] as const;

/**
 * Class totals from a provider's status-code answer. A class total (`5xx`) is taken as given; a class the answer
 * leaves out is the sum of its specific codes (`502`, `504`), so both ways of answering count the same.
 */
export function statusClasses(codes: readonly StatusCodeCount[]): StatusClasses {
  const given = new Map<string, number>();
  const derived = new Map<string, number>();
  for (const entry of codes) {
    const name = entry.code.toLowerCase();
    if ((CLASSES as readonly string[]).includes(name)) given.set(name, (given.get(name) ?? 0) + entry.total);
    else if (/^\d{3}$/.test(name)) {
      const parent = `${name[0]}xx`;
      derived.set(parent, (derived.get(parent) ?? 0) + entry.total);
    }
  }
  const total = (name: (typeof CLASSES)[number]) => given.get(name) ?? derived.get(name) ?? 0;
  return {
    responses: CLASSES.reduce((sum, name) => sum + total(name), 0),
    clientErrors: total('4xx'),
    serverErrors: total('5xx'),
  };
}

export function addClasses(all: readonly StatusClasses[]): StatusClasses {
  return all.reduce(
    (sum, entry) => ({
      responses: sum.responses + entry.responses,
      clientErrors: sum.clientErrors + entry.clientErrors,
      serverErrors: sum.serverErrors + entry.serverErrors,
    }),
    { responses: 0, clientErrors: 0, serverErrors: 0 },
  );
}

/** Percent of responses; NaN when there were none. */
export function classRate(classes: StatusClasses, which: 'clientErrors' | 'serverErrors'): number {
  return classes.responses > 0 ? (classes[which] / classes.responses) * 100 : Number.NaN;
}
