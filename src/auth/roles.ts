import * as z from 'zod';

/** Ordered from least to most powerful; a role may do everything the roles before it may. */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

export function lowerRole(a: Role, b: Role): Role {
  return roleRank(a) <= roleRank(b) ? a : b;
}

export function higherRole(a: Role, b: Role): Role {
  return roleRank(a) >= roleRank(b) ? a : b;
}

export function roleAllows(actual: Role, required: Role): boolean {
  return roleRank(actual) >= roleRank(required);
}
