import type { ProbeResult } from './probe.ts';
import type { Verdict } from './verdict.ts';

export interface EdgeCheck {
  address: string;
  family: 4 | 6;
  result: ProbeResult;
  verdict: Verdict;
  reason: string;
}

export type OriginCheck =
  | {
      checked: true;
      /** As configured for the domain (an IP or a hostname, maybe with a port). */
      configured: string;
      /** What was connected to: the configured IP, or the hostname's first address. */
      address: string;
      port: number;
      hostHeader: string;
      result: ProbeResult;
    }
  | { checked: false; reason: string };

export interface UrlCheck {
  /** As checked: userinfo and fragment removed. */
  url: string;
  hostname: string;
  cname?: string;
  origin: OriginCheck;
  edges: EdgeCheck[];
  /** Why some or all edge addresses could not be found. */
  resolutionError?: string;
  /** Why nothing was requested for this URL (no CNAME known, not an http(s) URL). */
  notChecked?: string;
  /** One line: `3 of 4 edges fresh, 1 stale (1.2.3.4: ETag "abc" vs origin "def")`. */
  summary: string;
}
