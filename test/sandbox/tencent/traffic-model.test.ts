import { describe, expect, it } from 'vitest';
import { isQuietHour, minuteTraffic, trafficProfile } from '../../../sandbox/tencent/traffic-model.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The first hour from `from` on in which `domain` has no visitors (one of 02:00–05:59 UTC+8 most days). */
function firstQuietHour(domain: string, from: number): number {
  const profile = trafficProfile(domain);
  for (let hour = from; hour < from + 30 * 24 * HOUR; hour += HOUR) {
    if (isQuietHour(profile, hour)) return hour;
  }
  throw new Error(`${domain} has no quiet hour in 30 days`);
}

describe('Tencent sandbox traffic model', () => {
  it('brings a quiet hour’s visitors back while an incident is staged there, so the incident has requests to fail', () => {
    const domain = 'video.example.com';
    const quiet = firstQuietHour(domain, Date.UTC(2026, 11, 1));
    const minute = quiet + 20 * MINUTE;
    const incident = { from: quiet + 15 * MINUTE, serverErrorShare: 0.12 };

    expect(minuteTraffic(trafficProfile(domain), minute).request).toBe(0);
    expect(minuteTraffic(trafficProfile(domain, [incident]), minute).request).toBeGreaterThan(0);
    // Before it began, and once it has ended, the hour is as quiet as ever.
    expect(minuteTraffic(trafficProfile(domain, [incident]), quiet + 10 * MINUTE).request).toBe(0);
    const ended = { ...incident, until: quiet + 30 * MINUTE };
    expect(minuteTraffic(trafficProfile(domain, [ended]), quiet + 40 * MINUTE).request).toBe(0);
  });
});
