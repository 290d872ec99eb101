/**
 * Interactive elements inside Block Kit blocks, and the `actions[]` entry Slack sends when one is clicked or chosen.
 * Elements live in an actions block's `elements`, a section's `accessory` or an input's `element`.
 */
import type { ElementRef, SlackOption } from './slack-standin.ts';

/** Slack gives a block without a `block_id` one of its own; the stand-in's is fixed so payloads stay comparable. */
export const DEFAULT_BLOCK_ID = 'block';

export interface ElementShape {
  type?: string;
  action_id?: string;
  value?: string;
  text?: { type?: string; text?: string };
  style?: string;
  options?: SlackOption[];
  option_groups?: { options?: SlackOption[] }[];
  placeholder?: unknown;
  [key: string]: unknown;
}

interface BlockShape {
  block_id?: string;
  elements?: unknown[];
  accessory?: unknown;
  element?: unknown;
}

export interface FoundElement {
  blockIndex: number;
  blockId: string;
  element: ElementShape;
}

function isElement(value: unknown): value is ElementShape {
  return typeof value === 'object' && value !== null && typeof (value as ElementShape).action_id === 'string';
}

/** Every element with an action id, in the order a person sees them. */
export function elementsOf(blocks: readonly unknown[]): FoundElement[] {
  return blocks.flatMap((raw, blockIndex) => {
    if (typeof raw !== 'object' || raw === null) return [];
    const block = raw as BlockShape;
    const candidates = [
      ...(Array.isArray(block.elements) ? block.elements : []),
      block.accessory,
      block.element,
    ];
    return candidates
      .filter(isElement)
      .map((element) => ({ blockIndex, blockId: block.block_id ?? DEFAULT_BLOCK_ID, element }));
  });
}

export function findElement(blocks: readonly unknown[], ref: ElementRef): FoundElement | undefined {
  return elementsOf(blocks).find(
    (found) =>
      found.element.action_id === ref.actionId &&
      (ref.blockIndex === undefined || found.blockIndex === ref.blockIndex) &&
      (ref.blockId === undefined || found.blockId === ref.blockId),
  );
}

/** An element's own options, groups flattened. */
export function optionsOf(element: ElementShape): SlackOption[] {
  return [
    ...(element.options ?? []),
    ...(element.option_groups ?? []).flatMap((group) => group.options ?? []),
  ];
}

/** Element types whose state is a list of options rather than one. */
const MANY = new Set([
  'checkboxes',
  'multi_static_select',
  'multi_external_select',
  'multi_users_select',
  'multi_conversations_select',
  'multi_channels_select',
]);

/**
 * The `actions[]` entry for a click or choice: a button's value and text, or the chosen option(s) of a menu, select,
 * radio group or checkbox group. Values not among a static element's options are refused, as Slack never sends them.
 */
export function actionFor(
  found: FoundElement,
  choice: { selected?: readonly string[]; options?: readonly SlackOption[] },
  actionTs: string,
): Record<string, unknown> {
  const { element, blockId } = found;
  const base = { type: element.type, action_id: element.action_id, block_id: blockId };
  if (element.type === 'button') {
    return {
      ...base,
      text: element.text,
      value: element.value,
      ...(element.style === undefined ? {} : { style: element.style }),
      action_ts: actionTs,
    };
  }
  const chosen = chosenOptions(element, choice);
  const state = MANY.has(element.type ?? '')
    ? { selected_options: chosen }
    : { selected_option: chosen[0] ?? null };
  return { ...base, ...state, action_ts: actionTs };
}

function chosenOptions(
  element: ElementShape,
  choice: { selected?: readonly string[]; options?: readonly SlackOption[] },
): SlackOption[] {
  if (choice.options !== undefined) return [...choice.options];
  const own = optionsOf(element);
  return (choice.selected ?? []).map((value) => {
    const option = own.find((candidate) => candidate.value === value);
    if (option === undefined) throw new Error(`"${value}" is not an option of ${element.action_id}`);
    return option;
  });
}
