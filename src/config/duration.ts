import * as z from 'zod';

const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const DURATION_PATTERN = /^(\d+)\s*([smhdw])$/;

export const DURATION_HINT = 'use a number followed by s, m, h, d or w, e.g. 1h';

/**
 * Parses a duration such as `90s`, `30m`, `1h`, `7d` or `2w` into milliseconds. Whole numbers only, one unit, lower
 * case (an upper-case `M` would be read as months by half the people who write it). Returns `undefined` for
 * anything else, including values too large to be exact in a double.
 */
export function parseDuration(text: string): number | undefined {
  const match = DURATION_PATTERN.exec(text.trim());
  if (!match) return undefined;
  const [, amount = '', unit = ''] = match;
  const factor = UNIT_MS[unit];
  if (factor === undefined) return undefined;
  const ms = Number(amount) * factor;
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/**
 * A duration written as text in the config (`1h`), parsed to milliseconds. Use `.prefault('1h')` for defaults:
 * zod's `.default()` takes the parsed value (a number) and would skip this transform.
 */
export const Duration = z
  .string({ error: DURATION_HINT })
  // The same form as parseDuration reads, so the published JSON schema (cdnops.schema.json) checks it in editors.
  .regex(/^\s*\d+\s*[smhdw]\s*$/, DURATION_HINT)
  .transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: DURATION_HINT });
      return z.NEVER;
    }
    if (ms === 0) {
      ctx.addIssue({ code: 'custom', message: `must be longer than 0; ${DURATION_HINT}` });
      return z.NEVER;
    }
    return ms;
  });
export type Duration = z.infer<typeof Duration>;
