import type { ManualClock } from '../../../sandbox/manual-clock.ts';
import type { TencentSandbox } from '../../../sandbox/tencent/index.ts';
import { type Logger, silentLogger } from '../../../src/logger.ts';
import { TencentAccount } from '../../../src/providers/tencent/account.ts';
import { tencent } from '../../../src/providers/tencent/index.ts';
import type { CdnProvider } from '../../../src/providers/types.ts';

/** The Tencent provider as the registry builds it, on `sandbox` with the account's keys, on the test's clock. */
export function providerOnSandbox(
  sandbox: TencentSandbox,
  keys: { secretId: string; secretKey: string },
  clock: ManualClock,
  logger: Logger = silentLogger,
): CdnProvider {
  const account = TencentAccount.parse({ kind: 'tencent', ...keys, endpoint: sandbox.url });
  return tencent.create('tencent-test', account, { clock, logger, random: () => 0.5, timeoutMs: 5_000 });
}
