import type { WatchCondition } from '../config/watch-condition.ts';
import type { Message } from '../messaging/message.ts';
import { context, section } from '../render/blocks.ts';
import { code, escapeMrkdwn, plural } from '../render/format.ts';
import type { AlertRecord } from '../store/store.ts';
import { describeLength } from '../time/describe-length.ts';
import { formatWallTime } from '../time/zoned-time.ts';
import { alertButtons } from './alert-buttons.ts';
import type { AlertState } from './alert-state.ts';
import { describeDomains, formatReading, mentionOf } from './describe-watch.ts';
import { INTERVAL_MS } from './watch-definition.ts';

const READINGS_SHOWN = 10;

export interface AlertView {
  name: string;
  condition: WatchCondition;
  mention?: string | undefined;
}

/**
 * The one channel message of an alert, as it is now: firing (what, which domains, each figure against the threshold,
 * since when, the last hour, who acknowledged it, and the buttons) or resolved (how long it lasted).
 */
export function renderAlert(
  view: AlertView,
  alert: AlertRecord,
  state: AlertState,
  options: { timeZone: string; now: number },
): Message {
  const { timeZone } = options;
  const when = code(state.when);
  const time = (ms: number) => formatWallTime(ms, timeZone).slice(11);
  const acked = alert.acknowledgedBy
    ? [
        context(
          `:eyes: Acknowledged by <@${alert.acknowledgedBy}>${state.acknowledgedAt === undefined ? '' : ` at ${time(state.acknowledgedAt)}`}`,
        ),
      ]
    : [];
  if (alert.phase === 'resolved') {
    const ended = alert.resolvedAt ?? options.now;
    const lasted = describeLength(Math.max(INTERVAL_MS, ended - alert.startedAt));
    return {
      text: `Resolved: ${view.name} (${state.when}) after ${lasted}`,
      blocks: [
        section(
          `:white_check_mark: *Resolved: ${escapeMrkdwn(view.name)}* · ${when} · lasted ${lasted} (${time(alert.startedAt)}–${time(ended)} ${timeZone})\n${describeDomains(state.domains)}`,
        ),
        ...acked,
      ],
    };
  }
  const threshold = thresholdOf(view.condition);
  const lines = state.readings
    .slice(0, READINGS_SHOWN)
    .map(
      (reading) =>
        `• ${code(reading.domain)} ${reading.status ?? formatReading(view.condition, reading.value ?? undefined)}${threshold ? ` (threshold ${threshold})` : ''}`,
    );
  if (state.readings.length > READINGS_SHOWN)
    lines.push(`…and ${state.readings.length - READINGS_SHOWN} more`);
  const recovering = state.clearStreak > 0 ? ':large_yellow_circle: recovering · ' : '';
  const since = `${recovering}Since ${time(alert.startedAt)} (${describeLength(Math.max(INTERVAL_MS, state.latestAt + INTERVAL_MS - alert.startedAt))}) · latest interval ${time(state.latestAt)} ${timeZone}`;
  const mention = view.mention ? ` ${mentionOf(view.mention)}` : '';
  return {
    text: `Alert ${view.name}: ${state.when} on ${plural(state.readings.length, 'domain')}`,
    blocks: [
      section(
        `:rotating_light: *${escapeMrkdwn(view.name)}* · ${when} on ${plural(state.readings.length, 'domain')}${mention}\n${lines.join('\n')}`,
      ),
      context(since),
      ...(state.sparkline ? [context(`\`${state.sparkline}\` last hour of ${code(state.sparkDomain)}`)] : []),
      ...acked,
      alertButtons(view.name, state.sparkDomain || state.domains[0] || ''),
    ],
  };
}

/** The threshold as the message shows it beside each figure; none for status rules. */
function thresholdOf(condition: WatchCondition): string | undefined {
  if (condition.kind === 'status') return undefined;
  if (condition.kind === 'cert') return `${condition.threshold} days`;
  return formatReading(condition, condition.threshold);
}
