import type { WatchRepository } from '../store/store.ts';
import { type WatchDefinition, type WatchSettings, watchFromStore } from './watch-definition.ts';

export interface WatchList {
  /** Config rules in file order, then added ones by name. */
  watches: WatchDefinition[];
  /** Added rules whose name a config rule took later: the config one wins and these do not run. */
  shadowed: WatchDefinition[];
  /** Added rules that no longer pass the rule schema, with why: they do not run. */
  broken: { name: string; problem: string }[];
}

/** Every watch rule that runs: the config file's and the store's. */
export async function listWatches(settings: WatchSettings, store: WatchRepository): Promise<WatchList> {
  const configured = new Set(settings.configured.map((watch) => watch.name));
  const added: WatchDefinition[] = [];
  const broken: WatchList['broken'] = [];
  for (const stored of await store.list()) {
    const read = watchFromStore(stored);
    if ('problem' in read) broken.push(read);
    else added.push(read);
  }
  return {
    watches: [...settings.configured, ...added.filter((watch) => !configured.has(watch.name))],
    shadowed: added.filter((watch) => configured.has(watch.name)),
    broken,
  };
}
