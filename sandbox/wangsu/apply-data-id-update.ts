import { invalidParameter } from './rule-matchers.ts';

/** What visit-control rules and cache-time behaviors have in common: an optional group id. */
export interface DataIdGroup {
  'data-id'?: number | undefined;
}

export interface DataIdUpdateRules<T extends DataIdGroup> {
  /** The list's key, for messages: `visit-control-rules`. */
  listName: string;
  /** The documented defaults for a newly added group. */
  defaults(group: T): T;
  /** Throws `ApiError` for a whole group that breaks a rule. */
  validate(group: T, where: string): void;
}

function isEmptyObject(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0
  );
}

/**
 * An updated group: each field sent replaces the stored one, and a nested block sent empty (`"ip-control-rule":{}`)
 * is removed, which is how the seed doc says to clear one ("当传空标签表示清除"). Fields not sent are kept.
 */
function mergeGroup<T extends DataIdGroup>(stored: T, update: T): T {
  const merged = { ...stored };
  // Object.keys is typed string[]; these are the update's own keys, so keys of T.
  for (const key of Object.keys(update) as (keyof T)[]) {
    const value = update[key];
    if (value === undefined) continue;
    if (isEmptyObject(value)) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

function hasOnlyDataId(group: DataIdGroup): boolean {
  return Object.entries(group).every(([key, value]) => key === 'data-id' || value === undefined);
}

/**
 * The multi-group `data-id` semantics of reference §2.6, shared by visit control and cache time. Returns the new
 * list and the next free data-id; throws (changing nothing) when any resulting group is invalid.
 * - an empty list clears every group;
 * - no group carries a `data-id`: the list replaces all groups (each gets a fresh data-id);
 * - otherwise, in order: a group with a `data-id` and other fields updates that group, one with only its `data-id`
 *   deletes it, and one without a `data-id` is added as a new group. An unknown or repeated data-id is refused.
 */
export function applyDataIdUpdate<T extends DataIdGroup>(input: {
  stored: readonly T[];
  requested: readonly T[];
  nextDataId: number;
  rules: DataIdUpdateRules<T>;
}): { groups: T[]; nextDataId: number } {
  const { requested, rules } = input;
  let nextDataId = input.nextDataId;
  const fresh = (group: T): T => ({ 'data-id': nextDataId++, ...rules.defaults(group) });
  const where = (index: number) => `${rules.listName}[${index}]`;

  if (requested.length === 0) return { groups: [], nextDataId };
  if (requested.every((group) => group['data-id'] === undefined)) {
    const groups = requested.map(fresh);
    for (const [index, group] of groups.entries()) rules.validate(group, where(index));
    return { groups, nextDataId };
  }

  let groups = [...input.stored];
  const seen = new Set<number>();
  const changed: { group: T; index: number }[] = [];
  requested.forEach((group, index) => {
    const id = group['data-id'];
    if (id === undefined) {
      const added = fresh(group);
      groups.push(added);
      changed.push({ group: added, index });
      return;
    }
    if (seen.has(id)) throw invalidParameter(where(index), `data-id ${id} appears more than once`);
    seen.add(id);
    const position = groups.findIndex((stored) => stored['data-id'] === id);
    const stored = groups[position];
    if (stored === undefined)
      throw invalidParameter(where(index), `data-id ${id} does not exist on this domain`);
    if (hasOnlyDataId(group)) {
      groups = groups.filter((candidate) => candidate !== stored);
      return;
    }
    const merged = mergeGroup(stored, group);
    groups[position] = merged;
    changed.push({ group: merged, index });
  });
  for (const { group, index } of changed) {
    if (groups.includes(group)) rules.validate(group, where(index));
  }
  return { groups, nextDataId };
}
