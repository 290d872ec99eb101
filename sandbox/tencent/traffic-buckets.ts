import { MINUTE_MS } from './stat-time.ts';
import {
  MODEL_STATUS_CODES,
  minuteStatusCodes,
  minuteTraffic,
  type TrafficProfile,
} from './traffic-model.ts';
import type { SandboxArea } from './types.ts';

/** `count` consecutive buckets of `stepMs` from `startMs`; a bucket covers [start, start + step). */
export interface BucketSpec {
  startMs: number;
  stepMs: number;
  count: number;
}

/** The model summed over some domains, per bucket. Only whole minutes that ended by `now` count. */
export interface TrafficBuckets {
  request: number[];
  flux: number[];
  hitRequest: number[];
  hitFlux: number[];
  /**
   * Highest bandwidth (bits per second, rounded) of any 5-minute window in the bucket, or of any minute when the
   * buckets are minutes: Tencent's bandwidth is a peak, never an average over the bucket.
   */
  peakBandwidth: number[];
  /** Requests per status code (every code of the model, including zeros); empty unless asked for. */
  codes: Map<string, number[]>;
}

const FIVE_MINUTES_MS = 5 * MINUTE_MS;

/**
 * Which share of a domain's traffic a statistics area sees: all of it, none, or, for a domain served in both areas
 * (`global`), its mainland or its overseas part. The parts add up exactly to the whole, minute by minute.
 */
export type AreaShare = 'all' | 'none' | 'mainlandPart' | 'overseasPart';

/** The mainland's part of a global domain's traffic; the rest is overseas. */
const MAINLAND_PART = 0.7;

/** The share of a domain served in `served` (mainland when unset) that statistics asked for `asked` see. */
export function areaShare(served: SandboxArea | undefined, asked: 'mainland' | 'overseas'): AreaShare {
  if (served === 'global') return asked === 'mainland' ? 'mainlandPart' : 'overseasPart';
  return (served ?? 'mainland') === asked ? 'all' : 'none';
}

export function shareOf(value: number, share: AreaShare): number {
  if (share === 'all') return value;
  if (share === 'none') return 0;
  const mainland = Math.floor(value * MAINLAND_PART);
  return share === 'mainlandPart' ? mainland : value - mainland;
}

/** Sums the domains' traffic minute by minute into buckets. `stepMs` must be a minute or a multiple of 5 minutes. */
export function trafficBuckets(
  profiles: readonly TrafficProfile[],
  spec: BucketSpec,
  nowMs: number,
  withCodes: boolean,
  shareFor: (profile: TrafficProfile) => AreaShare = () => 'all',
): TrafficBuckets {
  const zeros = () => new Array<number>(spec.count).fill(0);
  const result: TrafficBuckets = {
    request: zeros(),
    flux: zeros(),
    hitRequest: zeros(),
    hitFlux: zeros(),
    peakBandwidth: zeros(),
    codes: new Map(),
  };
  const windowMs = spec.stepMs === MINUTE_MS ? MINUTE_MS : FIVE_MINUTES_MS;
  for (let bucket = 0; bucket < spec.count; bucket += 1) {
    const bucketStart = spec.startMs + bucket * spec.stepMs;
    for (let window = bucketStart; window < bucketStart + spec.stepMs; window += windowMs) {
      let windowFlux = 0;
      for (
        let minute = window;
        minute < window + windowMs && minute + MINUTE_MS <= nowMs;
        minute += MINUTE_MS
      ) {
        for (const profile of profiles) {
          const share = shareFor(profile);
          if (share === 'none') continue;
          const whole = minuteTraffic(profile, minute);
          const traffic = {
            request: shareOf(whole.request, share),
            flux: shareOf(whole.flux, share),
            hitRequest: Math.min(shareOf(whole.hitRequest, share), shareOf(whole.request, share)),
            hitFlux: Math.min(shareOf(whole.hitFlux, share), shareOf(whole.flux, share)),
          };
          result.request[bucket]! += traffic.request;
          result.flux[bucket]! += traffic.flux;
          result.hitRequest[bucket]! += traffic.hitRequest;
          result.hitFlux[bucket]! += traffic.hitFlux;
          windowFlux += traffic.flux;
          if (withCodes)
            addCodes(
              result.codes,
              spec.count,
              bucket,
              minuteStatusCodes(profile, minute, whole.request).map((count) => shareOf(count, share)),
            );
        }
      }
      const bandwidth = Math.round((windowFlux * 8) / (windowMs / 1000));
      result.peakBandwidth[bucket] = Math.max(result.peakBandwidth[bucket]!, bandwidth);
    }
  }
  return result;
}

function addCodes(totals: Map<string, number[]>, count: number, bucket: number, minuteCodes: number[]): void {
  minuteCodes.forEach((requests, i) => {
    const code = MODEL_STATUS_CODES[i]!;
    let series = totals.get(code);
    if (!series) {
      series = new Array<number>(count).fill(0);
      totals.set(code, series);
    }
    series[bucket]! += requests;
  });
}

/**
 * Recently bucketed answers: a client asks one range once per metric, and the model is pure, so they repeat. Kept
 * per domain (Detail answers each domain apart), enough for `stats all` over the bench's 500 domains to be answered
 * a second time from what the first worked out: with 256, each batch pushed out the one asked a second later, and
 * every call worked out thousands of minutes again (about 46 kB each for a day and its previous day at 5 minutes).
 */
const recent = new Map<string, TrafficBuckets>();
const RECENT_LIMIT = 1_200;

/** `trafficBuckets`, remembered for the last few distinct questions (the answers are never mutated by callers). */
export function cachedTrafficBuckets(
  profiles: readonly TrafficProfile[],
  spec: BucketSpec,
  nowMs: number,
  withCodes: boolean,
  shareFor: (profile: TrafficProfile) => AreaShare = () => 'all',
): TrafficBuckets {
  const key = [
    // A staged incident changes the answer for the same question: it is part of the key.
    profiles
      .map(
        (profile) =>
          `${profile.domain}:${shareFor(profile)}${profile.incidents.length > 0 ? JSON.stringify(profile.incidents) : ''}`,
      )
      .join(','),
    spec.startMs,
    spec.stepMs,
    spec.count,
    // `nowMs` only decides how many whole minutes from the start have ended: on a real clock every call has a new
    // `nowMs`, and keying by it made each metric of a batch work out the same thousands of minutes again.
    Math.floor((nowMs - spec.startMs) / MINUTE_MS),
    withCodes,
  ].join('|');
  const known = recent.get(key);
  if (known) return known;
  const answer = trafficBuckets(profiles, spec, nowMs, withCodes, shareFor);
  if (recent.size >= RECENT_LIMIT) recent.delete(recent.keys().next().value!);
  recent.set(key, answer);
  return answer;
}
