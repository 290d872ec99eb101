import type { CommandContext } from '../dispatch/command-context.ts';
import type { StepCounter } from '../messaging/progress.ts';
import { context } from '../render/blocks.ts';
import { formatCount, plural } from '../render/format.ts';

/**
 * The progress note of an answer read in batches: "Reading 500 domains: batch 7 of 17…", so a `stats all` over
 * hundreds of domains is not silent for tens of seconds. Undefined where nothing can show it.
 */
export function batchProgress(ctx: Pick<CommandContext, 'progress'>, what: string): StepCounter | undefined {
  return ctx.progress?.track((done, total) => {
    // The batch under way, not the count finished: "batch 0 of 2" read as if nothing had started.
    const current = Math.min(done + 1, total);
    const text = `${what}: batch ${formatCount(current)} of ${formatCount(total)}…`;
    return { text, blocks: [context(`:hourglass_flowing_sand: ${text}`)] };
  });
}

/** `Reading 500 domains`: what a traffic command is about to do, for its progress note. */
export function readingDomains(groups: readonly { domains: readonly string[] }[]): string {
  return `Reading ${plural(
    groups.reduce((sum, group) => sum + group.domains.length, 0),
    'domain',
  )}`;
}
