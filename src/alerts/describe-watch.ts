import type { WatchCondition } from '../config/watch-condition.ts';
import { code, truncate } from '../render/format.ts';
import { formatUnits } from '../render/format-units.ts';
import { describeLength } from '../time/describe-length.ts';
import type { WatchDefinition } from './watch-definition.ts';

const DOMAINS_SHOWN = 8;

/** A reading's figure in the condition's unit: `3.4%`, `2.10 Gbps`, `7`. */
export function formatReading(condition: WatchCondition, value: number | undefined): string {
  if (value === undefined) return '—';
  switch (condition.kind) {
    case 'rate':
    case 'traffic-change':
      return formatUnits(value, 'percent');
    case 'bandwidth':
      return formatUnits(value, 'bitsPerSecond');
    case 'requests':
      return formatUnits(value, 'count');
    case 'status':
      return '—';
    case 'cert':
      return value < 0
        ? `expired ${-value} ${-value === 1 ? 'day' : 'days'} ago`
        : `${value} ${value === 1 ? 'day' : 'days'} left`;
  }
}

/** `5xx > 2% for 10m`: the condition and how long it must hold. */
export function describeRule(watch: WatchDefinition): string {
  return `${code(watch.when.trim().replace(/\s+/g, ' '))} for ${describeLength(watch.intervals * 5 * 60_000)}`;
}

export function describeDomains(domains: 'all' | readonly string[]): string {
  if (domains === 'all') return 'all domains';
  const shown = domains.slice(0, DOMAINS_SHOWN).map(code).join(', ');
  return truncate(
    domains.length > DOMAINS_SHOWN ? `${shown} and ${domains.length - DOMAINS_SHOWN} more` : shown,
    1000,
  );
}

/** How Slack mentions a user group (S…) or a user (U…). */
export function mentionOf(id: string | undefined): string {
  if (id === undefined) return '';
  return id.startsWith('S') ? `<!subteam^${id}>` : `<@${id}>`;
}
