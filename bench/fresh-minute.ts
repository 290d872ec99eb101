/**
 * The Tencent sandbox works its traffic model out per request and remembers the answer for the rest of the minute
 * (sandbox/tencent/traffic-buckets.ts); Tencent's own statistics are worked out ahead of any request. A bench that
 * times traffic answers asks everything once first (which also warms the bot up), then times the same command
 * within the same minute, so the world answers from what it worked out, as Tencent would: this waits until enough
 * of the minute is left for both.
 */
const MINUTE_MS = 60_000;

export async function untilMinuteLeft(neededMs: number): Promise<void> {
  const left = MINUTE_MS - (Date.now() % MINUTE_MS);
  if (left >= neededMs) return;
  await new Promise((resolve) => setTimeout(resolve, left + 50));
}

/** Long enough for Tencent's window of 20 calls a second to forget the warm-up's calls (and a margin). */
export const PACING_WINDOW_MS = 1_100;
