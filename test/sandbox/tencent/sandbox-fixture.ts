import { createManualClock, type ManualClock } from '../../../sandbox/manual-clock.ts';
import {
  DEMO_TENCENT_ACCOUNT,
  startTencentSandbox,
  type TencentSandbox,
  type TencentSandboxOptions,
} from '../../../sandbox/tencent/index.ts';
import { type ApiResponse, callApi, type SignedPostOptions } from './signed-post.ts';

export interface SandboxFixture {
  clock: ManualClock;
  sandbox: TencentSandbox;
  /** A request signed with the demo account's key. */
  call(options: SignedPostOptions): Promise<ApiResponse>;
}

/** A sandbox on a manual clock (2026-11-23 10:00 Beijing) holding the demo account. Close it in afterEach. */
export async function startSandboxFixture(
  options: Partial<TencentSandboxOptions> = {},
): Promise<SandboxFixture> {
  const clock = createManualClock();
  const sandbox = await startTencentSandbox({ clock, accounts: [DEMO_TENCENT_ACCOUNT], ...options });
  return {
    clock,
    sandbox,
    call: (request) => callApi(sandbox.url, DEMO_TENCENT_ACCOUNT, clock, request),
  };
}
