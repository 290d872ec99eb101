import * as z from 'zod';

/** Per domain, how many reported intervals in a row held the condition, and the latest one counted. */
export const RuleState = z.object({
  domains: z.record(
    z.string(),
    z.object({
      streak: z.number(),
      lastAt: z.number(),
      /**
       * `[interval start, figure]` of the last hour, kept only for domains whose provider reports the judged
       * interval alone (Tencent's status-code classes), so the alert's sparkline still shows the hour.
       */
      recent: z.array(z.tuple([z.number(), z.number()])).optional(),
    }),
  ),
});
export type RuleState = z.infer<typeof RuleState>;

/** What an alert's message shows and what its next evaluation needs, kept on the alert (opaque to the store). */
export const AlertState = z.object({
  /** The condition as written when it fired. */
  when: z.string(),
  /** Every domain that took part, in the order they joined. */
  domains: z.array(z.string()),
  /** The latest figure of each domain holding the condition, worst first. */
  readings: z.array(
    z.object({ domain: z.string(), value: z.number().nullable(), status: z.string().optional() }),
  ),
  /** The latest interval judged, epoch ms. */
  latestAt: z.number(),
  /** The last hour of the worst domain, as block characters. */
  sparkline: z.string(),
  sparkDomain: z.string(),
  /** Set once a figure crossed twice the threshold: said once in the thread. */
  doubled: z.boolean(),
  /** Intervals in a row every domain of the alert was below the clearing level. */
  clearStreak: z.number(),
  /** When it was acknowledged, epoch ms. */
  acknowledgedAt: z.number().optional(),
});
export type AlertState = z.infer<typeof AlertState>;

export function readAlertState(state: unknown): AlertState | undefined {
  const parsed = AlertState.safeParse(state);
  return parsed.success ? parsed.data : undefined;
}
