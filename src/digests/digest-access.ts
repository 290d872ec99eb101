/**
 * Who may manage, run and see a digest. A digest posts to its own channel and reads the domains of that channel's
 * accounts, so typing a digest command in one channel must not reach past what the caller could do in the digest's
 * channel, nor past the accounts of the channel the command was typed in: the caller is resolved again, through
 * the guardrails, in the digest's channel and needs the command's role there, and every domain the digest reads
 * must be served by an account both channels may touch. Everything here is decided before a provider is asked for
 * figures or anything is stored.
 */
import type { Caller, Guardrails } from '../auth/compile-guardrails.ts';
import { type Role, roleAllows } from '../auth/roles.ts';
import { PermissionError } from '../errors.ts';
import type { DomainInventory } from '../providers/domain-inventory.ts';
import { code } from '../render/format.ts';

export interface DigestRequest {
  /** What is asked, as the refusal names it: `digest add`, `digest run`, ... */
  action: string;
  /** The role the digest command needs, here and in the digest's channel. */
  required: Role;
  /** The digest's channel: where it posts. */
  channel: string;
  /** What it reads: `all` (every domain of the channel's accounts) or the named domains. */
  domains: 'all' | readonly string[];
  /** What the refusals call it: `digest` (the default), or `watch` for alert rules, which are checked alike. */
  noun?: 'digest' | 'watch';
}

export interface DigestAccess {
  /** The caller as resolved in the digest's channel. */
  there: Caller;
  /**
   * The accounts a run of the digest for this caller may read: the digest channel's accounts that the caller's
   * channel may use too, in the digest channel's order.
   */
  accounts: readonly string[];
}

/**
 * Resolves the caller in the digest's channel and checks role and accounts; throws PermissionError naming the
 * channel and what is missing. Named domains are looked up in the shared accounts' domain lists (the inventory,
 * no traffic figures) only when the digest's channel has accounts the caller's channel may not use.
 */
export async function authorizeDigest(
  services: { guardrails: Guardrails; inventory: DomainInventory },
  caller: Caller,
  request: DigestRequest,
): Promise<DigestAccess> {
  const { action, required, channel, domains } = request;
  const noun = request.noun ?? 'digest';
  const there = await callerIn(services.guardrails, caller, channel, action, noun);
  if (!roleAllows(there.role, required)) {
    const missing = roleAllows(there.userRole, required)
      ? `<#${channel}> allows at most ${there.channelRole}`
      : `you are ${there.userRole} there`;
    throw new PermissionError(
      `\`${action}\` for a ${noun} in <#${channel}> needs ${required} there; ${missing}.`,
    );
  }
  const accounts = there.accounts.filter((account) => caller.accounts.includes(account));
  const outside = there.accounts.filter((account) => !caller.accounts.includes(account));
  if (outside.length === 0) return { there, accounts };

  const from = `<#${caller.channelId}>`;
  if (domains === 'all') {
    throw new PermissionError(
      `\`${action}\`: a ${noun} of all domains in <#${channel}> reads ${accountsList(outside)}, which ${from} may not use. Name domains of accounts both channels may use${accounts.length > 0 ? ` (${accountsList(accounts)})` : ''}, or ask in <#${channel}>.`,
    );
  }
  const resolution = await services.inventory.resolve(domains, accounts);
  const notShared = domains.filter((domain) => !resolution.found.has(domain));
  if (notShared.length > 0) {
    throw new PermissionError(
      `\`${action}\`: not served by an account both ${from} and <#${channel}> may use${accounts.length > 0 ? ` (${accountsList(accounts)})` : ''}: ${notShared.map(code).join(', ')}. Ask in <#${channel}>.`,
    );
  }
  return { there, accounts };
}

/**
 * Whether `digest list` in the caller's channel shows a digest of `channel`: always its own channel's; another
 * channel's when the caller has the role there and every account of that channel is one the caller's channel may
 * use too (decided from the config alone, without asking any provider).
 */
export async function digestVisible(
  guardrails: Guardrails,
  caller: Caller,
  channel: string,
  required: Role,
): Promise<boolean> {
  if (channel === caller.channelId) return true;
  let there: Caller;
  try {
    there = await guardrails.resolveCaller(caller.userId, channel);
  } catch (error) {
    if (error instanceof PermissionError) return false;
    throw error;
  }
  return (
    roleAllows(there.role, required) && there.accounts.every((account) => caller.accounts.includes(account))
  );
}

async function callerIn(
  guardrails: Guardrails,
  caller: Caller,
  channel: string,
  action: string,
  noun: string,
) {
  if (channel === caller.channelId) return caller;
  try {
    return await guardrails.resolveCaller(caller.userId, channel);
  } catch (error) {
    // A listed channel refuses only when the caller's role cannot be read (a user group): say that as it is.
    if (!(error instanceof PermissionError) || guardrails.channels().includes(channel)) throw error;
    // The guardrails speak of "this channel"; here it is the digest's (or watch's), not the one typed in.
    throw new PermissionError(
      `\`${action}\`: the ${noun}'s channel <#${channel}> is not listed under \`channels:\` in cdnops.yml, so nobody may manage or run its ${noun === 'watch' ? 'watches' : 'digests'} from Slack. An admin can add the channel back (a viewer entry is enough), or remove the ${noun} from a terminal with \`npx cdnops ${noun} remove <name>\`.`,
    );
  }
}

function accountsList(accounts: readonly string[]): string {
  return accounts.map(code).join(', ');
}
