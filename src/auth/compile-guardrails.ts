/**
 * The permission layer, compiled once from the config: channel allowlist with its role ceiling and account scope,
 * user and user-group roles, deny by default. Each request then only looks things up (plus, when user groups are
 * configured, a cached group-membership read).
 */
import { PermissionError } from '../errors.ts';
import { higherRole, lowerRole, type Role, roleAllows } from './roles.ts';

export interface GuardrailRules {
  channels: Readonly<Record<string, { role: Role; providers?: readonly string[] | undefined }>>;
  /** Keys are user ids (U…/W…) or user-group ids (S…). */
  users: Readonly<Record<string, Role>>;
  defaultRole: Role;
  /** Every configured account id, in config order. */
  accounts: readonly string[];
}

/** Who is asking, where, and what that allows. */
export interface Caller {
  userId: string;
  channelId: string;
  /** The lower of the user's own role and the channel's ceiling. */
  role: Role;
  userRole: Role;
  channelRole: Role;
  /** Accounts this channel may touch. */
  accounts: readonly string[];
}

export interface Guardrails {
  /** Throws PermissionError when the conversation is not in the allowlist: deny by default. */
  resolveCaller(userId: string, channelId: string): Promise<Caller>;
  /** Throws PermissionError naming what is missing when the caller's role is below `required`. */
  requireRole(caller: Caller, required: Role, what: string): void;
  /** Every conversation in the allowlist, in config order. */
  channels(): readonly string[];
}

/** Members of a Slack user group (usergroups.users.list); implementations cache. */
export type GroupMembers = (groupId: string) => Promise<readonly string[]>;

export function compileGuardrails(rules: GuardrailRules, groupMembers: GroupMembers): Guardrails {
  const channels = new Map(
    Object.entries(rules.channels).map(([channelId, channel]) => [
      channelId,
      { role: channel.role, accounts: channel.providers ? [...channel.providers] : [...rules.accounts] },
    ]),
  );
  const userRoles = new Map<string, Role>();
  const groupRoles: [string, Role][] = [];
  for (const [id, role] of Object.entries(rules.users)) {
    if (id.startsWith('S')) groupRoles.push([id, role]);
    else userRoles.set(id, role);
  }

  async function roleOfUser(userId: string): Promise<Role> {
    const direct = userRoles.get(userId);
    // Grants add up: a user listed directly and through a group gets the higher of the two.
    let role: Role | undefined = direct;
    for (const [groupId, groupRole] of groupRoles) {
      if (role && roleAllows(role, groupRole)) continue;
      let members: readonly string[];
      try {
        members = await groupMembers(groupId);
      } catch {
        // Guessing either way would be wrong: too low refuses a rightful operator, too high lets anyone in.
        throw new PermissionError(
          `Could not read the members of Slack user group ${groupId}, which grants ${groupRole} here, so your role is unknown. Try again in a minute.`,
        );
      }
      if (members.includes(userId)) role = role ? higherRole(role, groupRole) : groupRole;
    }
    return role ?? rules.defaultRole;
  }

  return {
    async resolveCaller(userId, channelId) {
      const channel = channels.get(channelId);
      if (!channel) {
        throw new PermissionError(
          channelId.startsWith('D')
            ? 'cdnops does not answer in direct messages. Use it in a channel listed under `channels:` in cdnops.yml.'
            : `cdnops is not enabled in this channel (${channelId}). An admin can add it under \`channels:\` in cdnops.yml.`,
        );
      }
      const userRole = await roleOfUser(userId);
      return {
        userId,
        channelId,
        role: lowerRole(userRole, channel.role),
        userRole,
        channelRole: channel.role,
        accounts: channel.accounts,
      };
    },

    requireRole(caller, required, what) {
      if (roleAllows(caller.role, required)) return;
      const reason = roleAllows(caller.userRole, required)
        ? `this channel allows at most ${caller.channelRole}`
        : `you are ${caller.userRole} in <#${caller.channelId}>`;
      throw new PermissionError(`\`${what}\` needs ${required}; ${reason}.`);
    },

    channels: () => [...channels.keys()],
  };
}
