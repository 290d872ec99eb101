/**
 * One evaluation of one rule (its claim already won): reads the latest reported interval, advances each domain's
 * streak, and moves the rule's alert through its life, one channel message per alert: fired → posted once, edited
 * while it lasts, a thread reply only when it gets worse (more domains, or twice the threshold), and edited to
 * resolved (with a thread reply) once every domain has been below the clearing level for two reported intervals.
 */
import type { WatchCondition } from '../config/watch-condition.ts';
import type { Services } from '../dispatch/command-context.ts';
import { code, plural } from '../render/format.ts';
import type { AlertRecord } from '../store/store.ts';
import { describeLength } from '../time/describe-length.ts';
import { sparkline } from '../traffic/sparkline.ts';
import { type AlertState, RuleState, readAlertState } from './alert-state.ts';
import { CLEAR_FACTOR } from './clear-level.ts';
import { describeDomains, formatReading } from './describe-watch.ts';
import { type DomainReading, measureWatch } from './measure-watch.ts';
import { renderAlert } from './render-alert.ts';
import { INTERVAL_MS, type WatchDefinition, type WatchSettings } from './watch-definition.ts';

/** Reported intervals in a row every domain must be recovered before the alert resolves. */
const CLEAR_INTERVALS = 2;
/** The sparkline's hour, in 5-minute intervals. */
const SPARK_INTERVALS = 12;

export type AlertServices = Services & { watches: WatchSettings };

export interface EvaluationResult {
  /** What happened, for the claim's record and the log. */
  detail: string;
}

export async function evaluateWatch(
  services: AlertServices,
  watch: WatchDefinition,
  now: number,
): Promise<EvaluationResult> {
  const { store } = services;
  const accounts = services.watches.channelAccounts(watch.channel);
  if (!accounts) return { detail: 'its channel is no longer listed under channels' };
  // A firing alert's domains are shown with their figures: they are measured exactly, never screened.
  const firing = await store.alerts.firing(watch.name);
  const shown = new Set(firing ? (readAlertState(firing.state)?.domains ?? []) : []);
  const measured = await measureWatch(services, watch, { accounts, now, shown });

  const saved = await store.watchStates.get(watch.name);
  const before = RuleState.safeParse(saved?.state).data ?? { domains: {} };
  const after = advance(before, measured.readings);
  if (!(await store.watchStates.put(watch.name, saved?.version ?? 0, after))) {
    return { detail: 'another process changed the rule state meanwhile; left to it' };
  }
  const mutes = await store.watchMutes.active(watch.name, now);
  const muted = new Set(mutes.map((mute) => mute.domain));
  const fresh = measured.readings.filter(
    (reading) => reading.at !== undefined && before.domains[reading.domain]?.lastAt !== reading.at,
  );
  const over = measured.readings
    .filter(
      (reading) =>
        reading.matches &&
        (after.domains[reading.domain]?.streak ?? 0) >= watch.intervals &&
        !muted.has(reading.domain),
    )
    .sort((a, b) => worseFirst(watch.condition, a, b));

  // Read again, not reused from before measuring: Acknowledge or Mute may have changed it (and its version) since.
  const active = await store.alerts.firing(watch.name);
  if (!active) {
    if (over.length === 0 || muted.has('*'))
      return { detail: `${plural(fresh.length, 'new reading')}, no alert` };
    return fire(services, watch, over, after, now);
  }
  const state = readAlertState(active.state);
  if (!state) return { detail: 'the firing alert cannot be read; left as it is' };
  if (active.messageTs === null) await postFirst(services, watch, active, state, now);
  if (fresh.length === 0) return { detail: 'nothing newly reported' };
  return follow(services, watch, active, state, { fresh, over, now, rule: after });
}

function advance(before: RuleState, readings: readonly DomainReading[]): RuleState {
  const domains: RuleState['domains'] = {};
  for (const reading of readings) {
    const previous = before.domains[reading.domain];
    // An interval not yet reported neither extends nor breaks a streak; one already counted is not counted again.
    if (reading.at === undefined || previous?.lastAt === reading.at) {
      if (previous) domains[reading.domain] = previous;
      continue;
    }
    const contiguous = previous !== undefined && reading.at - previous.lastAt <= INTERVAL_MS;
    const streak = reading.matches ? (contiguous ? previous.streak : 0) + 1 : 0;
    const recent = reportsOneInterval(reading)
      ? remembered(previous?.recent, reading, reading.at)
      : undefined;
    domains[reading.domain] = { streak, lastAt: reading.at, ...(recent ? { recent } : {}) };
  }
  return { domains };
}

/** The provider gave the judged interval alone: the hour the sparkline shows is what the rule state kept. */
function reportsOneInterval(reading: DomainReading): boolean {
  return reading.series.filter(Number.isFinite).length < 2;
}

/**
 * A screened reading (`atMost`) is kept as its bound: under the clearing level by construction, so its bar can stand
 * higher than the truth but never draws a spike that was not there.
 */
function remembered(
  kept: readonly [number, number][] | undefined,
  reading: DomainReading,
  at: number,
): [number, number][] {
  const added: [number, number][] =
    reading.value !== undefined && Number.isFinite(reading.value) ? [[at, reading.value]] : [];
  return [...(kept ?? []), ...added].filter(([time]) => time > at - SPARK_INTERVALS * INTERVAL_MS);
}

/** The last hour of a reading's figures: as measured, or as the rule state kept them. */
function hourOf(reading: DomainReading, rule: RuleState): number[] {
  const recent = rule.domains[reading.domain]?.recent;
  if (!recent || reading.at === undefined || !reportsOneInterval(reading)) return reading.series;
  const byTime = new Map(recent);
  return Array.from(
    { length: SPARK_INTERVALS },
    (_, index) => byTime.get(reading.at! - (SPARK_INTERVALS - 1 - index) * INTERVAL_MS) ?? Number.NaN,
  );
}

async function fire(
  services: AlertServices,
  watch: WatchDefinition,
  over: readonly DomainReading[],
  rule: RuleState,
  now: number,
): Promise<EvaluationResult> {
  const latestAt = Math.max(...over.map((reading) => reading.at!));
  const startedAt = Math.min(
    ...over.map((reading) => reading.at! - ((rule.domains[reading.domain]?.streak ?? 1) - 1) * INTERVAL_MS),
  );
  const worst = over[0]!;
  const state: AlertState = {
    when: watch.when.trim().replace(/\s+/g, ' '),
    domains: over.map((reading) => reading.domain),
    readings: over.map(toShown),
    latestAt,
    sparkline: sparkline(hourOf(worst, rule), SPARK_INTERVALS),
    sparkDomain: worst.domain,
    doubled: over.some((reading) => doubled(watch.condition, reading)),
    clearStreak: 0,
  };
  const alert = {
    id: `${watch.name}:${startedAt}`,
    name: watch.name,
    channel: watch.channel,
    phase: 'firing' as const,
    startedAt,
    state,
  };
  // The insert decides: of several processes that got here for one alert, one opens it and posts its message.
  if (!(await services.store.alerts.open(alert)))
    return { detail: 'the alert was opened by another process' };
  const opened = await services.store.alerts.get(alert.id);
  if (opened) await postFirst(services, watch, opened, state, now);
  await audit(services, watch, 'alert fired', `${state.when} on ${state.domains.join(', ')}`, now);
  return { detail: `fired on ${plural(over.length, 'domain')}` };
}

/** Posts the alert's message and records it, so no process posts it again. */
async function postFirst(
  services: AlertServices,
  watch: WatchDefinition,
  alert: AlertRecord,
  state: AlertState,
  now: number,
): Promise<void> {
  // Claimed like a Slack delivery: a process slow to post (not dead) keeps another from posting it too, for as long
  // as two intervals; after that a process that died before posting is taken to have posted nothing.
  const claimed = await services.store.deliveries.claim(`alert-post:${alert.id}`, now, now + 2 * INTERVAL_MS);
  if (!claimed) return;
  const ref = await services.messenger.post(
    watch.channel,
    renderAlert(watch, alert, state, { timeZone: services.timezone, now }),
  );
  if (!ref.ts) return;
  // While the post was in flight another evaluation or an Acknowledge may have changed the alert: the message's ts
  // is written onto the alert as it now is, or no one could edit the message and, once the claim lapsed, a second
  // message would be posted for the same alert.
  for (let current = await services.store.alerts.get(alert.id); current?.messageTs === null; ) {
    const recorded = await services.store.alerts.update(current.id, current.version, { messageTs: ref.ts });
    if (recorded) {
      const latest = readAlertState(recorded.state);
      if (recorded.version !== alert.version + 1 && latest) {
        await services.messenger.update(
          { channel: watch.channel, ts: ref.ts },
          renderAlert(watch, recorded, latest, { timeZone: services.timezone, now }),
        );
      }
      return;
    }
    current = await services.store.alerts.get(alert.id);
  }
}

async function follow(
  services: AlertServices,
  watch: WatchDefinition,
  active: AlertRecord,
  state: AlertState,
  input: { fresh: readonly DomainReading[]; over: readonly DomainReading[]; now: number; rule: RuleState },
): Promise<EvaluationResult> {
  const { fresh, over, now } = input;
  const current = (await services.store.alerts.get(active.id)) ?? active;
  const joined = over
    .filter((reading) => !state.domains.includes(reading.domain))
    .map((reading) => reading.domain);
  const nowDoubled = !state.doubled && over.some((reading) => doubled(watch.condition, reading));
  const mine = fresh.filter((reading) => state.domains.includes(reading.domain) || reading.matches);
  const recovered =
    mine.length > 0 && mine.every((reading) => !reading.matches && cleared(watch.condition, reading));
  const worst = over[0];
  const next: AlertState = {
    ...state,
    domains: [...state.domains, ...joined],
    // While nothing holds the condition, the message shows where the alert's domains are now: on their way back.
    readings:
      over.length > 0
        ? over.map(toShown)
        : [...mine].sort((a, b) => worseFirst(watch.condition, a, b)).map(toShown),
    latestAt: Math.max(state.latestAt, ...fresh.map((reading) => reading.at!)),
    ...(worst
      ? { sparkline: sparkline(hourOf(worst, input.rule), SPARK_INTERVALS), sparkDomain: worst.domain }
      : {}),
    doubled: state.doubled || nowDoubled,
    clearStreak: recovered ? state.clearStreak + 1 : 0,
  };
  const resolved = next.clearStreak >= CLEAR_INTERVALS;
  const updated = await services.store.alerts.update(current.id, current.version, {
    state: next,
    ...(resolved ? { phase: 'resolved' as const, resolvedAt: now } : {}),
  });
  if (!updated) return { detail: 'the alert was changed meanwhile; its next evaluation catches up' };
  const ref = { channel: watch.channel, ts: updated.messageTs ?? undefined };
  const render = () => renderAlert(watch, updated, next, { timeZone: services.timezone, now });
  if (ref.ts) await services.messenger.update(ref, render());
  if (resolved) {
    const lasted = describeLength(Math.max(INTERVAL_MS, now - updated.startedAt));
    if (ref.ts) {
      await services.messenger.post(
        watch.channel,
        {
          text: `:white_check_mark: Resolved after ${lasted}: every domain has been back under the threshold for ${CLEAR_INTERVALS} intervals.`,
        },
        { threadTs: ref.ts },
      );
    }
    await audit(services, watch, 'alert resolved', `after ${lasted}`, now);
    return { detail: `resolved after ${lasted}` };
  }
  const worse = [
    joined.length > 0 ? `now also ${describeDomains(joined)}` : '',
    nowDoubled && worst
      ? `${code(worst.domain)} at ${formatReading(watch.condition, worst.value)}, more than twice the threshold`
      : '',
  ].filter(Boolean);
  if (worse.length > 0 && ref.ts) {
    await services.messenger.post(
      watch.channel,
      { text: `:arrow_up: Worse: ${worse.join('; ')}.` },
      { threadTs: ref.ts },
    );
  }
  return { detail: worse.length > 0 ? `worse: ${worse.join('; ')}` : 'still firing' };
}

function toShown(reading: DomainReading): AlertState['readings'][number] {
  return {
    domain: reading.domain,
    // An upper bound is not the domain's figure: none is shown rather than more than it was.
    value: reading.atMost ? null : (reading.value ?? null),
    ...(reading.status === undefined ? {} : { status: reading.status }),
  };
}

/** Worst first: furthest past the threshold in the condition's direction. */
function worseFirst(condition: WatchCondition, a: DomainReading, b: DomainReading): number {
  const direction = condition.kind !== 'status' && condition.op === '<' ? 1 : -1;
  return direction * ((a.value ?? 0) - (b.value ?? 0)) || a.domain.localeCompare(b.domain);
}

function doubled(condition: WatchCondition, reading: DomainReading): boolean {
  // A certificate does not get twice as close to expiry in a way worth a second page; its expiry date says it all.
  if (condition.kind === 'status' || condition.kind === 'cert' || reading.value === undefined) return false;
  return condition.op === '>'
    ? reading.value >= 2 * condition.threshold
    : reading.value <= condition.threshold / 2;
}

/** Whether a reading is clearly back: below 80% of a `>` threshold, above a `<` threshold by as much. */
function cleared(condition: WatchCondition, reading: DomainReading): boolean {
  if (reading.note !== undefined && reading.at === undefined) return false;
  // Days left only grow when the certificate is replaced: that is recovery, whatever the new one's margin.
  if (condition.kind === 'status' || condition.kind === 'cert') return !reading.matches;
  if (reading.value === undefined) return reading.note !== undefined;
  return condition.op === '>'
    ? reading.value < CLEAR_FACTOR * condition.threshold
    : reading.value > condition.threshold / CLEAR_FACTOR ||
        (condition.kind === 'rate' &&
          reading.value > condition.threshold + (100 - condition.threshold) * 0.2);
}

async function audit(
  services: AlertServices,
  watch: WatchDefinition,
  action: string,
  detail: string,
  now: number,
): Promise<void> {
  await services.store.audit.append({
    at: now,
    // Nobody typed it: the rule's evaluation did. The audit log names the rule as the actor.
    userId: 'cdnops',
    channel: watch.channel,
    commandText: `watch ${watch.name}`,
    action,
    accountId: null,
    domain: null,
    outcome: 'done',
    requestId: null,
    detail,
    changeId: null,
  });
}
