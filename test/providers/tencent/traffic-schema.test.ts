import { describe, expect, it } from 'vitest';
import { DescribeCdnDataResponse } from '../../../src/providers/tencent/traffic-schema.ts';

function answer(points: unknown): unknown {
  return {
    Interval: '5min',
    Data: [{ Resource: 'www.example.com', CdnData: [{ Metric: 'flux', DetailData: points }] }],
  };
}

describe('DescribeCdnData answers', () => {
  it('reads each point as epoch ms in UTC+8, the same time read alike for every domain', () => {
    const parsed = DescribeCdnDataResponse.parse({
      Data: ['a.example.com', 'b.example.com'].map((Resource) => ({
        Resource,
        CdnData: [{ Metric: 'flux', DetailData: [{ Time: '2026-11-23 09:05:00', Value: 12 }] }],
      })),
    });
    const points = parsed.Data?.map((resource) => resource.CdnData?.[0]?.DetailData);
    expect(points).toEqual([
      [{ time: Date.UTC(2026, 10, 23, 1, 5), value: 12 }],
      [{ time: Date.UTC(2026, 10, 23, 1, 5), value: 12 }],
    ]);
  });

  it('refuses a point whose time or value is malformed, naming the point', () => {
    for (const bad of [
      { Time: '2026-11-23T09:05:00Z', Value: 1 },
      { Time: '2026-11-23 09:05:00', Value: '1' },
      null,
    ]) {
      const parsed = DescribeCdnDataResponse.safeParse(
        answer([{ Time: '2026-11-23 09:00:00', Value: 1 }, bad]),
      );
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual(['Data', 0, 'CdnData', 0, 'DetailData', 1]);
      expect(parsed.error?.issues[0]?.message).toContain('YYYY-MM-DD HH:mm:ss');
    }
  });

  it('refuses DetailData that is not a list', () => {
    expect(DescribeCdnDataResponse.safeParse(answer({ Time: '2026-11-23 09:00:00', Value: 1 })).success).toBe(
      false,
    );
  });
});
