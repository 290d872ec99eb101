/**
 * The buttons on an alert: Codes and Stats of its worst domain, Mute 1h and Acknowledge. Each click runs the `/cdn`
 * command it stands for as the clicker, through the whole pipeline, so a viewer's Mute or Acknowledge is refused as
 * the typed command would be.
 */
import * as z from 'zod';
import type { Block } from '../messaging/message.ts';
import { actions, button } from '../render/blocks.ts';
import { safeJsonParse } from '../util/safe-json-parse.ts';

export const ALERT_ACTIONS = {
  codes: 'alert.codes',
  stats: 'alert.stats',
  mute: 'alert.mute',
  acknowledge: 'alert.acknowledge',
} as const;
type AlertAction = (typeof ALERT_ACTIONS)[keyof typeof ALERT_ACTIONS];

/** `w` the watch rule, `d` the domain the figures buttons show. */
const AlertButtonValue = z.object({ w: z.string().min(1), d: z.string().min(1) });

export function alertButtons(name: string, domain: string): Block {
  const value = JSON.stringify({ w: name, d: domain });
  return actions('alert', [
    button('Codes', ALERT_ACTIONS.codes, value),
    button('Stats', ALERT_ACTIONS.stats, value),
    button('Mute 1h', ALERT_ACTIONS.mute, value),
    button('Acknowledge', ALERT_ACTIONS.acknowledge, value, { style: 'primary' }),
  ]);
}

/** The words a click stands for; undefined when the value is not one cdnops made. */
export function alertButtonWords(action: AlertAction, value: string): string[] | undefined {
  const parsed = AlertButtonValue.safeParse(safeJsonParse(value));
  if (!parsed.success) return undefined;
  const { w, d } = parsed.data;
  switch (action) {
    case ALERT_ACTIONS.codes:
      return ['codes', d, '--last', '24h'];
    case ALERT_ACTIONS.stats:
      return ['stats', d, '--last', '24h'];
    case ALERT_ACTIONS.mute:
      return ['watch', 'mute', w, '1h'];
    case ALERT_ACTIONS.acknowledge:
      return ['watch', 'ack', w];
  }
}
