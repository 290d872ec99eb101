import type { DigestRepository } from '../store/store.ts';
import { type DigestDefinition, digestFromStore } from './digest-definition.ts';
import type { DigestSettings } from './digest-settings.ts';

export interface DigestList {
  /** Config digests in file order, then added ones by name. */
  digests: DigestDefinition[];
  /**
   * Added digests whose name a config digest took later (the file was edited after `/cdn digest add`): the config
   * one wins and these do not run; `digest remove` clears them.
   */
  shadowed: DigestDefinition[];
}

/** Every digest that runs: the config file's and the store's. */
export async function listDigests(settings: DigestSettings, store: DigestRepository): Promise<DigestList> {
  const configured = new Set(settings.configured.map((digest) => digest.name));
  const added = (await store.list()).map(digestFromStore);
  return {
    digests: [...settings.configured, ...added.filter((digest) => !configured.has(digest.name))],
    shadowed: added.filter((digest) => configured.has(digest.name)),
  };
}
