/**
 * The sandbox's Wangsu access-log files: one per domain per hour that had traffic and has ended, kept 30 days
 * (Wangsu keeps up to 2 years, "further limited by the domain's log-retention setting"; the sandbox's setting is
 * 30 days). The content is derived from the Tencent sandbox's traffic model, so it is the same at every download.
 * Real files are daily by default and appear after 3–5 hours (reference §2.5); the sandbox makes hourly files
 * available as soon as the hour ends, so tests need not wait.
 *
 * A line is the combined log format Wangsu's default CDN log resembles: client IP, `-`, `-`, `[time +0800]`,
 * `"METHOD URL PROTOCOL"`, status, bytes sent, `"referer"`, `"user agent"`, response time in ms, and HIT or MISS.
 * Lines are in time order, one per 500 requests of the model, so files stay small.
 */
import { gzipSync } from 'node:zlib';
import { retentionStart } from '../tencent/stat-time.ts';
import {
  isQuietHour,
  minuteTraffic,
  mix,
  trafficProfile,
  unit,
  urlCatalogue,
} from '../tencent/traffic-model.ts';
import { HOUR_MS, MINUTE_MS } from './report-time.ts';
import { formatBeijingTime, parseBeijingTime } from './wangsu-time.ts';

export const LOG_RETENTION_DAYS = 30;
const REQUESTS_PER_LINE = 500;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  'okhttp/4.12.0',
] as const;

/** One file: a domain's log of one hour. */
export interface LogFileRef {
  /** The domain name, lower case. */
  domain: string;
  hourStart: number;
}

function hourLineCount(domain: string, hourStart: number): number {
  const profile = trafficProfile(domain);
  if (isQuietHour(profile, hourStart)) return 0;
  let requests = 0;
  for (let minute = hourStart; minute < hourStart + HOUR_MS; minute += MINUTE_MS) {
    requests += minuteTraffic(profile, minute).request;
  }
  return Math.ceil(requests / REQUESTS_PER_LINE);
}

/** Whether the file exists at `nowMs`: its hour has ended, is within retention, and had traffic. */
export function hasLogFile(ref: LogFileRef, nowMs: number): boolean {
  if (ref.hourStart + HOUR_MS > nowMs || ref.hourStart < retentionStart(nowMs, LOG_RETENTION_DAYS))
    return false;
  return hourLineCount(ref.domain, ref.hourStart) > 0;
}

/** The files of a domain whose hour overlaps [fromMs, toMs] (both inclusive), oldest first. */
export function listLogFiles(domain: string, fromMs: number, toMs: number, nowMs: number): LogFileRef[] {
  const refs: LogFileRef[] = [];
  for (
    let hourStart = fromMs - (fromMs % HOUR_MS);
    hourStart <= Math.min(toMs, nowMs);
    hourStart += HOUR_MS
  ) {
    const ref = { domain, hourStart };
    if (hasLogFile(ref, nowMs)) refs.push(ref);
  }
  return refs;
}

/** `yyyyMMddHH` of the hour in UTC+8. */
function hourId(hourStart: number): string {
  return formatBeijingTime(hourStart).replace(/[-: ]/g, '').slice(0, 10);
}

/** `cdn.example.cn_2026112209.log.gz`: the file's name, and the last segment of its download path. */
export function logFileName(ref: LogFileRef): string {
  return `${ref.domain}_${hourId(ref.hourStart)}.log.gz`;
}

/** The file a download path's last segment names, or `undefined`. */
export function parseLogFileName(name: string): LogFileRef | undefined {
  const match = /^(.+)_(\d{4})(\d{2})(\d{2})(\d{2})\.log\.gz$/.exec(name);
  if (!match) return undefined;
  const hourStart = parseBeijingTime(`${match[2]}-${match[3]}-${match[4]} ${match[5]}:00:00`);
  return hourStart === undefined ? undefined : { domain: match[1]!.toLowerCase(), hourStart };
}

/** `22/Nov/2026:09:00:12 +0800` */
function logTime(epochMs: number): string {
  const text = formatBeijingTime(epochMs);
  const month = MONTHS[Number(text.slice(5, 7)) - 1]!;
  return `${text.slice(8, 10)}/${month}/${text.slice(0, 4)}:${text.slice(11)} +0800`;
}

function bytesSent(status: string, objectBytes: number): number {
  if (status === '200') return objectBytes;
  if (status === '206') return Math.min(objectBytes, 1_048_576);
  if (status.startsWith('3')) return 0;
  return 512;
}

/** The plain-text log of one file, `\n`-terminated lines. */
export function logFileText(ref: LogFileRef): string {
  const profile = trafficProfile(ref.domain);
  const total = hourLineCount(ref.domain, ref.hourStart);
  const catalogue = urlCatalogue(profile);
  const codes: { code: string; upTo: number }[] = [];
  profile.codeShares.reduce((acc, [code, share]) => {
    codes.push({ code, upTo: acc + share });
    return acc + share;
  }, 0);
  const hourSeed = mix(profile.seed ^ 0x3a5, Math.floor(ref.hourStart / HOUR_MS));
  const lines: string[] = [];
  for (let index = 0; index < total; index += 1) {
    const h = (salt: number) => mix(hourSeed ^ salt, index);
    const second = Math.floor(((index + unit(hourSeed, index)) * 3600) / total);
    const entry = catalogue.at(catalogue.rankAt(unit(hourSeed ^ 1, index)));
    const draw = unit(hourSeed ^ 2, index);
    const status = codes.find((candidate) => draw < candidate.upTo)?.code ?? '200';
    const referer = h(6) % 3 === 0 ? '-' : `https://${ref.domain}/`;
    const fields = [
      `198.51.100.${1 + (h(3) % 254)} - -`,
      `[${logTime(ref.hourStart + second * 1000)}]`,
      `"GET https://${ref.domain}${entry.path} HTTP/1.1"`,
      status,
      String(bytesSent(status, entry.bytes)),
      `"${referer}"`,
      `"${USER_AGENTS[h(8) % USER_AGENTS.length]!}"`,
      String(3 + (h(7) % 300)),
      unit(hourSeed ^ 10, index) < profile.requestHitRatio ? 'HIT' : 'MISS',
    ];
    lines.push(`${fields.join(' ')}\n`);
  }
  return lines.join('');
}

/** The `.gz` file as downloaded; gzip output is stable for the same input, so so is `fileSize`. */
export function logFileBody(ref: LogFileRef): Buffer {
  return gzipSync(logFileText(ref));
}
