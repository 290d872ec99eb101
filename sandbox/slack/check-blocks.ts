import { z } from 'zod';

/**
 * The Block Kit limits Slack enforces (see docs/reference §3.3, `@slack/types` blocks.ts). Slack answers
 * `invalid_blocks` when any is broken; the stand-in does the same so oversize digests and host lists fail in
 * tests rather than in a real workspace. Unknown block types pass: only the shapes we can check are checked.
 */
export const BLOCK_LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  blockId: 255,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  actionsElements: 25,
  contextElements: 10,
  buttonText: 75,
  buttonValue: 2000,
} as const;

const TextObject = z.looseObject({ type: z.string(), text: z.string() });

const Button = z.looseObject({
  type: z.literal('button'),
  text: TextObject,
  value: z.string().optional(),
});

const Block = z.looseObject({
  type: z.string(),
  block_id: z.string().optional(),
});

const SectionBlock = z.looseObject({
  text: TextObject.optional(),
  fields: z.array(TextObject).optional(),
  accessory: z.unknown().optional(),
});

const HeaderBlock = z.looseObject({ text: TextObject });

const ElementsBlock = z.looseObject({ elements: z.array(z.unknown()) });

/**
 * Problems with `blocks` as Slack would see them, as `json-pointer`-style messages; empty when valid.
 * `maxBlocks` is 50 for messages and 100 for modals and Home tabs.
 */
export function checkBlocks(blocks: unknown, maxBlocks: number = BLOCK_LIMITS.messageBlocks): string[] {
  if (!Array.isArray(blocks)) return ['/blocks: must be a JSON array'];
  const problems: string[] = [];
  if (blocks.length > maxBlocks) {
    problems.push(`/blocks: ${blocks.length} blocks, no more than ${maxBlocks} allowed`);
  }
  blocks.forEach((block, index) => {
    problems.push(...checkBlock(block, `/blocks/${index}`));
  });
  return problems;
}

function checkBlock(value: unknown, at: string): string[] {
  const block = Block.safeParse(value);
  if (!block.success) return [`${at}: a block must be an object with a string "type"`];
  const problems: string[] = [];
  const { type, block_id: blockId } = block.data;
  if (blockId !== undefined && blockId.length > BLOCK_LIMITS.blockId) {
    problems.push(`${at}/block_id: longer than ${BLOCK_LIMITS.blockId} characters`);
  }
  if (type === 'section') problems.push(...checkSection(value, at));
  if (type === 'header') problems.push(...checkHeader(value, at));
  if (type === 'actions') problems.push(...checkElements(value, at, BLOCK_LIMITS.actionsElements));
  if (type === 'context') problems.push(...checkElements(value, at, BLOCK_LIMITS.contextElements));
  return problems;
}

function checkSection(value: unknown, at: string): string[] {
  const section = SectionBlock.safeParse(value);
  if (!section.success) return [`${at}: section text and fields must be text objects`];
  const { text, fields, accessory } = section.data;
  const problems: string[] = [];
  if (text === undefined && fields === undefined) problems.push(`${at}: a section needs text or fields`);
  if (text !== undefined) problems.push(...checkLength(text.text, `${at}/text`, 1, BLOCK_LIMITS.sectionText));
  if (fields !== undefined) {
    if (fields.length > BLOCK_LIMITS.sectionFields) {
      problems.push(
        `${at}/fields: ${fields.length} fields, no more than ${BLOCK_LIMITS.sectionFields} allowed`,
      );
    }
    fields.forEach((field, index) => {
      problems.push(...checkLength(field.text, `${at}/fields/${index}`, 1, BLOCK_LIMITS.sectionFieldText));
    });
  }
  if (accessory !== undefined) problems.push(...checkButton(accessory, `${at}/accessory`));
  return problems;
}

function checkHeader(value: unknown, at: string): string[] {
  const header = HeaderBlock.safeParse(value);
  if (!header.success) return [`${at}/text: a header needs a plain_text text object`];
  return checkLength(header.data.text.text, `${at}/text`, 1, BLOCK_LIMITS.headerText);
}

function checkElements(value: unknown, at: string, max: number): string[] {
  const block = ElementsBlock.safeParse(value);
  if (!block.success) return [`${at}/elements: must be an array`];
  const { elements } = block.data;
  const problems: string[] = [];
  if (elements.length > max)
    problems.push(`${at}/elements: ${elements.length} elements, no more than ${max} allowed`);
  elements.forEach((element, index) => {
    problems.push(...checkButton(element, `${at}/elements/${index}`));
  });
  return problems;
}

/** Only buttons are checked; other elements (selects, images, text) pass as they are. */
function checkButton(value: unknown, at: string): string[] {
  const isButton = z.looseObject({ type: z.literal('button') }).safeParse(value).success;
  if (!isButton) return [];
  const button = Button.safeParse(value);
  if (!button.success) return [`${at}/text: a button needs a plain_text text object`];
  const problems = checkLength(button.data.text.text, `${at}/text`, 1, BLOCK_LIMITS.buttonText);
  const { value: buttonValue } = button.data;
  if (buttonValue !== undefined) {
    problems.push(...checkLength(buttonValue, `${at}/value`, 0, BLOCK_LIMITS.buttonValue));
  }
  return problems;
}

function checkLength(text: string, at: string, min: number, max: number): string[] {
  if (text.length < min) return [`${at}: must be at least ${min} character${min === 1 ? '' : 's'}`];
  if (text.length > max) return [`${at}: ${text.length} characters, no more than ${max} allowed`];
  return [];
}
