/**
 * The store as the bot uses it, counted: every operation that fails goes to `cdnops_store_errors_total` (by
 * `repository.method` and whether the store was unreachable), finished digest runs to `cdnops_digest_runs_total`
 * (by outcome), and the follow-ups this process holds to `cdnops_followed_submissions`. Observed at the store's
 * interface, so neither the two stores nor the features that use them carry metrics code.
 */
import type { Metrics } from '../observability/metrics.ts';
import type { FollowRepository, Store } from '../store/store.ts';

export function instrumentStore(store: Store, metrics: Metrics): Store {
  const held = new Set<string>();
  const setHeld = () => metrics.followedInFlight.set(held.size);

  function countFailure<R>(operation: string, result: R): R {
    if (!(result instanceof Promise)) return result;
    return result.catch((error: unknown) => {
      metrics.storeErrors.inc({
        operation,
        kind: (error as { code?: unknown } | null)?.code === 'store_unavailable' ? 'unavailable' : 'other',
      });
      throw error;
    }) as R;
  }

  const counted = <T extends object>(name: string, target: T): T =>
    new Proxy(target, {
      get(object, key, receiver) {
        const value = Reflect.get(object, key, receiver) as unknown;
        if (typeof value !== 'function' || typeof key !== 'string') return value;
        return (...args: unknown[]) =>
          countFailure(`${name}.${key}`, (value as (...a: unknown[]) => unknown).apply(object, args));
      },
    });

  const follows: FollowRepository = counted('follows', {
    ...bindAll(store.follows),
    async add(submission) {
      await store.follows.add(submission);
      held.add(submission.id);
      setHeld();
    },
    async claimDue(now, owner, leaseMs, limit) {
      const rows = await store.follows.claimDue(now, owner, leaseMs, limit);
      for (const row of rows) held.add(row.id);
      setHeld();
      return rows;
    },
    async renew(id, owner, leaseUntil) {
      const still = await store.follows.renew(id, owner, leaseUntil);
      if (!still) held.delete(id);
      setHeld();
      return still;
    },
    async finish(id, state, payload, owner) {
      const finished = await store.follows.finish(id, state, payload, owner);
      held.delete(id);
      setHeld();
      return finished;
    },
    async releaseAll(owner) {
      const released = await store.follows.releaseAll(owner);
      held.clear();
      setHeld();
      return released;
    },
  });

  const digestRuns = counted('digestRuns', {
    ...bindAll(store.digestRuns),
    async finish(...args: Parameters<Store['digestRuns']['finish']>) {
      await store.digestRuns.finish(...args);
      metrics.digestRuns.inc({ outcome: args[2].outcome });
    },
  });

  const repositories = new Map<string | symbol, unknown>([
    ['follows', follows],
    ['digestRuns', digestRuns],
  ]);
  return new Proxy(store, {
    get(object, key, receiver) {
      const known = repositories.get(key);
      if (known !== undefined) return known;
      const value = Reflect.get(object, key, receiver) as unknown;
      if (typeof key !== 'string') return value;
      if (typeof value === 'function') {
        return (...args: unknown[]) =>
          countFailure(key, (value as (...a: unknown[]) => unknown).apply(object, args));
      }
      if (typeof value === 'object' && value !== null) {
        const repository = counted(key, value);
        repositories.set(key, repository);
        return repository;
      }
      return value;
    },
  });
}

/** A repository's methods bound to it, so an object spread of them still works. */
function bindAll<T extends object>(repository: T): T {
  const out: Record<string, unknown> = {};
  let proto: object | null = repository;
  while (proto && proto !== Object.prototype) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      const value = (repository as Record<string, unknown>)[key];
      if (key !== 'constructor' && typeof value === 'function' && !(key in out))
        out[key] = value.bind(repository);
      else if (!(key in out) && typeof value !== 'function') out[key] = value;
    }
    proto = Object.getPrototypeOf(proto);
  }
  return out as T;
}
