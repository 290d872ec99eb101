const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;
/** A phone shows about this many block characters on one line of a Slack message. */
const DEFAULT_WIDTH = 48;

/**
 * A series as one line of block characters (`▁▂▃▄▅▆▇█`), lowest value to highest, so a message shows its shape.
 *
 * - More values than `width` are resampled: each character is the mean of the finite values in its slice of the
 *   series (a 24-hour series at 5 minutes, 288 points, becomes 48 half-hour characters).
 * - A slice with no finite value (NaN, a gap) is a space.
 * - A flat series is a flat line: `▁` when it is all zero, `▄` when it is a constant above zero.
 * - An empty series is the empty string.
 */
export function sparkline(values: readonly number[], width: number = DEFAULT_WIDTH): string {
  const slots = Math.max(1, Math.floor(width));
  const samples = values.length > slots ? resample(values, slots) : [...values];
  const finite = samples.filter(Number.isFinite);
  if (finite.length === 0) return ' '.repeat(samples.length);
  const low = Math.min(...finite);
  const high = Math.max(...finite);
  const flat = low === high ? (high === 0 ? BARS[0] : BARS[3]) : undefined;
  return samples
    .map((value) => {
      if (!Number.isFinite(value)) return ' ';
      if (flat) return flat;
      return BARS[Math.round(((value - low) / (high - low)) * (BARS.length - 1))];
    })
    .join('');
}

function resample(values: readonly number[], slots: number): number[] {
  const out: number[] = [];
  for (let slot = 0; slot < slots; slot++) {
    const start = Math.floor((slot * values.length) / slots);
    const end = Math.floor(((slot + 1) * values.length) / slots);
    let sum = 0;
    let count = 0;
    for (let index = start; index < end; index++) {
      const value = values[index]!;
      if (Number.isFinite(value)) {
        sum += value;
        count++;
      }
    }
    out.push(count > 0 ? sum / count : Number.NaN);
  }
  return out;
}
