/**
 * Block Kit builders that keep within Slack's limits (50 blocks a message, 3000 characters a section, 10 fields
 * of 2000, 150 for a header), so no rendering can produce a message Slack refuses.
 */
import type { types } from '@slack/bolt';
import type { Block } from '../messaging/message.ts';
import { truncate } from './format.ts';

export const MAX_BLOCKS = 50;
export const MAX_SECTION_CHARS = 3000;
/** A button's value; what does not fit has to be found another way (an id to look up). */
export const MAX_BUTTON_VALUE = 2000;
const MAX_HEADER_CHARS = 150;
const MAX_FIELD_CHARS = 2000;
const MAX_FIELDS = 10;
const MAX_CONTEXT_ELEMENTS = 10;

export function header(text: string): Block {
  return {
    type: 'header',
    text: { type: 'plain_text', text: truncate(text, MAX_HEADER_CHARS), emoji: true },
  };
}

export function section(text: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, MAX_SECTION_CHARS) } };
}

export function fields(values: readonly string[]): Block {
  return {
    type: 'section',
    fields: values
      .slice(0, MAX_FIELDS)
      .map((value) => ({ type: 'mrkdwn', text: truncate(value, MAX_FIELD_CHARS) })),
  };
}

export function context(...texts: string[]): Block {
  return {
    type: 'context',
    elements: texts
      .filter((text) => text.length > 0)
      .slice(0, MAX_CONTEXT_ELEMENTS)
      .map((text) => ({ type: 'mrkdwn', text: truncate(text, MAX_SECTION_CHARS) })),
  };
}

export function divider(): Block {
  return { type: 'divider' };
}

/**
 * Packs lines into as few sections as fit 3000 characters each. A single line longer than that is cut, never
 * split mid-line across sections.
 */
export function sectionsFromLines(lines: readonly string[]): Block[] {
  const blocks: Block[] = [];
  let current = '';
  for (const raw of lines) {
    const line = truncate(raw, MAX_SECTION_CHARS);
    if (current.length > 0 && current.length + 1 + line.length > MAX_SECTION_CHARS) {
      blocks.push(section(current));
      current = '';
    }
    current = current.length > 0 ? `${current}\n${line}` : line;
  }
  if (current.length > 0) blocks.push(section(current));
  return blocks;
}

/**
 * Caps a message at 50 blocks (or `max`: 100 for modals and Home tabs, fewer to keep room for blocks added after),
 * replacing the overflow with a note saying how much was left out.
 */
export function fitBlocks(
  blocks: readonly Block[],
  overflowNote: (hidden: number) => string,
  max: number = MAX_BLOCKS,
): Block[] {
  if (blocks.length <= max) return [...blocks];
  const kept = blocks.slice(0, max - 1);
  return [...kept, context(overflowNote(blocks.length - kept.length))];
}

export interface ButtonOptions {
  style?: 'primary' | 'danger';
  /** A Block Kit confirm dialog (title ≤ 100, text ≤ 300, buttons ≤ 30 characters). */
  confirm?: { title: string; text: string; yes: string; no?: string };
}

export function button(
  text: string,
  actionId: string,
  value: string,
  options: ButtonOptions = {},
): types.Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text: truncate(text, 75) },
    action_id: actionId,
    value,
    ...(options.style ? { style: options.style } : {}),
    ...(options.confirm
      ? {
          confirm: {
            title: { type: 'plain_text', text: truncate(options.confirm.title, 100) },
            text: { type: 'mrkdwn', text: truncate(options.confirm.text, 300) },
            confirm: { type: 'plain_text', text: truncate(options.confirm.yes, 30) },
            deny: { type: 'plain_text', text: truncate(options.confirm.no ?? 'Back', 30) },
            ...(options.style === 'danger' ? { style: 'danger' as const } : {}),
          },
        }
      : {}),
  };
}

export function actions(blockId: string, elements: types.Button[]): Block {
  return { type: 'actions', block_id: blockId, elements: elements.slice(0, 25) };
}
