/**
 * Questions asked inside the page, about layout the locators cannot answer. They are JavaScript source run by the
 * browser (the tests are compiled without the DOM's types), each called with one JSON argument.
 */
import type { Page } from 'playwright-core';

async function inPage<T>(page: Page, source: string, argument: unknown): Promise<T> {
  return (await page.evaluate(`(${source})(${JSON.stringify(argument)})`)) as T;
}

/** How wide the document is: wider than the window means the page scrolls sideways as a whole. */
export function documentWidth(page: Page): Promise<number> {
  return inPage(page, '() => document.documentElement.scrollWidth', null);
}

/** Whether what is drawn at (x, y) belongs to a message of the bot's, i.e. nothing covers it there. */
export function messageAtPoint(page: Page, point: { x: number; y: number }): Promise<boolean> {
  return inPage(
    page,
    `({ x, y }) => document.elementFromPoint(x, y)?.closest('article.message') != null`,
    point,
  );
}

/**
 * Every sparkline (a text of 20 or more block characters) in the message with this ts, however it is wrapped in
 * elements: how many lines its text takes, how tall it is, and the line height where it is.
 */
export function sparklineLines(
  page: Page,
  ts: string,
): Promise<{ lines: number; height: number; lineHeight: number }[]> {
  return inPage(
    page,
    `(ts) => {
      const node = document.querySelector('article.message[data-ts="' + ts + '"]');
      const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
      const found = [];
      for (let text = walker.nextNode(); text !== null; text = walker.nextNode()) {
        if (!/^[▁▂▃▄▅▆▇█ ]{20,}$/.test(text.textContent)) continue;
        const range = document.createRange();
        range.selectNodeContents(text);
        const rects = [...range.getClientRects()].filter((rect) => rect.width > 0);
        const style = getComputedStyle(text.parentElement);
        found.push({
          lines: new Set(rects.map((rect) => Math.round(rect.top))).size,
          height: range.getBoundingClientRect().height,
          lineHeight: Number.parseFloat(style.lineHeight) || Number.parseFloat(style.fontSize) * 1.2,
        });
      }
      return found;
    }`,
    ts,
  );
}

/**
 * The row showing `text` (an element with exactly that text) among the channel's messages: its opacity, whether it
 * sits inside one of the bot's messages, and the ts of the messages after it.
 */
export function typedRow(
  page: Page,
  text: string,
): Promise<{ opacity: number; inMessage: boolean; beforeTs: string[] } | null> {
  return inPage(
    page,
    `(text) => {
      const code = [...document.querySelectorAll('#messages *')].find(
        (node) => node.children.length === 0 && node.textContent === text,
      );
      if (!code) return null;
      const row = code.closest('[role="note"]') ?? code.parentElement;
      const after = [...document.querySelectorAll('#messages article.message:not(.reply)')].filter(
        (message) => row.compareDocumentPosition(message) & Node.DOCUMENT_POSITION_FOLLOWING,
      );
      return {
        opacity: Number(getComputedStyle(row).opacity),
        inMessage: code.closest('article.message') !== null,
        beforeTs: after.map((message) => message.dataset.ts),
      };
    }`,
    text,
  );
}
