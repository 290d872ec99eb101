/** Messages between the check bench and its world process (see check-world-process.ts). */
export interface CheckWorldSetup {
  domain: string;
  originName: string;
  /** Paths the origin serves for `domain`. */
  paths: string[];
}

export type CheckWorldRequest = { type: 'slow'; id: number; delayMs: number } | { type: 'close'; id: number };

export type CheckWorldReply =
  | { type: 'ready'; id: 0; dnsServer: string; originPort: number; httpsPort: number; caPem: string }
  | { type: 'slowed'; id: number };
