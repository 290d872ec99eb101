/**
 * The conditions a watch rule fires on, as people type them after `--when` or under `when:` in cdnops.yml:
 * `5xx > 2%`, `4xx > 10%`, `hit-rate < 80%`, `bandwidth > 2Gbps`, `requests < 10`, `traffic change > 50%`,
 * `status != online`, `cert < 14d`. The parsed form is plain data so the store and the config keep only the text as typed and
 * every reader parses it again with the same rules.
 */
import * as z from 'zod';

export const CONDITION_HINT =
  'Write one of: "5xx > 2%", "4xx > 10%", "hit-rate < 80%", "bandwidth > 2Gbps", "requests < 10", "traffic change > 50%" (against the same time a week earlier), "status != online", "cert < 14d" (HTTPS certificate expires within 14 days).';

export const Comparison = z.enum(['>', '<']);
export type Comparison = z.infer<typeof Comparison>;

/** What a rule measures per domain and interval, and the threshold it is held to. */
export const WatchCondition = z.discriminatedUnion('kind', [
  /** Share of responses (5xx, 4xx) or of requests served from cache (hit-rate), in percent. */
  z.object({
    kind: z.literal('rate'),
    metric: z.enum(['5xx', '4xx', 'hit-rate']),
    op: Comparison,
    threshold: z.number(),
  }),
  /** Peak bandwidth of the interval, bits per second. */
  z.object({ kind: z.literal('bandwidth'), op: Comparison, threshold: z.number() }),
  /** Requests in the interval. */
  z.object({ kind: z.literal('requests'), op: Comparison, threshold: z.number() }),
  /** Requests against the same interval one week earlier, change in percent either way. */
  z.object({ kind: z.literal('traffic-change'), op: Comparison, threshold: z.number() }),
  /** Days until the domain's HTTPS certificate expires (part-days rounded up, negative once expired). */
  z.object({ kind: z.literal('cert'), op: z.literal('<'), threshold: z.number() }),
  /** The domain's status as the provider lists it. */
  z.object({ kind: z.literal('status'), op: z.enum(['!=', '=']), status: z.enum(['online', 'offline']) }),
]);
export type WatchCondition = z.infer<typeof WatchCondition>;

/**
 * Requests an interval must hold before a rate or a change is judged: 3 errors out of 20 requests is 15%, and
 * nobody should be woken for it. A rule may set its own (`min-requests`).
 */
export const DEFAULT_MIN_REQUESTS: Readonly<Record<WatchCondition['kind'], number>> = {
  rate: 100,
  'traffic-change': 100,
  bandwidth: 0,
  requests: 0,
  status: 0,
  cert: 0,
};

/** A certificate rule looks at most ten years ahead: further is a typo, not a renewal plan. */
const MAX_CERT_DAYS = 3650;

const BANDWIDTH_UNITS: Readonly<Record<string, number>> = {
  bps: 1,
  kbps: 1e3,
  mbps: 1e6,
  gbps: 1e9,
  tbps: 1e12,
};

/** Parses a condition; a string is the problem, saying how to write it. */
export function parseCondition(text: string): WatchCondition | string {
  const typed = text.trim().replace(/\s+/g, ' ');
  if (typed === '') return `the condition is empty. ${CONDITION_HINT}`;
  const match = /^([a-z0-9 -]+?) ?(!=|==|>=|<=|=|>|<) ?(.+)$/i.exec(typed);
  if (!match) return `"${typed}" has no comparison (>, < or !=). ${CONDITION_HINT}`;
  const [, rawSubject = '', op = '', rawValue = ''] = match;
  const subject = rawSubject.toLowerCase().trim();
  const value = rawValue.trim();
  if (subject === 'cert' || subject === 'certificate') return parseCert(op, value, typed);
  if (subject === 'status') return parseStatus(op, value, typed);
  const comparison = readComparison(op);
  if (comparison === undefined) {
    return op === '>=' || op === '<='
      ? `"${typed}": use > or < (a figure sits exactly on a threshold too rarely for >= to matter).`
      : `"${typed}": compare figures with > or <; != and = are for status, e.g. "status != online".`;
  }
  switch (subject) {
    case '5xx':
    case '4xx':
    case 'hit-rate':
    case 'hitrate':
    case 'hit rate': {
      const metric = subject === '5xx' || subject === '4xx' ? subject : 'hit-rate';
      const percent = readPercent(value, typed, 100, EXAMPLES[metric]);
      if (typeof percent === 'string') return percent;
      return { kind: 'rate', metric, op: comparison, threshold: percent };
    }
    case 'traffic change':
    case 'traffic-change': {
      const percent = readPercent(value, typed, Number.POSITIVE_INFINITY, 'traffic change > 50%');
      if (typeof percent === 'string') return percent;
      return { kind: 'traffic-change', op: comparison, threshold: percent };
    }
    case 'bandwidth': {
      const unit = /^(\d+(?:\.\d+)?) ?([kmgt]?bps)$/i.exec(value);
      if (!unit) {
        return `"${typed}": a bandwidth is a number with bps, Kbps, Mbps, Gbps or Tbps, e.g. "bandwidth > 2Gbps".`;
      }
      const bps = Number(unit[1]) * BANDWIDTH_UNITS[unit[2]!.toLowerCase()]!;
      if (!(bps > 0)) return `"${typed}": the bandwidth must be more than 0, e.g. "bandwidth > 2Gbps".`;
      return { kind: 'bandwidth', op: comparison, threshold: bps };
    }
    case 'requests':
    case 'request': {
      if (!/^\d+$/.test(value)) {
        return `"${typed}": requests are a whole number per 5 minutes, e.g. "requests < 10".`;
      }
      return { kind: 'requests', op: comparison, threshold: Number(value) };
    }
    default:
      return `"${rawSubject.trim()}" is not something a watch can measure. ${CONDITION_HINT}`;
  }
}

function readComparison(op: string): Comparison | undefined {
  return op === '>' || op === '<' ? op : undefined;
}

/** How each percent condition is written, for a refusal of one written without its %. */
const EXAMPLES = { '5xx': '5xx > 2%', '4xx': '4xx > 10%', 'hit-rate': 'hit-rate < 80%' } as const;

/** `example` is a condition of the same kind, written right: the refusal shows it. */
function readPercent(value: string, typed: string, max: number, example: string): number | string {
  const match = /^(\d+(?:\.\d+)?) ?%$/.exec(value);
  if (!match) return `"${typed}": give the threshold in percent, e.g. "${example}".`;
  const percent = Number(match[1]);
  if (!(percent > 0) || percent > max) {
    return `"${typed}": the percentage must be more than 0${Number.isFinite(max) ? ` and at most ${max}` : ''}.`;
  }
  return percent;
}

function parseStatus(op: string, value: string, typed: string): WatchCondition | string {
  const status = value.toLowerCase();
  if (status !== 'online' && status !== 'offline') {
    return `"${typed}": a status is online or offline, e.g. "status != online".`;
  }
  if (op === '!=') return { kind: 'status', op: '!=', status };
  if (op === '=' || op === '==') return { kind: 'status', op: '=', status };
  return `"${typed}": compare a status with != or =, e.g. "status != online".`;
}

function parseCert(op: string, value: string, typed: string): WatchCondition | string {
  if (op !== '<') {
    return `"${typed}": a certificate is watched for expiring soon, with <, e.g. "cert < 14d".`;
  }
  const match = /^(\d+) ?(d|days?|w|weeks?)$/i.exec(value);
  if (!match) return `"${typed}": give the days left with d (or weeks with w), e.g. "cert < 14d".`;
  const days = Number(match[1]) * (match[2]!.toLowerCase().startsWith('w') ? 7 : 1);
  if (!(days > 0) || days > MAX_CERT_DAYS) {
    return `"${typed}": the days must be more than 0 and at most ${MAX_CERT_DAYS}, e.g. "cert < 14d".`;
  }
  return { kind: 'cert', op: '<', threshold: days };
}

/** The condition as the bot writes it back, in one form whatever spacing or case was typed. */
export function describeCondition(condition: WatchCondition): string {
  switch (condition.kind) {
    case 'rate':
      return `${condition.metric} ${condition.op} ${condition.threshold}%`;
    case 'traffic-change':
      return `traffic change ${condition.op} ${condition.threshold}%`;
    case 'bandwidth':
      return `bandwidth ${condition.op} ${describeBandwidth(condition.threshold)}`;
    case 'requests':
      return `requests ${condition.op} ${condition.threshold}`;
    case 'status':
      return `status ${condition.op} ${condition.status}`;
    case 'cert':
      return `cert < ${condition.threshold}d`;
  }
}

function describeBandwidth(bps: number): string {
  for (const [unit, factor] of [
    ['Tbps', 1e12],
    ['Gbps', 1e9],
    ['Mbps', 1e6],
    ['Kbps', 1e3],
  ] as const) {
    if (bps >= factor) return `${Number((bps / factor).toPrecision(6))}${unit}`;
  }
  return `${bps}bps`;
}
