import { rfc1123Date } from '../../src/providers/wangsu/sign.ts';

/**
 * Wangsu prints local (UTC+8, no DST) times in several forms; these convert clock milliseconds and never read the
 * clock. `yyyy-MM-dd HH:mm:ss` and the Beijing day come from the Tencent sandbox's helpers: the same wall clock.
 */
export { beijingDay, formatBeijingTime, parseBeijingTime } from '../tencent/beijing-time.ts';

const OFFSET_MS = 8 * 60 * 60 * 1000;

/** Domain dates (`created-date`, `last-modified`): `Mon, 18 Feb 2019 02:54:19 GMT +8:00`, Beijing wall clock. */
export function formatDomainDate(epochMs: number): string {
  return rfc1123Date(epochMs + OFFSET_MS).replace(/GMT$/, 'GMT +8:00');
}

/** The async-request `timestamp`: `Thu, 09 Nov 2017 22:37:53 CST`, Beijing wall clock. */
export function formatRequestTimestamp(epochMs: number): string {
  return rfc1123Date(epochMs + OFFSET_MS).replace(/GMT$/, 'CST');
}
