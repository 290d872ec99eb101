import type { CommandContext } from '../dispatch/command-context.ts';
import { UnsupportedError } from '../errors.ts';
import type { OptionalOperation } from '../providers/types.ts';
import { parseTimeRange, type TimeRange } from '../time/time-range.ts';
import { planTrafficQueries, type TrafficPlan, type TrafficReport } from './plan-traffic-queries.ts';
import { rangeInput } from './range-input.ts';
import { type ResolvedTargets, resolveTargets } from './resolve-targets.ts';
import { splitSupported, type UnsupportedGroup } from './split-supported.ts';

/**
 * What stats, top and codes do before asking for data: read the range, resolve `<domain|all>` per account, set
 * aside accounts whose provider lacks the operation (a single domain on one is refused outright), and check
 * every account's limits for the range, so nothing is sent for a range some provider cannot answer.
 */
export async function prepareTrafficCommand(
  ctx: CommandContext,
  input: {
    target: string;
    day: string | undefined;
    flags: { last?: string | undefined; from?: string | undefined; to?: string | undefined };
    operations: readonly OptionalOperation[];
    what: string;
    previous: boolean;
    /** Status codes may be answered over a shorter range than traffic (Wangsu: 7 days). */
    report?: TrafficReport;
  },
): Promise<{
  now: number;
  range: TimeRange;
  targets: ResolvedTargets;
  unsupported: UnsupportedGroup[];
  plans: TrafficPlan[];
}> {
  const now = ctx.clock.now();
  const range = parseTimeRange(rangeInput(input.flags, input.day), { timeZone: ctx.timezone, now });
  const targets = await resolveTargets(input.target, ctx);
  const { supported, unsupported } = splitSupported(targets.groups, input.operations, input.what);
  if (!targets.all && unsupported[0]) throw new UnsupportedError(unsupported[0].message);
  const plans = planTrafficQueries(supported, range, {
    timeZone: ctx.timezone,
    now,
    previous: input.previous,
    report: input.report ?? 'traffic',
  });
  return { now, range, targets, unsupported, plans };
}
