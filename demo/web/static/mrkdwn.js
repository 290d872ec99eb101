/**
 * Slack's mrkdwn as DOM: *bold*, _italic_, ~strike~, `code`, ```preformatted```, > quotes, <links|text>, <@user> and
 * <#channel> mentions, :emoji: and Slack's &amp; &lt; &gt; escapes.
 * https://docs.slack.dev/messaging/formatting-message-text
 */
import { h } from './dom.js';

/**
 * The emoji cdnops uses, and a few common ones: the character, and a plain glyph with a colour for machines without a
 * colour emoji font (a bare Linux box, CI), where the character would show as an empty box. Status circles are drawn
 * as coloured dots there. Any other :name: stays as written, as Slack shows unknown ones.
 */
const EMOJI = {
  white_check_mark: ['✅', '✔', '#2eb67d'],
  heavy_check_mark: ['✔️', '✔', '#2eb67d'],
  ballot_box_with_check: ['☑️', '☑', '#1264a3'],
  x: ['❌', '✖', '#e01e5a'],
  heavy_multiplication_x: ['✖️', '✖', '#616061'],
  warning: ['⚠️', '⚠', '#d9a000'],
  rotating_light: ['🚨', '⚠', '#e01e5a'],
  boom: ['💥', '✱', '#e01e5a'],
  no_entry: ['⛔', '⊘', '#e01e5a'],
  no_entry_sign: ['🚫', '⊘', '#e01e5a'],
  hourglass: ['⌛', '◷', '#d9a000'],
  hourglass_flowing_sand: ['⏳', '◔', '#d9a000'],
  information_source: ['ℹ️', 'ℹ', '#1264a3'],
  mag: ['🔍', '⌕', '#1264a3'],
  raised_hand: ['✋', '☝', '#d9a000'],
  outbox_tray: ['📤', '↗', '#1264a3'],
  wastebasket: ['🗑️', '✖', '#616061'],
  calendar: ['📅', '☰', '#616061'],
  memory: ['📝', '✎', '#616061'],
  grey_question: ['❔', '?', '#616061'],
  small_blue_diamond: ['🔹', '◆', '#1264a3'],
  chart_with_upwards_trend: ['📈', '↗', '#2eb67d'],
  chart_with_downwards_trend: ['📉', '↘', '#e01e5a'],
  bar_chart: ['📊', '☰', '#1264a3'],
  large_green_circle: ['🟢', 'dot', '#2eb67d'],
  large_yellow_circle: ['🟡', 'dot', '#ecb22e'],
  large_orange_circle: ['🟠', 'dot', '#f2952f'],
  large_blue_circle: ['🔵', 'dot', '#1264a3'],
  red_circle: ['🔴', 'dot', '#e01e5a'],
  white_circle: ['⚪', 'dot', '#ffffff'],
  black_circle: ['⚫', 'dot', '#1d1c1d'],
  lock: ['🔒', '⚿', '#616061'],
  rocket: ['🚀', '↑', '#1264a3'],
  bell: ['🔔', '♪', '#d9a000'],
  stopwatch: ['⏱️', '◷', '#616061'],
  tada: ['🎉', '★', '#d9a000'],
  eyes: ['👀', '◉', '#1264a3'],
  mute: ['🔇', '⊘', '#616061'],
  arrow_up: ['⬆️', '↑', '#e01e5a'],
  closed_lock_with_key: ['🔐', '⚿', '#616061'],
  heavy_minus_sign: ['➖', '−', '#616061'],
};

/** Whether this browser draws emoji in colour; checked once, by drawing one. */
const COLOUR_EMOJI = (() => {
  const canvas = document.createElement('canvas');
  canvas.width = 24;
  canvas.height = 24;
  const drawing = canvas.getContext('2d', { willReadFrequently: true });
  if (!drawing) return true;
  drawing.font = '18px "Noto Color Emoji", "Apple Color Emoji", "Segoe UI Emoji", sans-serif';
  drawing.textBaseline = 'top';
  drawing.fillStyle = '#000';
  drawing.fillText('🟢', 0, 0);
  const pixels = drawing.getImageData(0, 0, 24, 24).data;
  for (let at = 0; at < pixels.length; at += 4) {
    if (pixels[at + 3] > 0 && (pixels[at] !== pixels[at + 1] || pixels[at + 1] !== pixels[at + 2]))
      return true;
  }
  return false;
})();

export function emoji(name) {
  const known = EMOJI[name];
  if (known === undefined) return `:${name}:`;
  const [character, fallback, colour] = known;
  if (COLOUR_EMOJI) return h('span', { class: 'emoji', title: `:${name}:` }, character);
  if (fallback === 'dot')
    return h('span', { class: 'emoji-dot', title: `:${name}:`, style: `background: ${colour}` });
  return h('span', { class: 'emoji-glyph', title: `:${name}:`, style: `color: ${colour}` }, fallback);
}

export function decodeEntities(text) {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

/** Plain text with :emoji: drawn (plain_text objects with `emoji: true`, Slack's default). */
export function plainText(text, withEmoji = true) {
  if (!withEmoji) return document.createTextNode(text);
  const fragment = document.createDocumentFragment();
  let last = 0;
  for (const match of text.matchAll(/:([a-z0-9_+-]+):/g)) {
    fragment.append(text.slice(last, match.index), emoji(match[1]));
    last = match.index + match[0].length;
  }
  fragment.append(text.slice(last));
  return fragment;
}

/**
 * `names` maps user, channel and user group ids to what to show for them. Returns a fragment: lines, quotes and
 * preformatted blocks as Slack lays them out.
 */
export function mrkdwn(text, names = {}) {
  const fragment = document.createDocumentFragment();
  const parts = text.split(/```/);
  parts.forEach((part, index) => {
    // Odd parts sit between ``` fences.
    if (index % 2 === 1)
      fragment.append(h('pre', { class: 'mrkdwn-pre' }, decodeEntities(part.replace(/^\n/, ''))));
    else fragment.append(lines(part, names));
  });
  return fragment;
}

/** A line of block characters alone, as cdnops draws a series (`▁▂▃▄▅▆▇█`, spaces for gaps). */
const SPARKLINE = /^[▁▂▃▄▅▆▇█ ]*[▁▂▃▄▅▆▇█][▁▂▃▄▅▆▇█ ]*$/;

function lines(text, names) {
  const fragment = document.createDocumentFragment();
  const all = text.split('\n');
  let quote = null;
  // After a quote or a sparkline, which are blocks of their own, the next line starts without a <br>.
  let afterBlock = false;
  all.forEach((line, index) => {
    const quoted = /^(&gt;|>) ?/.exec(line);
    if (quoted) {
      if (quote === null) {
        quote = h('blockquote', { class: 'mrkdwn-quote' });
        fragment.append(quote);
      } else quote.append(h('br'));
      quote.append(inline(line.slice(quoted[0].length), names));
      afterBlock = true;
      return;
    }
    quote = null;
    // A sparkline keeps its shape: one line that scrolls sideways when the message is narrower, never wrapped.
    if (SPARKLINE.test(line)) {
      fragment.append(h('span', { class: 'sparkline' }, line));
      afterBlock = true;
      return;
    }
    if (index > 0 && !afterBlock) fragment.append(h('br'));
    afterBlock = false;
    fragment.append(inline(line, names));
  });
  return fragment;
}

// One pass over a line; at each position the earliest match wins, and at the same position the first alternative.
const INLINE = new RegExp(
  [
    '`([^`\\n]+)`',
    '<([^<>\\n]+)>',
    '(?<![\\w*])\\*(?!\\s)([^*\\n]+?)(?<!\\s)\\*(?![\\w*])',
    '(?<![\\w_])_(?!\\s)([^_\\n]+?)(?<!\\s)_(?![\\w_])',
    '(?<![\\w~])~(?!\\s)([^~\\n]+?)(?<!\\s)~(?![\\w~])',
    ':([a-z0-9_+\\-]+):',
  ].join('|'),
  'g',
);

function inline(text, names) {
  const fragment = document.createDocumentFragment();
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    fragment.append(decodeEntities(text.slice(last, match.index)));
    last = match.index + match[0].length;
    const [, code, angle, bold, italic, strike, emojiName] = match;
    if (code !== undefined) fragment.append(h('code', {}, decodeEntities(code)));
    else if (angle !== undefined) fragment.append(special(angle, names));
    else if (bold !== undefined) fragment.append(h('strong', {}, inline(bold, names)));
    else if (italic !== undefined) fragment.append(h('em', {}, inline(italic, names)));
    else if (strike !== undefined) fragment.append(h('s', {}, inline(strike, names)));
    else fragment.append(emoji(emojiName));
  }
  fragment.append(decodeEntities(text.slice(last)));
  return fragment;
}

/** `<...>`: a mention, a special mention, or a link. */
function special(inside, names) {
  const [target, label] = splitOnce(inside, '|');
  if (target.startsWith('@')) {
    const id = target.slice(1);
    return h('span', { class: 'mention', 'data-user': id }, `@${label ?? names[id] ?? id}`);
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    return h('span', { class: 'mention channel', 'data-channel': id }, `#${label ?? names[id] ?? id}`);
  }
  if (target.startsWith('!subteam^')) {
    const id = target.slice('!subteam^'.length);
    return h('span', { class: 'mention' }, label ?? `@${names[id] ?? id}`);
  }
  if (target.startsWith('!date^')) return document.createTextNode(decodeEntities(label ?? target));
  if (target.startsWith('!')) return h('span', { class: 'mention' }, `@${target.slice(1)}`);
  const url = decodeEntities(target);
  // Only web and mail links are links; anything else is shown, not followed.
  if (!/^(https?:|mailto:)/i.test(url)) return document.createTextNode(decodeEntities(label ?? target));
  return h('a', { href: url, target: '_blank', rel: 'noreferrer noopener' }, decodeEntities(label ?? url));
}

function splitOnce(text, separator) {
  const at = text.indexOf(separator);
  return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
