import { code, escapeMrkdwn } from '../render/format.ts';
import type { AlertRecord } from '../store/store.ts';
import { describeLength } from '../time/describe-length.ts';
import { formatWallTime } from '../time/zoned-time.ts';
import { readAlertState } from './alert-state.ts';
import { describeDomains } from './describe-watch.ts';

/** One line per firing alert, for the App Home: which rule, where, what, since when, and who took it on. */
export function firingAlertLines(
  alerts: readonly AlertRecord[] | 'failed',
  options: { timeZone: string; now: number },
): string[] {
  if (alerts === 'failed') return [':x: The alerts could not be read.'];
  if (alerts.length === 0) return ['_None._'];
  return alerts.map((alert) => {
    const state = readAlertState(alert.state);
    const what = state ? `${code(state.when)} on ${describeDomains(state.domains)}` : '';
    return `:rotating_light: *${escapeMrkdwn(alert.name)}* in <#${alert.channel}> · ${what} · since ${formatWallTime(alert.startedAt, options.timeZone)} (${describeLength(Math.max(60_000, options.now - alert.startedAt))})${alert.acknowledgedBy ? ` · acknowledged by <@${alert.acknowledgedBy}>` : ''}`;
  });
}
