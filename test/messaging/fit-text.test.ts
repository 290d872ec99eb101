import { describe, expect, it } from 'vitest';
import {
  fitText,
  MAX_MESSAGE_TEXT_CHARS,
  slackBody,
  TRUNCATED_MARKER,
} from '../../src/messaging/fit-text.ts';

describe('fitText', () => {
  it('leaves text within the limit alone', () => {
    const text = 'x'.repeat(MAX_MESSAGE_TEXT_CHARS);
    expect(fitText(text)).toBe(text);
    expect(slackBody({ text: 'short' })).toEqual({ text: 'short' });
  });

  it('cuts longer text to the limit, marker included, and never splits a surrogate pair', () => {
    const cut = fitText(`${'a'.repeat(MAX_MESSAGE_TEXT_CHARS)}b`);
    expect(cut).toHaveLength(MAX_MESSAGE_TEXT_CHARS);
    expect(cut.endsWith(TRUNCATED_MARKER)).toBe(true);
    const emoji = fitText('😀'.repeat(30_000));
    expect(emoji.endsWith(TRUNCATED_MARKER)).toBe(true);
    expect(emoji.length).toBeLessThanOrEqual(MAX_MESSAGE_TEXT_CHARS);
    expect(emoji.slice(0, -TRUNCATED_MARKER.length)).toMatch(/^(😀)+$/u);
  });
});
