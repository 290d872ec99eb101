import { type Config, type WatchConfig, WatchRule } from '../config/schema.ts';
import { DEFAULT_MIN_REQUESTS, parseCondition, type WatchCondition } from '../config/watch-condition.ts';
import type { StoredWatch } from '../store/store.ts';

/** The providers' finest granularity: rules are evaluated on 5-minute intervals. */
export const INTERVAL_MS = 5 * 60_000;

/**
 * One watch rule, wherever it was defined: `config` rules come from cdnops.yml and cannot be changed from Slack;
 * `added` ones come from `/cdn watch add` and live in the store. Both pass the same schema (WatchRule).
 */
export interface WatchDefinition extends WatchRule {
  condition: WatchCondition;
  /** Consecutive intervals the condition must hold before the alert fires (`for`, at least one interval). */
  intervals: number;
  /** The rule's minimum requests, or its condition's default. */
  minRequestsOrDefault: number;
  source: 'config' | 'added';
  createdBy: string | undefined;
  createdAt: number | undefined;
}

export function watchFromConfig(watch: WatchConfig): WatchDefinition {
  const { for: forMs, ...rest } = watch;
  return define({ ...rest, forMs }, 'config', undefined, undefined);
}

/** A stored rule as a definition, or why it cannot run (the store was edited by hand, or the rules changed). */
export function watchFromStore(stored: StoredWatch): WatchDefinition | { name: string; problem: string } {
  const parsed = WatchRule.safeParse(stored.rule);
  if (!parsed.success) return { name: stored.name, problem: parsed.error.issues[0]?.message ?? 'invalid' };
  return define(parsed.data, 'added', stored.createdBy, stored.createdAt);
}

function define(
  rule: WatchRule,
  source: 'config' | 'added',
  createdBy: string | undefined,
  createdAt: number | undefined,
): WatchDefinition {
  const condition = parseCondition(rule.when);
  // WatchRule refused every condition parseCondition does not read.
  if (typeof condition === 'string') throw new Error(`watch ${rule.name}: ${condition}`);
  return {
    ...rule,
    condition,
    intervals: Math.max(1, Math.ceil(rule.forMs / INTERVAL_MS)),
    minRequestsOrDefault: rule.minRequests ?? DEFAULT_MIN_REQUESTS[condition.kind],
    source,
    createdBy,
    createdAt,
  };
}

/** What the watch commands and the evaluator need from the config file. */
export interface WatchSettings {
  /** The `watches:` of cdnops.yml, in file order. */
  configured: readonly WatchDefinition[];
  /** The allowlisted channels, the only ones an alert may post to. */
  channels: readonly string[];
  /** Accounts a rule posting in this channel may read; undefined when the channel is not on the allowlist. */
  channelAccounts(channelId: string): readonly string[] | undefined;
}

export function watchSettings(config: Config): WatchSettings {
  const accounts = Object.keys(config.providers);
  return {
    configured: config.watches.map(watchFromConfig),
    channels: Object.keys(config.channels),
    channelAccounts(channelId) {
      if (!Object.hasOwn(config.channels, channelId)) return undefined;
      return config.channels[channelId]?.providers ?? accounts;
    },
  };
}
