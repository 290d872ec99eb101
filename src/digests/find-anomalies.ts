import type { DomainStatus } from '../providers/types.ts';
import { classRate } from './status-classes.ts';
import type { DigestFigures, DomainFigures } from './summarize-digest.ts';

/** A 5xx rate above this (percent of responses) is called out. */
export const SERVER_ERROR_RATE_THRESHOLD = 1;
/** ...but only with at least this many responses: 3 errors in 50 requests is not an incident. */
export const SERVER_ERROR_MIN_RESPONSES = 1_000;
/** Traffic changing by more than this (percent, either way) against the comparison day is called out. */
export const TRAFFIC_CHANGE_THRESHOLD = 50;
/** ...when either day served at least this many bytes (10 MB): a 2 KB test domain doubling is noise. */
export const TRAFFIC_CHANGE_FLOOR_BYTES = 10 * 1024 ** 2;

/** Statuses meaning the domain has been stopped (or is being stopped) at the provider. */
const STOPPED: ReadonlySet<DomainStatus> = new Set(['offline', 'closing']);

export type Anomaly =
  /** Stopped at the provider while it still served traffic in the period or the one before. */
  | { kind: 'offline'; domain: string; status: DomainStatus; fluxBefore: number | undefined }
  /** Online, yet nothing served in the period after traffic in the one before. */
  | { kind: 'silent'; domain: string; fluxBefore: number }
  | { kind: 'serverErrors'; domain: string; rate: number; responses: number }
  /** Its HTTPS certificate expires within a fortnight, or has expired (certificate-anomalies.ts). */
  | { kind: 'certificate'; domain: string; daysLeft: number; certificateId: string }
  | {
      kind: 'trafficChange';
      domain: string;
      change: number;
      flux: number;
      fluxBefore: number;
      against: string;
    };

/**
 * What a digest calls out at the top, most serious first: domains that went offline or silent, 5xx rates above
 * SERVER_ERROR_RATE_THRESHOLD, then traffic changes beyond ±TRAFFIC_CHANGE_THRESHOLD against the first comparison
 * that has an answer (the day before, else the same day last week). `labels` are the comparisons' names.
 */
export function findAnomalies(figures: DigestFigures, labels: readonly string[]): Anomaly[] {
  const gone: Anomaly[] = [];
  const errors: Extract<Anomaly, { kind: 'serverErrors' }>[] = [];
  const changes: Extract<Anomaly, { kind: 'trafficChange' }>[] = [];
  for (const figure of figures.domains) {
    const flux = figure.now.flux ?? 0;
    const reference = firstComparison(figure, labels);
    if (figure.status && STOPPED.has(figure.status)) {
      if (flux > 0 || (reference?.flux ?? 0) > 0) {
        gone.push({
          kind: 'offline',
          domain: figure.domain,
          status: figure.status,
          fluxBefore: reference?.flux,
        });
      }
      continue;
    }
    if (flux === 0 && (figure.now.request ?? 0) === 0 && reference && reference.flux > 0) {
      gone.push({ kind: 'silent', domain: figure.domain, fluxBefore: reference.flux });
      continue;
    }
    if (figure.codes && figure.codes.responses >= SERVER_ERROR_MIN_RESPONSES) {
      const rate = classRate(figure.codes, 'serverErrors');
      if (rate > SERVER_ERROR_RATE_THRESHOLD) {
        errors.push({ kind: 'serverErrors', domain: figure.domain, rate, responses: figure.codes.responses });
      }
    }
    if (reference && Math.max(flux, reference.flux) >= TRAFFIC_CHANGE_FLOOR_BYTES && reference.flux > 0) {
      const change = ((flux - reference.flux) / reference.flux) * 100;
      if (Math.abs(change) > TRAFFIC_CHANGE_THRESHOLD) {
        changes.push({
          kind: 'trafficChange',
          domain: figure.domain,
          change,
          flux,
          fluxBefore: reference.flux,
          against: reference.label,
        });
      }
    }
  }
  errors.sort((a, b) => b.rate - a.rate || a.domain.localeCompare(b.domain));
  changes.sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || a.domain.localeCompare(b.domain));
  return [...gone, ...errors, ...changes];
}

function firstComparison(
  figure: DomainFigures,
  labels: readonly string[],
): { flux: number; label: string } | undefined {
  for (const [index, summary] of figure.before.entries()) {
    if (summary?.flux !== undefined) return { flux: summary.flux, label: labels[index] ?? 'before' };
  }
  return undefined;
}
