/**
 * The sandbox's made-up traffic: a pure, deterministic function of (domain name, minute). Every statistic the
 * sandbox reports (DescribeCdnData, ListTopData, log packages) is derived from the per-minute figures here, so a
 * test can recompute any expected total by summing `minuteTraffic` over a range. No randomness, no clock.
 *
 * Shape: a daily curve in UTC+8 with a low around 04:00, a lunchtime shoulder and the peak at 21:30 (so the
 * busiest whole hour is 21:00–22:00), scaled per domain by a hash of its name, varied ±15% per day and ±10% per
 * minute. A few night hours (02:00–05:59) are silent for each domain: those hours have no traffic and no log.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const UTC8_MS = 8 * HOUR_MS;
const MINUTES_PER_DAY = 1440;

/** FNV-1a over the UTF-16 code units: a stable 32-bit seed per domain name. */
function hashName(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i += 1) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A 32-bit integer mix (murmur3 finaliser) of two inputs. */
export function mix(a: number, b: number): number {
  let h = Math.imul(a ^ Math.imul(b, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** `mix` as a number in [0, 1). */
export function unit(a: number, b: number): number {
  return mix(a, b) / 2 ** 32;
}

/** Circular distance in minutes between two minutes of the day. */
function dayDistance(a: number, b: number): number {
  const d = Math.abs(a - b) % MINUTES_PER_DAY;
  return Math.min(d, MINUTES_PER_DAY - d);
}

function bump(minute: number, centre: number, sigmaMinutes: number): number {
  const d = dayDistance(minute, centre);
  return Math.exp(-(d * d) / (2 * sigmaMinutes * sigmaMinutes));
}

/** Relative activity per minute of the UTC+8 day, peak = 1. */
const DAILY_SHAPE: readonly number[] = (() => {
  const raw = Array.from(
    { length: MINUTES_PER_DAY },
    (_, m) =>
      0.08 + 0.55 * bump(m, 21 * 60 + 30, 150) + 0.35 * bump(m, 14 * 60, 210) + 0.12 * bump(m, 10 * 60, 120),
  );
  const peak = Math.max(...raw);
  return raw.map((value) => value / peak);
})();

/** Status codes the model produces besides 200, with the range of their share of requests: [min, spread]. */
const CODE_SHARES: readonly (readonly [code: string, min: number, spread: number])[] = [
  ['206', 0.005, 0.03],
  ['301', 0.001, 0.004],
  ['302', 0.002, 0.008],
  ['304', 0.04, 0.1],
  ['400', 0.0005, 0.001],
  ['403', 0.001, 0.006],
  ['404', 0.004, 0.02],
  ['416', 0.0002, 0.0005],
  ['500', 0.0002, 0.0008],
  ['502', 0.0005, 0.002],
  ['503', 0.0002, 0.001],
  ['504', 0.0002, 0.0008],
];

/** Every status code the model can produce, ascending: the order of `minuteStatusCodes`' counts. */
export const MODEL_STATUS_CODES: readonly string[] = ['200', ...CODE_SHARES.map(([code]) => code)];

/**
 * A made-up incident on one domain, for alerts to see: from `from` (until `until`, or for good), `serverErrorShare`
 * of its requests answer 502 instead of 200, and its traffic (requests, bytes and so bandwidth) is `trafficFactor`
 * times what the model gives (a jump above 1, a drop below).
 */
export interface Incident {
  from: number;
  until?: number | undefined;
  serverErrorShare?: number | undefined;
  trafficFactor?: number | undefined;
}

/** What a test or the demo asks a sandbox to stage; it runs until ended. */
export type SandboxIncident = Omit<Incident, 'until'>;

/** The incident running at `minuteStartMs` that sets `field`, if any. */
function incidentAt(
  profile: TrafficProfile,
  minuteStartMs: number,
  field: 'serverErrorShare' | 'trafficFactor',
): Incident | undefined {
  return profile.incidents.find(
    (incident) =>
      incident[field] !== undefined &&
      minuteStartMs >= incident.from &&
      (incident.until === undefined || minuteStartMs < incident.until),
  );
}

/** What the model derives from a domain name once. */
export interface TrafficProfile {
  domain: string;
  seed: number;
  /** Requests in one minute at the evening peak of an average day. */
  peakRequestsPerMinute: number;
  /** Mean response size. */
  bytesPerRequest: number;
  requestHitRatio: number;
  fluxHitRatio: number;
  /** Share of requests per status code other than 200 (200 takes the rest). */
  codeShares: readonly (readonly [code: string, share: number])[];
  /** Incidents the sandbox was told to stage on this domain. */
  incidents: readonly Incident[];
}

export function trafficProfile(domain: string, incidents: readonly Incident[] = []): TrafficProfile {
  const seed = hashName(domain.toLowerCase());
  return {
    domain: domain.toLowerCase(),
    seed,
    peakRequestsPerMinute: 300 + (mix(seed, 1) % 2700),
    bytesPerRequest: 8_192 + (mix(seed, 2) % 400_000),
    requestHitRatio: 0.86 + 0.12 * unit(seed, 3),
    fluxHitRatio: 0.8 + 0.17 * unit(seed, 4),
    codeShares: CODE_SHARES.map(
      ([code, min, spread], i) => [code, min + spread * unit(seed, 100 + i)] as const,
    ),
    incidents,
  };
}

/** One minute of one domain. `hitRequest ≤ request`, `hitFlux ≤ flux`. */
export interface MinuteTraffic {
  request: number;
  /** Bytes sent to clients. */
  flux: number;
  hitRequest: number;
  hitFlux: number;
}

const SILENT: MinuteTraffic = { request: 0, flux: 0, hitRequest: 0, hitFlux: 0 };

/** True for the night hours (02:00–05:59 UTC+8) in which this domain had no traffic at all: about one a day. */
export function isQuietHour(profile: TrafficProfile, hourStartMs: number): boolean {
  const beijingHour = Math.floor((hourStartMs + UTC8_MS) / HOUR_MS);
  const hourOfDay = beijingHour % 24;
  return hourOfDay >= 2 && hourOfDay <= 5 && mix(profile.seed ^ 0x5117, beijingHour) % 4 === 0;
}

/**
 * The traffic of the minute starting at `minuteStartMs` (a multiple of 60 000). A staged incident is traffic going
 * wrong, so it brings a quiet hour's visitors back: otherwise the demo's 5xx incident, started in the hour its
 * domain is silent, had no request to fail and no alert to show.
 */
export function minuteTraffic(profile: TrafficProfile, minuteStartMs: number): MinuteTraffic {
  const staged =
    incidentAt(profile, minuteStartMs, 'serverErrorShare') ??
    incidentAt(profile, minuteStartMs, 'trafficFactor');
  if (!staged && isQuietHour(profile, minuteStartMs - (minuteStartMs % HOUR_MS))) return SILENT;
  const minute = Math.floor(minuteStartMs / MINUTE_MS);
  const beijingMinute = Math.floor((minuteStartMs + UTC8_MS) / MINUTE_MS);
  const day = Math.floor((minuteStartMs + UTC8_MS) / DAY_MS);
  const shape = DAILY_SHAPE[beijingMinute % MINUTES_PER_DAY] ?? 0;
  const dayFactor = 0.85 + 0.3 * unit(profile.seed ^ 0xda7, day);
  const jitter = 0.9 + 0.2 * unit(profile.seed ^ 0x1e7, minute);
  const factor = incidentAt(profile, minuteStartMs, 'trafficFactor')?.trafficFactor ?? 1;
  const request = Math.round(profile.peakRequestsPerMinute * shape * dayFactor * jitter * factor);
  const sizeJitter = 0.85 + 0.3 * unit(profile.seed ^ 0x512e, minute);
  const flux = Math.round(request * profile.bytesPerRequest * sizeJitter);
  return {
    request,
    flux,
    hitRequest: Math.min(
      request,
      Math.floor(request * profile.requestHitRatio + unit(profile.seed ^ 0x417, minute)),
    ),
    hitFlux: Math.floor(flux * profile.fluxHitRatio),
  };
}

/**
 * How the `request` requests of a minute split by status code, as counts in `MODEL_STATUS_CODES` order. Each code
 * but 200 gets its share, dithered by a hash so that small minutes still see rare codes now and then; 200 takes
 * what is left. Sums to `request`.
 */
export function minuteStatusCodes(profile: TrafficProfile, minuteStartMs: number, request: number): number[] {
  const minute = Math.floor(minuteStartMs / MINUTE_MS);
  const counts = [request];
  profile.codeShares.forEach(([, share], i) => {
    const count = Math.min(
      counts[0]!,
      Math.floor(request * share + unit(profile.seed ^ (0xc0de + i), minute)),
    );
    counts.push(count);
    counts[0]! -= count;
  });
  const incident = incidentAt(profile, minuteStartMs, 'serverErrorShare');
  if (incident) {
    const moved = Math.min(counts[0]!, Math.round(request * incident.serverErrorShare!));
    counts[0]! -= moved;
    counts[MODEL_STATUS_CODES.indexOf('502')]! += moved;
  }
  return counts;
}

/** Summed traffic of the whole minutes in [fromMs, toMs) that ended by `nowMs`. */
export function rangeTraffic(
  profile: TrafficProfile,
  fromMs: number,
  toMs: number,
  nowMs: number,
): MinuteTraffic {
  const total = { request: 0, flux: 0, hitRequest: 0, hitFlux: 0 };
  const first = Math.ceil(fromMs / MINUTE_MS) * MINUTE_MS;
  const last = Math.min(toMs, nowMs);
  for (let minute = first; minute + MINUTE_MS <= last; minute += MINUTE_MS) {
    const traffic = minuteTraffic(profile, minute);
    total.request += traffic.request;
    total.flux += traffic.flux;
    total.hitRequest += traffic.hitRequest;
    total.hitFlux += traffic.hitFlux;
  }
  return total;
}

/** One object a domain serves, with its popularity weight (Zipf, rank 1 heaviest) and typical size. */
export interface UrlEntry {
  path: string;
  weight: number;
  bytes: number;
}

const NAMED_PATHS: readonly (readonly [path: string, bytes: number])[] = [
  ['/index.html', 24_000],
  ['/static/app.js', 310_000],
  ['/static/app.css', 86_000],
  ['/img/logo.png', 12_000],
  ['/favicon.ico', 4_000],
  ['/img/banner.jpg', 420_000],
  ['/fonts/inter.woff2', 98_000],
  ['/static/vendor.js', 780_000],
  ['/api/config.json', 2_000],
  ['/img/hero.webp', 260_000],
  ['/video/intro.mp4', 24_000_000],
  ['/downloads/setup.exe', 68_000_000],
];

const GENERATED_KINDS: readonly (readonly [prefix: string, extension: string, bytes: number])[] = [
  ['/img/p/', 'jpg', 180_000],
  ['/static/chunk-', 'js', 60_000],
  ['/docs/page-', 'html', 30_000],
  ['/img/t/', 'png', 20_000],
];

const MAX_URLS = 1500;

/** Zipf weights by popularity rank (0 heaviest), cumulated: the same for every domain. */
const ZIPF_CUMULATIVE: readonly number[] = (() => {
  const cumulative: number[] = [];
  let sum = 0;
  for (let rank = 0; rank < MAX_URLS; rank += 1) {
    sum += 1 / (rank + 1) ** 1.1;
    cumulative.push(sum);
  }
  return cumulative;
})();

/** The objects a domain serves, by popularity rank (0 = most requested). */
export interface UrlCatalogue {
  /** 1200 to 1499, so ListTopData's 1000-entry cap is reachable. */
  count: number;
  /** The object at a rank: the named paths first (in a per-domain order), then generated ones. */
  at(rank: number): UrlEntry;
  /** The rank a uniform draw in [0, 1) lands on when requests follow the weights. */
  rankAt(fraction: number): number;
}

export function urlCatalogue(profile: TrafficProfile): UrlCatalogue {
  const order = (path: string) => unit(profile.seed ^ 0x0a11, hashName(path));
  const named = [...NAMED_PATHS].sort((a, b) => order(a[0]) - order(b[0]));
  const count = 1200 + (mix(profile.seed, 5) % 300);
  const weightOf = (rank: number) => ZIPF_CUMULATIVE[rank]! - (ZIPF_CUMULATIVE[rank - 1] ?? 0);
  return {
    count,
    at(rank) {
      const fixed = named[rank];
      if (fixed) return { path: fixed[0], weight: weightOf(rank), bytes: fixed[1] };
      const [prefix, extension, bytes] = GENERATED_KINDS[rank % GENERATED_KINDS.length]!;
      const id = mix(profile.seed ^ 0x0b1, rank)
        .toString(16)
        .padStart(8, '0');
      return {
        path: `${prefix}${id}.${extension}`,
        weight: weightOf(rank),
        bytes: Math.round(bytes * (0.5 + unit(profile.seed, rank))),
      };
    },
    rankAt(fraction) {
      const target = fraction * ZIPF_CUMULATIVE[count - 1]!;
      let low = 0;
      let high = count - 1;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (ZIPF_CUMULATIVE[middle]! > target) high = middle;
        else low = middle + 1;
      }
      return low;
    },
  };
}
