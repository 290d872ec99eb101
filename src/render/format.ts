/** Small formatters shared by every rendering: numbers people read at a glance. */

// One formatter for every call: toLocaleString builds a new one each time, which shows when a check counts 80 edges.
// Made on first use, not at import: the first NumberFormat loads ICU's number data, a visible part of start-up.
let countFormat: Intl.NumberFormat | undefined;

export function formatCount(value: number): string {
  countFormat ??= new Intl.NumberFormat('en-US');
  return countFormat.format(value);
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}

/** Slack mrkdwn treats `&`, `<` and `>` as control characters; anything user- or provider-supplied goes here. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Inline code that survives backticks in the value. */
export function code(text: string): string {
  return `\`${escapeMrkdwn(text).replace(/`/g, 'ˋ')}\``;
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}
