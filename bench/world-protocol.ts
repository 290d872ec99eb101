/** Messages between the ack bench and its world process (see world-process.ts). */
export interface WorldSetup {
  tencentDomains: string[];
  wangsuDomains: string[];
  latencyMs: number;
}

export type WorldRequest =
  | { type: 'responseUrls'; id: number; count: number }
  | { type: 'waitAnswered'; id: number; count: number; timeoutMs: number }
  | { type: 'close'; id: number };

export type WorldReply =
  | { type: 'ready'; id: 0; config: Record<string, unknown>; slackApiUrl: string }
  | { type: 'responseUrls'; id: number; urls: string[] }
  | { type: 'answered'; id: number; error: string | null };
