import type { Config } from '../config/schema.ts';
import type { Services } from '../dispatch/command-context.ts';
import { type DigestDefinition, digestFromConfig } from './digest-definition.ts';

/** What the digest commands and the scheduler need from the config file. */
export interface DigestSettings {
  /** The `digests:` of cdnops.yml, in file order. */
  configured: readonly DigestDefinition[];
  /** `digestGrace`: how late a missed run may still be posted, ms. */
  graceMs: number;
  /** The allowlisted channels (`channels:`), the only ones a digest may post to. */
  channels: readonly string[];
  /**
   * Accounts whose domains a digest posted in this channel may cover: the channel's `providers`, else every account.
   * Undefined when the channel is not on the allowlist, so no digest may post there.
   */
  channelAccounts(channelId: string): readonly string[] | undefined;
}

export function digestSettings(config: Config): DigestSettings {
  const accounts = Object.keys(config.providers);
  return {
    configured: config.digests.map(digestFromConfig),
    graceMs: config.digestGrace,
    channels: Object.keys(config.channels),
    channelAccounts(channelId) {
      if (!Object.hasOwn(config.channels, channelId)) return undefined;
      return config.channels[channelId]?.providers ?? accounts;
    },
  };
}

/** The common services plus the digest settings: what building and scheduling digests needs. */
export type DigestServices = Services & { digests: DigestSettings };
