/** Messages between a bench and its world process (see world-process.ts). */
import type { TencentSandboxOptions } from '../sandbox/tencent/index.ts';

export interface WorldSetup {
  tencentDomains: string[];
  wangsuDomains: string[];
  latencyMs: number;
  /** The bench account's daily quotas, where a bench sends more than Tencent's defaults allow in one day. */
  tencentQuotas?: TencentSandboxOptions['quotas'];
  /** How long a Tencent purge task runs (the sandbox's default: a minute). */
  tencentTaskDurationMs?: number;
}

/** What the bench needs of one call the Tencent sandbox received (the whole params would be megabytes). */
export interface WorldCall {
  action: string;
  /** When the sandbox received it, on the real clock (ms since the epoch). */
  at: number;
  errorCode: string | undefined;
  /** DescribeCdnData's `Metric`, when there was one. */
  metric: string | undefined;
}

export type WorldRequest =
  | { type: 'responseUrls'; id: number; count: number }
  | { type: 'waitAnswered'; id: number; count: number; timeoutMs: number }
  | { type: 'tencentCalls'; id: number; since: number }
  | { type: 'cpu'; id: number }
  | { type: 'collectGarbage'; id: number }
  | { type: 'close'; id: number };

export type WorldReply =
  | { type: 'ready'; id: 0; config: Record<string, unknown>; slackApiUrl: string }
  | { type: 'responseUrls'; id: number; urls: string[] }
  | { type: 'answered'; id: number; error: string | null }
  | { type: 'tencentCalls'; id: number; calls: WorldCall[] }
  /** The world process's CPU time so far, user and system, in ms. */
  | { type: 'cpu'; id: number; ms: number }
  | { type: 'collectedGarbage'; id: number };
