import { createManualClock, type ManualClock } from '../../../sandbox/manual-clock.ts';
import {
  DEMO_WANGSU_ACCOUNT,
  startWangsuSandbox,
  type WangsuSandbox,
  type WangsuSandboxOptions,
} from '../../../sandbox/wangsu/index.ts';
import { type WangsuRequestOptions, type WangsuResponse, wangsuRequest } from './wangsu-request.ts';

export interface WangsuFixture {
  clock: ManualClock;
  sandbox: WangsuSandbox;
  /** A request signed with the demo account (AK/SK unless `scheme: 'basic'`). */
  call(options: WangsuRequestOptions): Promise<WangsuResponse>;
  /** `call`, then its JSON body as a plain record (throws if it is not one). */
  json(options: WangsuRequestOptions): Promise<Record<string, unknown>>;
}

/** A sandbox on a manual clock (2026-11-23 10:00 Beijing) holding the demo account. Close it in afterEach. */
export async function startWangsuFixture(
  options: Partial<WangsuSandboxOptions> = {},
): Promise<WangsuFixture> {
  const clock = createManualClock();
  const sandbox = await startWangsuSandbox({ clock, accounts: [DEMO_WANGSU_ACCOUNT], ...options });
  const call = (request: WangsuRequestOptions) =>
    wangsuRequest(sandbox.url, DEMO_WANGSU_ACCOUNT, clock, request);
  return {
    clock,
    sandbox,
    call,
    async json(request) {
      const response = await call(request);
      const { json } = response;
      if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        throw new Error(`HTTP ${response.status}: not a JSON object: ${response.text}`);
      }
      return { ...json };
    },
  };
}
