import type { RangeInput } from '../time/time-range.ts';

/**
 * The range options of `stats`, `top` and `codes` as `parseTimeRange` takes them: `--last`, `--from`, `--to`, and
 * a trailing `today` or `yesterday` word. Options not given stay absent, so parseTimeRange applies its default.
 */
export function rangeInput(
  flags: { last?: string | undefined; from?: string | undefined; to?: string | undefined },
  dayWord: string | undefined,
): RangeInput {
  const day = dayWord?.toLowerCase();
  return {
    ...(flags.last !== undefined ? { last: flags.last } : {}),
    ...(flags.from !== undefined ? { from: flags.from } : {}),
    ...(flags.to !== undefined ? { to: flags.to } : {}),
    ...(day === 'today' || day === 'yesterday' ? { day } : {}),
  };
}
