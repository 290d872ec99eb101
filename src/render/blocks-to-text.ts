/**
 * Block Kit → terminal text, so `npm run demo` shows roughly what Slack would show. Blocks are parsed
 * defensively: anything this file does not understand is printed as compact JSON rather than dropped, so a
 * malformed block is visible in the demo instead of silently missing.
 */
import * as z from 'zod';

export interface RenderTextOptions {
  /** ANSI styles (bold, italic, dim, colours). Off by default so output is stable in tests and logs. */
  color?: boolean;
  /** Terminal columns, for dividers and the two field columns. Default 80. */
  width?: number;
  /**
   * For the command line, where nothing can be clicked and Slack's markup means nothing: buttons, menus and other
   * interactive elements are left out, code loses its backticks and fences (cyan when coloured), and an `:emoji:`
   * code with no character here is dropped. The demo leaves this off: it shows what Slack would show.
   */
  plain?: boolean;
  /**
   * What a command written in code as `/cdn …` is called where the text is shown: the command line passes `cdnops`,
   * so "`/cdn hosts` lists the domains" reads "cdnops hosts lists the domains" there.
   */
  slashCommandAs?: string;
  /** Channel names by id, so `<#C0123456789>` reads `#web-ops` (Slack shows names; an id is all the text has). */
  channelNames?: ReadonlyMap<string, string>;
  /** People's names by user id, so `<@U0123456789>` reads `@otto` (Slack shows names; an id is all the text has). */
  userNames?: ReadonlyMap<string, string>;
}

const TextObject = z.looseObject({ type: z.string(), text: z.string() });
type TextObject = z.infer<typeof TextObject>;

const Option = z.looseObject({ text: TextObject });

const Element = z.looseObject({
  type: z.string(),
  text: TextObject.optional(),
  style: z.string().optional(),
  placeholder: TextObject.optional(),
  initial_option: Option.optional(),
  initial_options: z.array(Option).optional(),
  initial_date: z.string().optional(),
  initial_value: z.string().optional(),
  alt_text: z.string().optional(),
});
type Element = z.infer<typeof Element>;

const HeaderBlock = z.looseObject({ type: z.literal('header'), text: TextObject });
const SectionBlock = z.looseObject({
  type: z.literal('section'),
  text: TextObject.optional(),
  fields: z.array(TextObject).optional(),
  accessory: z.unknown().optional(),
});
const ContextBlock = z.looseObject({ type: z.literal('context'), elements: z.array(z.unknown()) });
const DividerBlock = z.looseObject({ type: z.literal('divider') });
const ActionsBlock = z.looseObject({ type: z.literal('actions'), elements: z.array(z.unknown()) });
const ImageBlock = z.looseObject({
  type: z.literal('image'),
  alt_text: z.string(),
  title: TextObject.optional(),
});
const RichTextBlock = z.looseObject({ type: z.literal('rich_text'), elements: z.array(z.unknown()) });
const MarkdownBlock = z.looseObject({ type: z.literal('markdown'), text: z.string() });
const InputBlock = z.looseObject({ type: z.literal('input'), label: TextObject, element: z.unknown() });

const KnownBlock = z.discriminatedUnion('type', [
  HeaderBlock,
  SectionBlock,
  ContextBlock,
  DividerBlock,
  ActionsBlock,
  ImageBlock,
  RichTextBlock,
  MarkdownBlock,
  InputBlock,
]);
type KnownBlock = z.infer<typeof KnownBlock>;

const RichContainer = z.looseObject({
  type: z.string(),
  elements: z.array(z.unknown()),
  style: z.string().optional(),
  indent: z.number().optional(),
});

const RichInline = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  url: z.string().optional(),
  user_id: z.string().optional(),
  usergroup_id: z.string().optional(),
  channel_id: z.string().optional(),
  name: z.string().optional(),
  range: z.string().optional(),
  fallback: z.string().optional(),
  style: z
    .looseObject({
      bold: z.boolean().optional(),
      italic: z.boolean().optional(),
      strike: z.boolean().optional(),
      code: z.boolean().optional(),
    })
    .optional(),
});

/** ANSI on/off pairs; the "off" codes reset only their own attribute so styles can nest. */
const ANSI = {
  bold: ['\u001b[1m', '\u001b[22m'],
  dim: ['\u001b[2m', '\u001b[22m'],
  italic: ['\u001b[3m', '\u001b[23m'],
  underline: ['\u001b[4m', '\u001b[24m'],
  strike: ['\u001b[9m', '\u001b[29m'],
  red: ['\u001b[31m', '\u001b[39m'],
  green: ['\u001b[32m', '\u001b[39m'],
  cyan: ['\u001b[36m', '\u001b[39m'],
} as const;
type AnsiStyle = keyof typeof ANSI;

/** The emoji cdnops itself uses, so status lines read naturally; any other `:name:` stays as typed. */
const EMOJI: Readonly<Record<string, string>> = {
  large_green_circle: '🟢',
  large_yellow_circle: '🟡',
  red_circle: '🔴',
  white_circle: '⚪',
  no_entry: '⛔',
  white_check_mark: '✅',
  heavy_check_mark: '✔',
  x: '❌',
  warning: '⚠',
  hourglass_flowing_sand: '⏳',
  hourglass: '⌛',
  lock: '🔒',
  broom: '🧹',
  rocket: '🚀',
  bar_chart: '📊',
  information_source: 'ℹ',
  bell: '🔔',
  stopwatch: '⏱',
  mag: '🔍',
  wastebasket: '🗑',
  boom: '💥',
  no_entry_sign: '🚫',
  ballot_box_with_check: '☑',
  raised_hand: '✋',
  grey_question: '❔',
  black_circle: '⚫',
  large_orange_circle: '🟠',
  large_blue_circle: '🔵',
  small_blue_diamond: '🔹',
  rotating_light: '🚨',
  outbox_tray: '📤',
  heavy_multiplication_x: '✖',
  chart_with_upwards_trend: '📈',
  chart_with_downwards_trend: '📉',
  calendar: '📆',
  memory: '📝',
  eyes: '👀',
  mute: '🔇',
  arrow_up: '⬆',
  closed_lock_with_key: '🔐',
  heavy_minus_sign: '➖',
};

interface Style {
  color: boolean;
  width: number;
  plain: boolean;
  slashCommandAs: string | undefined;
  channelNames: ReadonlyMap<string, string>;
  userNames: ReadonlyMap<string, string>;
}

/**
 * Renders a message the way a terminal can show it. With blocks, the blocks are what Slack shows (top-level
 * `text` is then only the notification fallback); without blocks, `text` is rendered as mrkdwn.
 */
export function renderBlocksAsText(
  message: { text?: string; blocks?: unknown[] },
  options: RenderTextOptions = {},
): string {
  const style: Style = {
    color: options.color ?? false,
    width: Math.max(20, options.width ?? 80),
    plain: options.plain ?? false,
    slashCommandAs: options.slashCommandAs,
    channelNames: options.channelNames ?? new Map(),
    userNames: options.userNames ?? new Map(),
  };
  const blocks = message.blocks ?? [];
  if (blocks.length === 0) return mrkdwnToText(message.text ?? '', style);
  const rendered = blocks.map((block) => renderBlock(block, style));
  // Plain text leaves out blocks that were only buttons, rather than printing empty lines for them.
  return (style.plain ? rendered.filter((text) => text !== '') : rendered).join('\n');
}

function renderBlock(value: unknown, style: Style): string {
  const parsed = KnownBlock.safeParse(value);
  if (!parsed.success) return compactJson(value);
  const block: KnownBlock = parsed.data;
  switch (block.type) {
    case 'header': {
      const text = renderText(block.text, style);
      if (style.color) return paint(paint(text, 'bold', style), 'underline', style);
      return `${text}\n${'═'.repeat(Math.min(visibleWidth(text), style.width))}`;
    }
    case 'section':
      return renderSection(block.text, block.fields, block.accessory, style);
    case 'context': {
      const parts = block.elements.map((element) => renderContextElement(element, style));
      // Bold's "off" code also ends dim, so dim is switched back on after each one.
      return paint(parts.join(' · ').replaceAll(ANSI.bold[1], `${ANSI.bold[1]}${ANSI.dim[0]}`), 'dim', style);
    }
    case 'divider':
      return '─'.repeat(style.width);
    case 'actions':
      if (style.plain) return '';
      return block.elements.map((element) => renderElement(element, style)).join(' ');
    case 'image':
      return imageLabel(block.title?.text ?? block.alt_text);
    case 'rich_text':
      return block.elements.map((element) => renderRichContainer(element, style)).join('\n');
    case 'markdown':
      // The `markdown` block takes standard Markdown (no entities, no <...> links), which reads well as it is.
      return block.text;
    case 'input':
      return `${paint(renderText(block.label, style), 'bold', style)}\n${renderElement(block.element, style)}`;
  }
}

function renderSection(
  text: TextObject | undefined,
  fields: TextObject[] | undefined,
  accessory: unknown,
  style: Style,
): string {
  const parts: string[] = [];
  if (text !== undefined) parts.push(renderText(text, style));
  if (fields !== undefined && fields.length > 0) parts.push(renderFields(fields, style));
  if (accessory !== undefined && !style.plain) {
    const label = renderElement(accessory, style);
    if (parts.length === 0) parts.push(label);
    else parts[0] = appendToFirstLine(parts[0] ?? '', `  ${label}`);
  }
  return parts.join('\n');
}

/** Slack lays section fields out two per row; each field may span several lines. */
function renderFields(fields: TextObject[], style: Style): string {
  const gap = 2;
  const columnWidth = Math.floor((style.width - gap) / 2);
  const rows: string[] = [];
  for (let index = 0; index < fields.length; index += 2) {
    const left = wrap(renderText(fields[index]!, style), columnWidth);
    const rightField = fields[index + 1];
    const right = rightField === undefined ? [] : wrap(renderText(rightField, style), columnWidth);
    const height = Math.max(left.length, right.length);
    for (let line = 0; line < height; line += 1) {
      const leftLine = left[line] ?? '';
      const rightLine = right[line] ?? '';
      const padded = rightLine === '' ? leftLine : padTo(leftLine, columnWidth + gap) + rightLine;
      rows.push(padded.trimEnd());
    }
  }
  return rows.join('\n');
}

function renderContextElement(value: unknown, style: Style): string {
  const text = TextObject.safeParse(value);
  if (text.success && (text.data.type === 'mrkdwn' || text.data.type === 'plain_text')) {
    return renderText(text.data, style);
  }
  return renderElement(value, style);
}

/** Interactive elements as bracketed labels: `[Approve]`, `[Reject!]` for danger, `[Select: Domain ▾]`. */
function renderElement(value: unknown, style: Style): string {
  const parsed = Element.safeParse(value);
  if (!parsed.success) return compactJson(value);
  const element: Element = parsed.data;
  const label = element.text === undefined ? undefined : renderText(element.text, style);
  switch (element.type) {
    case 'button': {
      if (element.style === 'danger') return paint(`[${label ?? 'Button'}!]`, 'red', style);
      if (element.style === 'primary')
        return paint(paint(`[${label ?? 'Button'}]`, 'bold', style), 'green', style);
      return `[${label ?? 'Button'}]`;
    }
    case 'image':
      return imageLabel(element.alt_text ?? '');
    case 'overflow':
      return '[⋯]';
    case 'datepicker':
      return `[${element.initial_date ?? placeholderOf(element, 'date')} 📅]`;
    case 'plain_text_input':
      return `[${element.initial_value ?? placeholderOf(element, '')}_____]`;
    case 'checkboxes':
    case 'radio_buttons':
      return `[${element.type === 'checkboxes' ? '☐' : '◯'} options]`;
    default:
      if (element.type.endsWith('_select')) return `[Select: ${selectedOf(element)} ▾]`;
      return label === undefined ? compactJson(value) : `[${label}]`;
  }
}

function selectedOf(element: Element): string {
  const chosen =
    element.initial_options ?? (element.initial_option === undefined ? [] : [element.initial_option]);
  if (chosen.length > 0) return chosen.map((option) => option.text.text).join(', ');
  return placeholderOf(element, 'choose');
}

function placeholderOf(element: Element, fallback: string): string {
  return element.placeholder?.text ?? fallback;
}

function imageLabel(alt: string): string {
  return `[image: ${alt}]`;
}

function renderText(text: TextObject, style: Style): string {
  // plain_text is shown literally by Slack (no markup, no entities), apart from :emoji: when enabled.
  return text.type === 'mrkdwn' ? mrkdwnToText(text.text, style) : replaceEmoji(text.text, style);
}

function renderRichContainer(value: unknown, style: Style): string {
  const parsed = RichContainer.safeParse(value);
  if (!parsed.success) return compactJson(value);
  const container = parsed.data;
  switch (container.type) {
    case 'rich_text_section':
      return renderRichInline(container.elements, style);
    case 'rich_text_preformatted': {
      const inner = renderRichInline(container.elements, { ...style, color: false });
      return style.plain ? inner : `\`\`\`\n${inner}\n\`\`\``;
    }
    case 'rich_text_quote':
      return prefixLines(renderRichInline(container.elements, style), '> ');
    case 'rich_text_list': {
      const indent = '  '.repeat(container.indent ?? 0);
      return container.elements
        .map((item, index) => {
          const marker = container.style === 'ordered' ? `${index + 1}.` : '•';
          return `${indent}${marker} ${renderRichContainer(item, style)}`;
        })
        .join('\n');
    }
    default:
      return compactJson(value);
  }
}

function renderRichInline(elements: unknown[], style: Style): string {
  return elements
    .map((value) => {
      const parsed = RichInline.safeParse(value);
      if (!parsed.success) return compactJson(value);
      const element = parsed.data;
      switch (element.type) {
        case 'text': {
          let text = element.text ?? '';
          if (element.style?.code) text = paint(style.plain ? text : `\`${text}\``, 'cyan', style);
          if (element.style?.bold) text = paint(text, 'bold', style);
          if (element.style?.italic) text = paint(text, 'italic', style);
          if (element.style?.strike) text = paint(text, 'strike', style);
          return text;
        }
        case 'link':
          return element.text === undefined || element.text === element.url
            ? (element.url ?? '')
            : `${element.text} (${element.url ?? ''})`;
        case 'user':
          return userLabel(element.user_id ?? '', undefined, style);
        case 'usergroup':
          return `@${element.usergroup_id ?? ''}`;
        case 'channel':
          return channelLabel(element.channel_id ?? '', undefined, style);
        case 'broadcast':
          return `@${element.range ?? 'here'}`;
        case 'emoji':
          return replaceEmoji(`:${element.name ?? ''}:`, style);
        case 'date':
          return element.fallback ?? element.text ?? compactJson(value);
        default:
          return compactJson(value);
      }
    })
    .join('');
}

/**
 * Slack mrkdwn → terminal text: `*bold*`, `_italic_`, `~strike~` lose their markers (ANSI when coloured),
 * `code` and ``` blocks are kept as typed, `<url|label>` becomes `label (url)`, mentions become `@U…`/`#name`,
 * and `&amp; &lt; &gt;` are unescaped last so escaped text never turns into markup.
 */
function mrkdwnToText(text: string, style: Style): string {
  return text
    .split(/(```[\s\S]*?```)/)
    .map((part) => {
      if (part.startsWith('```') && part.endsWith('```') && part.length >= 6) {
        const body = style.plain ? part.slice(3, -3).replace(/^\n|\n$/g, '') : part;
        return paint(unescapeEntities(body), 'dim', style);
      }
      return inlineMrkdwn(part, style);
    })
    .join('');
}

/**
 * Inline code and `<...>` tokens are swapped for private-use placeholders first, so the emphasis rules never
 * touch a URL (`https://a.example/_x_`) or code, then restored.
 */
function inlineMrkdwn(text: string, style: Style): string {
  const held: string[] = [];
  function hold(rendered: string): string {
    held.push(rendered);
    return `\uE000${held.length - 1}\uE001`;
  }
  let out = text
    .replace(/`([^`\n]+)`/g, (_match, code: string) =>
      hold(paint(style.plain ? inlineCode(code, style) : `\`${inlineCode(code, style)}\``, 'cyan', style)),
    )
    .replace(/<([^<>\n]+)>/g, (_match, token: string) => hold(renderAngleToken(token, style)));
  out = emphasis(out, '*', 'bold', style);
  out = emphasis(out, '_', 'italic', style);
  out = emphasis(out, '~', 'strike', style);
  out = replaceEmoji(unescapeEntities(out), style);
  return out.replace(/\uE000(\d+)\uE001/g, (_match, index: string) => held[Number(index)] ?? '');
}

/** Slack only treats a marker as emphasis at a word boundary: `snake_case_name` and `2*3*4` stay as typed. */
function emphasis(text: string, marker: '*' | '_' | '~', ansi: AnsiStyle, style: Style): string {
  const m = `\\${marker}`;
  // An ANSI code counts as a boundary too, so `*_both_*` nests when coloured.
  const before = `(^|[\\s(\\[{>"'*_~-]|\\u001b\\[[0-9;]*m)`;
  const after = `(?=$|[\\s)\\]}.,;:!?"'*_~-]|\\u001b)`;
  const pattern = new RegExp(`${before}${m}(?=\\S)([^${m}\\n]*?\\S)${m}${after}`, 'g');
  return text.replace(
    pattern,
    (_match, before: string, inner: string) => `${before}${paint(inner, ansi, style)}`,
  );
}

function renderAngleToken(token: string, style: Style): string {
  const [target = '', label] = splitOnce(token, '|');
  if (target.startsWith('@')) return userLabel(target.slice(1), label, style);
  if (target.startsWith('#')) return channelLabel(target.slice(1), label, style);
  if (target.startsWith('!')) return specialMention(target.slice(1), label);
  const url = unescapeEntities(target);
  if (label === undefined || label === '') return url;
  return `${unescapeEntities(label)} (${url})`;
}

/** `<!here>`, `<!channel>`, `<!subteam^S1|@ops>`, `<!date^1700000000^{date}|fallback>`. */
function specialMention(command: string, label: string | undefined): string {
  const [name = '', argument] = splitOnce(command, '^');
  if (name === 'here' || name === 'channel' || name === 'everyone') return `@${name}`;
  if (name === 'subteam') return label ?? `@${argument ?? ''}`;
  return label ?? `<!${command}>`;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + separator.length)];
}

function unescapeEntities(text: string): string {
  // &amp; last, so "&amp;lt;" becomes the literal "&lt;" Slack shows.
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function inlineCode(code: string, style: Style): string {
  const text = unescapeEntities(code);
  if (style.slashCommandAs === undefined || !/^\/cdn(\s|$)/.test(text)) return text;
  return `${style.slashCommandAs}${text.slice('/cdn'.length)}`;
}

function userLabel(id: string, label: string | undefined, style: Style): string {
  return `@${label || style.userNames.get(id) || id}`;
}

function channelLabel(id: string, label: string | undefined, style: Style): string {
  return `#${label || style.channelNames.get(id) || id}`;
}

/**
 * Known codes become their character. In plain text an unknown one is dropped with the space after it, when it reads
 * as an emoji code: a name starting with a letter, not glued to a word before it (`12:30:45`, `2001:db8::1` stay).
 */
function replaceEmoji(text: string, style: Style): string {
  return text.replace(
    /:([a-z0-9_+-]+):( ?)/g,
    (match, name: string, space: string, offset: number, whole: string) => {
      const emoji = EMOJI[name];
      if (emoji !== undefined) return `${emoji}${space}`;
      const glued = offset > 0 && /[A-Za-z0-9]/.test(whole[offset - 1] ?? '');
      return style.plain && /^[a-z]/.test(name) && !glued ? '' : match;
    },
  );
}

function paint(text: string, ansi: AnsiStyle, style: Style): string {
  if (!style.color || text === '') return text;
  const [on, off] = ANSI[ansi];
  return `${on}${text}${off}`;
}

function compactJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function appendToFirstLine(text: string, suffix: string): string {
  const newline = text.indexOf('\n');
  return newline < 0 ? `${text}${suffix}` : `${text.slice(0, newline)}${suffix}${text.slice(newline)}`;
}

function prefixLines(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');
}

/** Word-wraps by visible width (ANSI codes take no columns); a word longer than the width overflows. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      const candidate = line === '' ? word : `${line} ${word}`;
      if (visibleWidth(candidate) <= width || line === '') {
        line = candidate;
        continue;
      }
      lines.push(line);
      line = word;
    }
    lines.push(line);
  }
  return lines;
}

function padTo(text: string, width: number): string {
  return text + ' '.repeat(Math.max(1, width - visibleWidth(text)));
}

/** Terminal columns: ANSI sequences and variation selectors take none, emoji and wide symbols take two. */
function visibleWidth(text: string): number {
  let width = 0;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI SGR sequences start with ESC (0x1b) by definition.
  for (const char of text.replace(/\u001b\[[0-9;]*m/g, '')) {
    const point = char.codePointAt(0) ?? 0;
    if (point === 0xfe0f || point === 0x200d) continue;
    width += isWide(point) ? 2 : 1;
  }
  return width;
}

/** Emoji and East Asian wide ranges; close enough for laying out two columns. */
function isWide(point: number): boolean {
  return (
    point >= 0x1f000 ||
    (point >= 0x2600 && point <= 0x27bf) ||
    (point >= 0x2e80 && point <= 0x9fff) ||
    (point >= 0xac00 && point <= 0xd7a3) ||
    (point >= 0xf900 && point <= 0xfaff) ||
    (point >= 0xff00 && point <= 0xff60) ||
    (point >= 0xffe0 && point <= 0xffe6)
  );
}
