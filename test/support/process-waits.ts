/**
 * Waits for tests that drive `npm start` in child processes on the real clock, where the state that changes (a
 * sandbox's recorded calls) has no change events to wait on.
 */

/** Checks `condition` every 20 ms; throws after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A daily cron schedule (read in Asia/Shanghai) whose last run was `minutes` ago: every process that looks for due
 * digests within digestGrace sees that one instant.
 */
export function dailyScheduleMinutesAgo(minutes: number): string {
  const shanghai = new Date(Date.now() - minutes * 60_000 + 8 * 3_600_000);
  return `${shanghai.getUTCMinutes()} ${shanghai.getUTCHours()} * * *`;
}
