import { describe, expect, it } from 'vitest';
import {
  findAnomalies,
  SERVER_ERROR_MIN_RESPONSES,
  SERVER_ERROR_RATE_THRESHOLD,
  TRAFFIC_CHANGE_FLOOR_BYTES,
  TRAFFIC_CHANGE_THRESHOLD,
} from '../../src/digests/find-anomalies.ts';
import type { DigestFigures, DomainFigures } from '../../src/digests/summarize-digest.ts';

const GB = 1024 ** 3;
const LABELS = ['day before', 'same day last week'];

function domain(
  overrides: Partial<DomainFigures> & { flux?: number; fluxBefore?: number; fluxWeek?: number },
): DomainFigures {
  const { flux = GB, fluxBefore = GB, fluxWeek = GB, ...rest } = overrides;
  return {
    domain: 'www.example.com',
    accountId: 'tencent-prod',
    status: 'online',
    now: { flux, request: flux > 0 ? 1_000 : 0, grid: {} },
    before: [
      { flux: fluxBefore, grid: {} },
      { flux: fluxWeek, grid: {} },
    ],
    codes: undefined,
    top: undefined,
    ...rest,
  };
}

function figures(domains: DomainFigures[]): DigestFigures {
  return {
    domains,
    totals: { now: { grid: {} }, before: [], codes: undefined, top: undefined },
    pooled: [],
    accounts: 1,
  };
}

describe('findAnomalies', () => {
  it('calls out a 5xx rate above the threshold, with enough responses to mean something', () => {
    const responses = SERVER_ERROR_MIN_RESPONSES * 10;
    const above = (SERVER_ERROR_RATE_THRESHOLD / 100) * responses + 1;
    const anomalies = findAnomalies(
      figures([
        domain({ domain: 'a.example.com', codes: { responses, clientErrors: 0, serverErrors: above } }),
        domain({ domain: 'b.example.com', codes: { responses, clientErrors: 0, serverErrors: 10 } }),
        domain({ domain: 'c.example.com', codes: { responses: 50, clientErrors: 0, serverErrors: 25 } }),
      ]),
      LABELS,
    );

    expect(anomalies).toEqual([
      { kind: 'serverErrors', domain: 'a.example.com', rate: (above / responses) * 100, responses },
    ]);
  });

  it.each([
    ['a drop of 60%', 0.4 * GB, GB, -60],
    ['a rise of 120%', 2.2 * GB, GB, 120],
  ])('calls out %s against the day before', (_case, flux, fluxBefore, change) => {
    const [anomaly] = findAnomalies(figures([domain({ flux, fluxBefore })]), LABELS);

    expect(anomaly).toMatchObject({ kind: 'trafficChange', against: 'day before' });
    expect((anomaly as { change: number }).change).toBeCloseTo(change);
  });

  it.each([
    ['a change of exactly the threshold', GB * (1 + TRAFFIC_CHANGE_THRESHOLD / 100), GB],
    ['a big change on a tiny domain', TRAFFIC_CHANGE_FLOOR_BYTES / 4, TRAFFIC_CHANGE_FLOOR_BYTES / 2 - 1],
  ])('leaves %s alone', (_case, flux, fluxBefore) => {
    expect(findAnomalies(figures([domain({ flux, fluxBefore })]), LABELS)).toEqual([]);
  });

  it('falls back to the same day last week when the day before has no answer', () => {
    const figure = domain({ flux: GB });
    figure.before = [undefined, { flux: 3 * GB, grid: {} }];

    expect(findAnomalies(figures([figure]), LABELS)).toMatchObject([
      { kind: 'trafficChange', against: 'same day last week' },
    ]);
  });

  it('calls out a domain stopped at the provider that served traffic, and one that went silent, first', () => {
    const anomalies = findAnomalies(
      figures([
        domain({ domain: 'busy.example.com', flux: 3 * GB }),
        domain({ domain: 'stopped.example.com', status: 'offline', flux: 0.2 * GB }),
        domain({ domain: 'silent.example.com', flux: 0 }),
        domain({ domain: 'long-gone.example.com', status: 'offline', flux: 0, fluxBefore: 0, fluxWeek: 0 }),
      ]),
      LABELS,
    );

    expect(anomalies.map((anomaly) => [anomaly.kind, anomaly.domain])).toEqual([
      ['offline', 'stopped.example.com'],
      ['silent', 'silent.example.com'],
      ['trafficChange', 'busy.example.com'],
    ]);
  });
});
