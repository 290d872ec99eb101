import { millisecondsInDay } from 'date-fns/constants';
import type { DigestMetric } from '../config/schema.ts';
import type { CdnProvider } from '../providers/types.ts';
import { parseSchedule } from '../time/parse-schedule.ts';
import { capDigestPeriods, digestPeriods } from './digest-periods.ts';
import { keptSince } from './fetch-digest-data.ts';

/**
 * A note for a schedule whose period (the days since its previous run) reaches further back than the providers of
 * its channel keep what it shows: such a digest is posted, cut to what is kept (capDigestPeriods), and says so; this
 * tells whoever adds it, or reads the start-up log, beforehand. Judged at the digest's run `at`. Undefined when every
 * run is covered whole.
 */
export function retentionNote(input: {
  schedule: string;
  timeZone: string;
  at: number;
  metrics: readonly DigestMetric[];
  providers: readonly CdnProvider[];
}): string | undefined {
  const kept = keptSince(
    input.providers.map((provider) => ({ provider })),
    { statusCodes: input.metrics.includes('statusCode'), now: input.at },
  );
  if (!kept) return undefined;
  const periods = digestPeriods(parseSchedule(input.schedule, input.timeZone), input.at, input.timeZone);
  const capped = capDigestPeriods(periods, kept, input.timeZone);
  if (!capped.capped) return undefined;
  const days = (range: { from: number; to: number }) =>
    Math.round((range.to - range.from) / millisecondsInDay);
  return `A run covers the ${days(periods.current)} days since the previous one, longer than ${kept.reason}: each digest covers the last ${days(capped.current)} days and says so.`;
}
