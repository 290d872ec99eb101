/**
 * The take-over half of claimed periodic work (digest runs, watch evaluations): claimed runs whose holder stopped
 * renewing its lease (it died mid-run) are taken over, once, by whichever process gets there first. Written once so
 * both kinds of work hand runs over alike.
 */
import type { DigestRun, DigestRunRepository } from './store.ts';

export async function takeOverAbandoned<Definition extends { readonly name: string }>(input: {
  runs: Pick<DigestRunRepository, 'abandoned' | 'takeOver'>;
  now: number;
  /** Runs due before this are left alone: their time has passed for good. */
  dueFrom: number;
  /** What is still configured: a run of a definition removed since is not taken over. */
  definitions: readonly Definition[];
  /** Runs this process holds itself, whose lease only looks run out while a renewal is late. */
  holds(name: string, dueAt: number): boolean;
  /** The claim to record, asked for at each take-over so its times are those of the moment. */
  claim(): { claimedBy: string; claimedAt: number; leaseUntil: number };
  /** Goes on with a run taken over; runs one at a time, in the order the store lists them. */
  resume(definition: Definition, taken: DigestRun, abandoned: DigestRun): Promise<void>;
}): Promise<void> {
  const { runs, now } = input;
  for (const run of await runs.abandoned(now, input.dueFrom)) {
    if (input.holds(run.name, run.dueAt)) continue;
    const definition = input.definitions.find((candidate) => candidate.name === run.name);
    if (!definition) continue;
    const taken = await runs.takeOver(run.name, run.dueAt, { ...input.claim(), now });
    if (taken) await input.resume(definition, taken, run);
  }
}
