import { type DigestConfig, DigestMetric } from '../config/schema.ts';
import type { StoredDigest } from '../store/store.ts';

/**
 * One scheduled digest, wherever it was defined: `config` digests come from cdnops.yml and cannot be changed from
 * Slack; `added` ones come from `/cdn digest add` and live in the store.
 */
export interface DigestDefinition {
  name: string;
  /** A channel on the allowlist (`channels:`). */
  channel: string;
  /** Five-field cron in the configured timezone. */
  schedule: string;
  domains: 'all' | readonly string[];
  metrics: readonly DigestMetric[];
  source: 'config' | 'added';
  /** Who added it (added digests only). */
  createdBy: string | undefined;
  /** When it was added, epoch ms (added digests only): runs due before that are not its runs. */
  createdAt: number | undefined;
}

export function digestFromConfig(digest: DigestConfig): DigestDefinition {
  return { ...digest, source: 'config', createdBy: undefined, createdAt: undefined };
}

/** A stored digest as a definition; metric names the config no longer knows are dropped rather than failing. */
export function digestFromStore(digest: StoredDigest): DigestDefinition {
  const metrics = digest.metrics.flatMap((metric) => {
    const parsed = DigestMetric.safeParse(metric);
    return parsed.success ? [parsed.data] : [];
  });
  return {
    name: digest.name,
    channel: digest.channel,
    schedule: digest.schedule,
    domains: digest.domains,
    metrics,
    source: 'added',
    createdBy: digest.createdBy,
    createdAt: digest.createdAt,
  };
}
