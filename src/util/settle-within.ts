/**
 * Resolves when `work` settles or after `ms` of real time, whichever comes first; never rejects. Shutdown uses it:
 * what has not finished by the deadline is handed over through the store rather than waited for.
 */
export async function settleWithin(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    work.then(
      () => undefined,
      () => undefined,
    ),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}
