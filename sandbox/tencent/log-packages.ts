/**
 * The sandbox's access-log packages: one per hour that had traffic and has ended, per acceleration area, kept 30
 * days. The content is derived from the traffic model, so it is the same every time it is downloaded.
 *
 * A line is Tencent's access-log layout, space separated: request time (YYYYMMDDHHmmss, UTC+8), client IP,
 * domain, path, bytes sent, province code, ISP code, status, referer, request time in ms, "user agent", range,
 * method, protocol, hit/miss, client port. Lines are in time order. The log holds one line per 500 requests of
 * the model (`LOG_REQUESTS_PER_LINE`), so packages stay small.
 */
import { gzipSync } from 'node:zlib';
import { formatBeijingTime, parseBeijingTime } from './beijing-time.ts';
import { HOUR_MS, MINUTE_MS, retentionStart } from './stat-time.ts';
import {
  isQuietHour,
  minuteTraffic,
  mix,
  type TrafficProfile,
  trafficProfile,
  unit,
  urlCatalogue,
} from './traffic-model.ts';
import type { DomainState, SandboxArea } from './types.ts';

export type LogArea = 'mainland' | 'overseas';

export const LOG_RETENTION_DAYS = 30;
/** The log is a sample: one line stands for this many requests of the model. */
export const LOG_REQUESTS_PER_LINE = 500;
/** Of a global domain's lines, those with `index % 10 >= 7` (30%) are overseas traffic. */
const OVERSEAS_TENTHS = 3;

/** One package: a domain's log of one hour in one area. */
export interface LogPackageRef {
  domain: DomainState;
  hourStart: number;
  area: LogArea;
}

/** The areas a domain's logs are packaged for: its own, or both for a global domain. */
export function logAreasOf(area: SandboxArea): LogArea[] {
  return area === 'global' ? ['mainland', 'overseas'] : [area];
}

function lineArea(domainArea: SandboxArea, index: number): LogArea {
  if (domainArea !== 'global') return domainArea;
  return index % 10 >= 10 - OVERSEAS_TENTHS ? 'overseas' : 'mainland';
}

/** Lines of the hour in all areas together: one per `LOG_REQUESTS_PER_LINE` requests, rounded up. */
function hourLineCount(profile: TrafficProfile, hourStart: number): number {
  if (isQuietHour(profile, hourStart)) return 0;
  let requests = 0;
  for (let minute = hourStart; minute < hourStart + HOUR_MS; minute += MINUTE_MS) {
    requests += minuteTraffic(profile, minute).request;
  }
  return Math.ceil(requests / LOG_REQUESTS_PER_LINE);
}

function areaLineCount(domainArea: SandboxArea, total: number, area: LogArea): number {
  if (domainArea !== 'global') return domainArea === area ? total : 0;
  const overseas =
    Math.floor(total / 10) * OVERSEAS_TENTHS + Math.max(0, (total % 10) - (10 - OVERSEAS_TENTHS));
  return area === 'overseas' ? overseas : total - overseas;
}

/** Whether the package exists at `nowMs`: the hour has ended, is within retention, and had traffic in that area. */
export function hasLogPackage(ref: LogPackageRef, nowMs: number): boolean {
  if (ref.hourStart + HOUR_MS > nowMs || ref.hourStart < retentionStart(nowMs, LOG_RETENTION_DAYS))
    return false;
  if (!logAreasOf(ref.domain.area).includes(ref.area)) return false;
  const total = hourLineCount(trafficProfile(ref.domain.domain), ref.hourStart);
  return areaLineCount(ref.domain.area, total, ref.area) > 0;
}

/** The packages whose hour overlaps [fromMs, toMs] (both inclusive), oldest first, mainland before overseas. */
export function listLogPackages(
  domain: DomainState,
  areas: readonly LogArea[],
  fromMs: number,
  toMs: number,
  nowMs: number,
): LogPackageRef[] {
  const refs: LogPackageRef[] = [];
  const last = Math.min(toMs, nowMs);
  for (let hourStart = fromMs - (fromMs % HOUR_MS); hourStart <= last; hourStart += HOUR_MS) {
    for (const area of areas) {
      const ref = { domain, hourStart, area };
      if (hasLogPackage(ref, nowMs)) refs.push(ref);
    }
  }
  return refs;
}

/** `YYYYMMDDHH` of the hour in UTC+8: the package's id in its download path. */
export function logHourId(hourStart: number): string {
  return formatBeijingTime(hourStart).replace(/[-: ]/g, '').slice(0, 10);
}

/** The hour a `YYYYMMDDHH` id names, or `undefined` if it is not one. */
export function parseLogHourId(id: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})$/.exec(id);
  if (!match) return undefined;
  return parseBeijingTime(`${match[1]}-${match[2]}-${match[3]} ${match[4]}:00:00`);
}

/** `2026112309-www.example.com`, with `-overseas` for an overseas package: the extension-less file inside. */
export function logPackageName(ref: LogPackageRef): string {
  const base = `${logHourId(ref.hourStart)}-${ref.domain.domain}`;
  return ref.area === 'overseas' ? `${base}-overseas` : base;
}

const PROVINCES = [22, 4, 11, 2, 12, 14, 19, 8] as const;
const ISPS = [2, 26, 1046] as const;
const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36',
  'curl/8.5.0',
] as const;

function pick<T>(items: readonly T[], hash: number): T {
  return items[hash % items.length]!;
}

function bytesSent(status: string, objectBytes: number): number {
  if (status === '200') return objectBytes;
  if (status === '206') return Math.min(objectBytes, 1_048_576);
  if (status.startsWith('3')) return 0;
  return 548;
}

/** The plain-text log of one package, one line per sampled request, `\n`-terminated. */
export function logPackageText(ref: LogPackageRef): string {
  const profile = trafficProfile(ref.domain.domain);
  const total = hourLineCount(profile, ref.hourStart);
  const catalogue = urlCatalogue(profile);
  // Every line starts with the hour's YYYYMMDDHH; only minutes and seconds change.
  const hourPrefix = logHourId(ref.hourStart);
  const twoDigits = (value: number) => String(value).padStart(2, '0');
  const codes: { code: string; upTo: number }[] = [];
  profile.codeShares.reduce((acc, [code, share]) => {
    codes.push({ code, upTo: acc + share });
    return acc + share;
  }, 0);
  const hourSeed = mix(profile.seed, Math.floor(ref.hourStart / HOUR_MS));
  const lines: string[] = [];
  for (let index = 0; index < total; index += 1) {
    if (lineArea(ref.domain.area, index) !== ref.area) continue;
    const h = (salt: number) => mix(hourSeed ^ salt, index);
    const second = Math.floor(((index + unit(hourSeed, index)) * 3600) / total);
    const entry = catalogue.at(catalogue.rankAt(unit(hourSeed ^ 1, index)));
    const draw = unit(hourSeed ^ 2, index);
    const status = codes.find((candidate) => draw < candidate.upTo)?.code ?? '200';
    const overseas = ref.area === 'overseas';
    const fields = [
      `${hourPrefix}${twoDigits(Math.floor(second / 60))}${twoDigits(second % 60)}`,
      `${overseas ? '203.0.113' : '198.51.100'}.${1 + (h(3) % 254)}`,
      ref.domain.domain,
      entry.path,
      String(bytesSent(status, entry.bytes)),
      overseas ? '-1' : String(pick(PROVINCES, h(4))),
      overseas ? '-1' : String(pick(ISPS, h(5))),
      status,
      h(6) % 3 === 0 ? '-' : `https://${ref.domain.domain}/`,
      String(5 + (h(7) % 400)),
      `"${pick(USER_AGENTS, h(8))}"`,
      status === '206' ? 'bytes=0-1048575' : '-',
      'GET',
      h(9) % 2 === 0 ? 'HTTP/1.1' : 'HTTP/2.0',
      unit(hourSeed ^ 10, index) < profile.requestHitRatio ? 'hit' : 'miss',
      String(1024 + (h(11) % 64_000)),
    ];
    lines.push(`${fields.join(' ')}\n`);
  }
  return lines.join('');
}

/** The `.gz` package as downloaded. gzip output is stable for the same input, so so is FileSize. */
export function logPackageBody(ref: LogPackageRef): Buffer {
  return gzipSync(logPackageText(ref));
}
