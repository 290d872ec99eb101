/**
 * "◀ Previous" and "Next ▶" on a `/cdn stats` answer: the same domain and metrics over the period of the same
 * length just before or just after. The value carries the period in epoch ms; the click becomes `--from`/`--to` in
 * wall time, so the command reads it exactly as if it had been typed.
 */
import * as z from 'zod';
import type { Block } from '../messaging/message.ts';
import { describeLength } from '../time/describe-length.ts';
import type { TimeRange } from '../time/time-range.ts';
import { wallTimeOf } from '../time/zoned-time.ts';
import { safeJsonParse } from '../util/safe-json-parse.ts';
import { actions, button } from './blocks.ts';

export const STATS_PERIOD_ACTIONS = { previous: 'stats.previous', next: 'stats.next' } as const;

/** `d` domain or `all`, `f`/`t` the period (epoch ms, `t` exclusive), `m` the metrics as stats names them. */
export const StatsPeriodValue = z.object({
  d: z.string().min(1),
  f: z.number().int(),
  t: z.number().int(),
  m: z.array(z.string()),
});
export type StatsPeriodValue = z.infer<typeof StatsPeriodValue>;

/** A period that ends less than this before now has no "next": there is nothing after it yet. */
const MIN_NEXT_MS = 60_000;

export function statsPeriodButtons(input: {
  target: string;
  range: TimeRange;
  metrics: readonly string[];
  now: number;
}): Block {
  const { target, range, now } = input;
  const length = range.to - range.from;
  const value = (from: number, to: number) =>
    JSON.stringify({ d: target, f: from, t: to, m: [...input.metrics] } satisfies StatsPeriodValue);
  const described = describeLength(length);
  const buttons = [
    button(`◀ Previous ${described}`, STATS_PERIOD_ACTIONS.previous, value(range.from - length, range.from)),
  ];
  if (range.to + MIN_NEXT_MS <= now) {
    buttons.push(
      button(
        `Next ${described} ▶`,
        STATS_PERIOD_ACTIONS.next,
        value(range.to, Math.min(range.to + length, now)),
      ),
    );
  }
  return actions('stats-period', buttons);
}

/** The `/cdn stats` words for a clicked period. Returns undefined for a value cdnops did not write. */
export function statsPeriodWords(rawValue: string, timeZone: string): string[] | undefined {
  const value = StatsPeriodValue.safeParse(safeJsonParse(rawValue));
  if (!value.success) return undefined;
  const { d, f, t, m } = value.data;
  return [
    'stats',
    '--from',
    wallText(f, timeZone),
    '--to',
    wallText(t, timeZone),
    ...(m.length > 0 ? ['--metric', m.join(',')] : []),
    '--',
    d,
  ];
}

/** `2026-11-22 08:00:00`: a form parseUserTime reads, to the second (one word: it never goes through tokenize). */
function wallText(epochMs: number, timeZone: string): string {
  const wall = wallTimeOf(epochMs, timeZone);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)} ${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}`;
}
