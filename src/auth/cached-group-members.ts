import type { Clock } from '../clock.ts';
import type { GroupMembers } from './compile-guardrails.ts';

/**
 * Wraps a user-group lookup with a TTL cache: membership changes rarely, and the lookup is a Slack API call on
 * the path of every command when roles are granted through groups.
 */
export function cachedGroupMembers(lookup: GroupMembers, clock: Clock, ttlMs = 5 * 60_000): GroupMembers {
  const cache = new Map<string, { at: number; members: Promise<readonly string[]> }>();
  return (groupId) => {
    const entry = cache.get(groupId);
    if (entry && clock.now() - entry.at < ttlMs) return entry.members;
    const members = lookup(groupId);
    const fresh = { at: clock.now(), members };
    members.catch(() => {
      if (cache.get(groupId) === fresh) cache.delete(groupId);
    });
    cache.set(groupId, fresh);
    return members;
  };
}
