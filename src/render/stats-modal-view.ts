/** The `/cdn stats` modal: domain, range and metrics, answered with the same words the text command takes. */
import type { types } from '@slack/bolt';
import type { ModalView } from '../messaging/modal-view.ts';

export const STATS_MODAL = 'cdn_stats';
export const STATS_BLOCKS = {
  domain: 'stats_domain',
  range: 'stats_range',
  metrics: 'stats_metrics',
} as const;
const BLOCKS = STATS_BLOCKS;
const RANGES = [
  ['last 1 hour', '--last 1h'],
  ['last 24 hours', '--last 24h'],
  ['today', 'today'],
  ['yesterday', 'yesterday'],
  ['last 7 days', '--last 7d'],
  ['last 30 days', '--last 30d'],
] as const;
const METRICS = [
  ['Traffic', 'flux'],
  ['Peak bandwidth', 'bandwidth'],
  ['Requests', 'request'],
  ['Hit rates', 'hitRate'],
] as const;

function option(text: string, value: string): types.PlainTextOption {
  return { text: { type: 'plain_text', text }, value };
}

export function statsModalView(channelId: string): ModalView {
  return {
    type: 'modal',
    callback_id: STATS_MODAL,
    private_metadata: JSON.stringify({ channelId }),
    title: { type: 'plain_text', text: 'Traffic statistics' },
    submit: { type: 'plain_text', text: 'Show' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: BLOCKS.domain,
        label: { type: 'plain_text', text: 'Domain' },
        hint: { type: 'plain_text', text: 'A domain such as www.example.com, or all for every domain here.' },
        element: {
          type: 'plain_text_input',
          action_id: 'value',
          placeholder: { type: 'plain_text', text: 'www.example.com' },
        },
      },
      {
        type: 'input',
        block_id: BLOCKS.range,
        label: { type: 'plain_text', text: 'Range' },
        element: {
          type: 'static_select',
          action_id: 'value',
          options: RANGES.map(([text, value]) => option(text, value)),
          initial_option: option(RANGES[1][0], RANGES[1][1]),
        },
      },
      {
        type: 'input',
        block_id: BLOCKS.metrics,
        optional: true,
        label: { type: 'plain_text', text: 'Metrics (all when none)' },
        element: {
          type: 'checkboxes',
          action_id: 'value',
          options: METRICS.map(([text, value]) => option(text, value)),
        },
      },
    ],
  };
}
