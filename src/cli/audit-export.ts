/**
 * `cdnops audit --json --from D [--to D]`: the audit log of a period, oldest first, as JSON Lines on standard
 * output: one entry a line, the fields of `audit --json`'s entries, so an export of years streams into `jq`, a file
 * or a log pipeline without ever being held whole. The count and the period go to standard error.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Clock } from '../clock.ts';
import { formatError } from '../dispatch/format-error.ts';
import { parseArgv } from '../dispatch/parse-argv.ts';
import { UsageError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { renderBlocksAsText } from '../render/blocks-to-text.ts';
import type { AuditRepository } from '../store/store.ts';
import { localDayStart } from '../time/local-day-start.ts';
import { parseUserTime } from '../time/parse-user-time.ts';
import { formatWallTime } from '../time/zoned-time.ts';

export const AUDIT_EXPORT_FLAGS = '--json --from D [--to D]';
export const AUDIT_EXPORT_USAGE = `audit ${AUDIT_EXPORT_FLAGS}`;
const BARE_DAY = /^(\d{4}-\d{1,2}-\d{1,2}|today|yesterday)$/i;

/** `audit` with --from or --to is the export; without, it is the /cdn command, a page at a time. */
export function isAuditExport(argv: readonly string[]): boolean {
  const [name, ...rest] = argv;
  if (name?.toLowerCase() !== 'audit') return false;
  const options = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  return options.some((token) => /^--(from|to)(=|$)/i.test(token));
}

export async function runAuditExport(input: {
  /** What follows `audit`. */
  argv: readonly string[];
  audit: AuditRepository;
  timeZone: string;
  clock: Clock;
  stdout: Writable;
  stderr: Writable;
  logger: Logger;
}): Promise<number> {
  const { stdout, stderr, timeZone } = input;
  try {
    const args = parseArgv(
      input.argv,
      { from: 'string', to: 'string' },
      { command: 'audit', usage: AUDIT_EXPORT_USAGE },
    );
    const hint = `Usage: \`cdnops ${AUDIT_EXPORT_USAGE}\`, e.g. cdnops audit --json --from 2026-11-01 --to 2026-11-30`;
    if (args.positionals.length > 0) throw new UsageError('The export takes only --from and --to.', hint);
    if (args.from === undefined) throw new UsageError('Say where the export starts, with --from.', hint);
    const now = input.clock.now();
    const from = parseUserTime(args.from, { timeZone, now, edge: 'start', flag: '--from' });
    const to = args.to === undefined ? now + 1 : exclusiveEnd(args.to, timeZone, now);
    if (to <= from) throw new UsageError('--to must be later than --from.', hint);

    let count = 0;
    for await (const entry of input.audit.between({ from, to })) {
      // Wait when the reader is slower than the store, so a big export never piles up in memory.
      if (!stdout.write(`${JSON.stringify(entry)}\n`)) await once(stdout, 'drain');
      count += 1;
    }
    stderr.write(
      `cdnops: exported ${count} audit ${count === 1 ? 'entry' : 'entries'} from ${formatWallTime(from, timeZone)} to ${formatWallTime(to, timeZone)} (${timeZone}, end excluded).\n`,
    );
    return 0;
  } catch (error) {
    const text = renderBlocksAsText(formatError(error, input.logger, AUDIT_EXPORT_USAGE), {
      plain: true,
      slashCommandAs: 'cdnops',
    });
    stderr.write(`${text}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}

/** `--to 2026-11-30` includes that whole day; a date and time is the moment the export stops. */
function exclusiveEnd(text: string, timeZone: string, now: number): number {
  const start = parseUserTime(text, { timeZone, now, edge: 'start', flag: '--to' });
  return BARE_DAY.test(text.trim()) ? localDayStart(start, timeZone, 1) : start;
}
