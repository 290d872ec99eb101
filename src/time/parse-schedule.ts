/**
 * Digest schedules: five-field cron read in an IANA timezone, through croner (zero dependencies, IANA zones with
 * defined DST behaviour, and `nextRun`/`previousRuns` from any instant, so a schedule is computed from the injected
 * clock rather than run by croner's own timers).
 */
import { Cron } from 'croner';

/** Runs closer together than this are refused: a digest is a summary, and each run costs provider API calls. */
export const MIN_DIGEST_GAP_MS = 60 * 60_000;
/** How many upcoming runs are checked against MIN_DIGEST_GAP_MS: two days of an hourly schedule. */
const GAP_SAMPLE = 48;
/** Where the gap check starts: any fixed instant will do, the check is about the pattern, not about today. */
const CHECK_FROM = new Date(Date.UTC(2026, 0, 1));

export const SCHEDULE_HINT =
  'Write five fields in quotes: minute hour day-of-month month day-of-week, e.g. "0 9 * * *" for 09:00 every day or "30 8 * * 1-5" for 08:30 on weekdays';

/** A parsed schedule. Instants are epoch ms; runs fall on whole minutes. */
export interface Schedule {
  /** The cron as written. */
  readonly cron: string;
  readonly timeZone: string;
  /** The first run strictly after `after`. */
  nextAfter(after: number): number | undefined;
  /** The latest run strictly before `before`. */
  previousBefore(before: number): number | undefined;
}

/** What is wrong with a cron for a digest, phrased to follow its name (`"0 9 * *" must have 5 fields…`), or undefined. */
export function scheduleProblem(cron: string): string | undefined {
  const parsed = readCron(cron, 'UTC');
  if (typeof parsed === 'string') return parsed;
  const runs = parsed.nextRuns(GAP_SAMPLE, CHECK_FROM).map((date) => date.getTime());
  if (runs.length === 0) return 'never runs: no date matches it';
  for (let index = 1; index < runs.length; index++) {
    if (runs[index]! - runs[index - 1]! < MIN_DIGEST_GAP_MS) {
      return 'runs more often than once an hour; a digest is a summary, e.g. "0 9 * * *" for 09:00 every day';
    }
  }
  return undefined;
}

/** Parses `cron` for `timeZone`; throws an Error whose message is scheduleProblem's when the cron is not usable. */
export function parseSchedule(cron: string, timeZone: string): Schedule {
  const problem = scheduleProblem(cron);
  if (problem) throw new Error(`schedule "${cron}" ${problem}`);
  const job = readCron(cron, timeZone);
  if (typeof job === 'string') throw new Error(`schedule "${cron}" ${job}`);
  return {
    cron,
    timeZone,
    nextAfter(after) {
      return job.nextRun(new Date(after))?.getTime();
    },
    previousBefore(before) {
      // previousRuns counts a run earlier in the same second as the reference; exactly at it is excluded.
      return job.previousRuns(1, new Date(before))[0]?.getTime();
    },
  };
}

function readCron(cron: string, timeZone: string): Cron | string {
  const text = cron.trim();
  if (text.split(/\s+/).length !== 5) {
    return 'must be a cron expression with 5 fields (minute hour day-of-month month day-of-week), e.g. "0 9 * * *"';
  }
  try {
    // No callback: croner keeps no timer, it only answers questions about the pattern.
    return new Cron(text, { timezone: timeZone, mode: '5-part' });
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^CronPattern:\s*/, '') : String(error);
    return `is not a cron expression cdnops can read (${reason})`;
  }
}
