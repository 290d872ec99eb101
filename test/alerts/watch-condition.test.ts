import { describe, expect, it } from 'vitest';
import { Config } from '../../src/config/schema.ts';
import { describeCondition, parseCondition } from '../../src/config/watch-condition.ts';

describe('watch conditions', () => {
  it.each([
    ['5xx > 2%', { kind: 'rate', metric: '5xx', op: '>', threshold: 2 }, '5xx > 2%'],
    ['4xx>10%', { kind: 'rate', metric: '4xx', op: '>', threshold: 10 }, '4xx > 10%'],
    ['Hit-Rate  <  80 %', { kind: 'rate', metric: 'hit-rate', op: '<', threshold: 80 }, 'hit-rate < 80%'],
    ['bandwidth > 2Gbps', { kind: 'bandwidth', op: '>', threshold: 2e9 }, 'bandwidth > 2Gbps'],
    ['bandwidth > 1.5 gbps', { kind: 'bandwidth', op: '>', threshold: 1.5e9 }, 'bandwidth > 1.5Gbps'],
    ['requests < 10', { kind: 'requests', op: '<', threshold: 10 }, 'requests < 10'],
    ['traffic change > 50%', { kind: 'traffic-change', op: '>', threshold: 50 }, 'traffic change > 50%'],
    ['status != online', { kind: 'status', op: '!=', status: 'online' }, 'status != online'],
    ['cert < 14d', { kind: 'cert', op: '<', threshold: 14 }, 'cert < 14d'],
    ['Certificate < 2 weeks', { kind: 'cert', op: '<', threshold: 14 }, 'cert < 14d'],
  ])('reads "%s"', (typed, parsed, written) => {
    const condition = parseCondition(typed);

    expect(condition).toEqual(parsed);
    expect(describeCondition(condition as Exclude<typeof condition, string>)).toBe(written);
  });

  it.each([
    ['cert > 14d', /with <, e.g. "cert < 14d"/],
    ['cert < 14', /give the days left with d/],
    ['5xx > 2', /give the threshold in percent, e\.g\. "5xx > 2%"/],
    ['hit-rate < 80', /give the threshold in percent, e\.g\. "hit-rate < 80%"/],
    ['traffic change > 50', /give the threshold in percent, e\.g\. "traffic change > 50%"/],
    ['5xx > 120%', /at most 100/],
    ['5xx >= 2%', /use > or </],
    ['bandwidth > 2GB', /bps, Kbps, Mbps, Gbps or Tbps/],
    ['requests < ten', /whole number per 5 minutes/],
    ['status != up', /online or offline/],
    ['latency > 200ms', /"latency" is not something a watch can measure\. Write one of: "5xx > 2%"/],
    ['5xx', /has no comparison/],
    ['', /empty/],
  ])('refuses "%s" saying how to write it', (typed, problem) => {
    expect(parseCondition(typed)).toMatch(problem);
  });
});

const BASE = {
  providers: { a: { kind: 'tencent', secretId: 'id', secretKey: 'key' } },
  channels: { C0123456789: { role: 'operator' } },
};

describe('watches: in cdnops.yml', () => {
  it('reads a rule with its for in ms and the mention without @', () => {
    const config = Config.parse({
      ...BASE,
      watches: [
        {
          name: 'errors',
          channel: 'C0123456789',
          domains: 'all',
          when: '5xx > 2%',
          for: '10m',
          mention: '@S0ONCALL',
        },
      ],
    });

    expect(config.watches[0]).toEqual({
      name: 'errors',
      channel: 'C0123456789',
      domains: 'all',
      when: '5xx > 2%',
      for: 600_000,
      mention: 'S0ONCALL',
    });
  });

  it('refuses a bad condition, a duplicate name and a channel off the allowlist, each at its place', () => {
    const result = Config.safeParse({
      ...BASE,
      watches: [
        { name: 'errors', channel: 'C0123456789', domains: 'all', when: 'cert > 14d' },
        { name: 'errors', channel: 'C0999999999', domains: ['www.example.com'], when: '5xx > 2%' },
      ],
    });

    expect(result.success).toBe(false);
    const problems = result.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^watches\.0\.when: "cert > 14d": a certificate is watched for expiring soon/),
        'watches.1.name: "errors" is already the name of watches.0; watch names must be unique',
        'watches.1.channel: not listed in channels; add it there (a viewer entry is enough) so the watch may post to it',
      ]),
    );
  });
});
