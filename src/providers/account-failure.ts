/**
 * An account that could not be read, as data: what `cdnops <command> --json` prints under `failures` where the Slack
 * answer shows a warning line.
 */
import * as z from 'zod';

export const AccountFailure = z.object({
  account: z.string(),
  code: z.string(),
  message: z.string(),
  requestId: z.string().optional(),
});
export type AccountFailure = z.infer<typeof AccountFailure>;

/** A provider error (or anything thrown while reading an account), as a `failures` entry. */
export function accountFailure(
  account: string,
  error: { providerCode?: string; message?: string; requestId?: string | undefined },
): AccountFailure {
  return {
    account,
    code: error.providerCode ?? 'error',
    message: error.message ?? String(error),
    ...(error.requestId ? { requestId: error.requestId } : {}),
  };
}

/** For `z.custom` shapes that keep a type defined elsewhere: anything but an object is a bug. */
export const isObject = (value: unknown): boolean => typeof value === 'object' && value !== null;
