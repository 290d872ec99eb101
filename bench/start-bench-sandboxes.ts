/**
 * The outside world of a bench run, on 127.0.0.1 and the real clock: one Tencent and one Wangsu sandbox account and
 * the Slack stand-in. The bot (in this process or a child) is configured with the accounts below.
 */

import { type SlackStandin, startSlackStandin } from '../sandbox/slack/index.ts';
import {
  type SandboxDomain,
  startTencentSandbox,
  type TencentSandbox,
  type TencentSandboxOptions,
} from '../sandbox/tencent/index.ts';
import { startWangsuSandbox, type WangsuSandbox } from '../sandbox/wangsu/index.ts';
import { systemClock } from '../src/clock.ts';

export const BENCH_BOT_TOKEN = 'xoxb-bench-bot-token-000000';
export const BENCH_SIGNING_SECRET = 'bench-signing-secret-5d41402abc4b2a76';
export const BENCH_CHANNEL = 'C0BENCH001';
export const BENCH_USER = 'U0BENCH001';

const TENCENT = {
  secretId: 'AKIDbench0000000000000000000000000',
  secretKey: 'bench-tencent-secret-key-000000',
};
const WANGSU = { username: 'bench-api-user', apiKey: 'bench-wangsu-api-key-0000000000' };

export interface BenchSandboxes {
  tencent: TencentSandbox;
  wangsu: WangsuSandbox;
  slack: SlackStandin;
  /** The `providers`, `channels` and `users` of a cdnops config that uses these sandboxes. */
  config: Record<string, unknown>;
  close(): Promise<void>;
}

export async function startBenchSandboxes(options: {
  tencentDomains: SandboxDomain[];
  wangsuDomains: string[];
  tencentQuotas?: TencentSandboxOptions['quotas'];
  /** How long a Tencent purge task runs (the sandbox's default: a minute). */
  tencentTaskDurationMs?: number;
}): Promise<BenchSandboxes> {
  const clock = systemClock;
  const tencent = await startTencentSandbox({
    clock,
    accounts: [{ ...TENCENT, domains: options.tencentDomains }],
    ...(options.tencentQuotas ? { quotas: options.tencentQuotas } : {}),
    ...(options.tencentTaskDurationMs !== undefined ? { taskDurationMs: options.tencentTaskDurationMs } : {}),
  });
  const wangsu = await startWangsuSandbox({
    clock,
    accounts: [{ ...WANGSU, domains: options.wangsuDomains.map((domain) => ({ domain })) }],
    // Wangsu's documented default is 5,000 URL purges a day; the fan-out bench sends 10,000 four times.
    quotas: { purgeUrlsPerDay: 100_000 },
  });
  const slack = await startSlackStandin({ botToken: BENCH_BOT_TOKEN });
  return {
    tencent,
    wangsu,
    slack,
    config: {
      timezone: 'Asia/Shanghai',
      store: ':memory:',
      providers: {
        'tencent-bench': { kind: 'tencent', ...TENCENT, endpoint: tencent.url },
        'wangsu-bench': { kind: 'wangsu', ...WANGSU, endpoint: wangsu.url },
      },
      channels: { [BENCH_CHANNEL]: { role: 'admin' } },
      users: { [BENCH_USER]: 'admin' },
    },
    close: async () => {
      await Promise.all([tencent.close(), wangsu.close(), slack.close()]);
    },
  };
}
