/** What a person does on the playground page, in the words of the page: its labels, roles and buttons. */
import type { Browser, Locator, Page } from 'playwright-core';
import { MISSING_CHROMIUM } from './browser.ts';

export async function openPlayground(
  browser: Browser | undefined,
  url: string,
  at: {
    as?: string;
    in?: string;
    tab?: 'channel' | 'home';
    /** The window's size; 1280 × 860 unless given. */
    viewport?: { width: number; height: number };
    /** The browser's own time zone (the machine's unless given). */
    timezoneId?: string;
  } = {},
): Promise<Page> {
  if (browser === undefined) throw new Error(MISSING_CHROMIUM);
  const page = await browser.newPage({
    viewport: at.viewport ?? { width: 1280, height: 860 },
    ...(at.timezoneId ? { timezoneId: at.timezoneId } : {}),
  });
  page.setDefaultTimeout(15_000);
  const query = new URLSearchParams({
    as: at.as ?? 'operator',
    in: at.in ?? 'web-ops',
    tab: at.tab ?? 'channel',
  });
  await page.goto(`${url}?${query}`);
  await page.locator('body[data-ready="true"]').waitFor();
  return page;
}

/** Types a slash command into the composer and sends it. */
export async function command(page: Page, text: string): Promise<void> {
  const composer = page.getByRole('textbox', { name: 'Message' });
  await composer.fill(text);
  await composer.press('Enter');
}

export async function actAs(page: Page, person: string): Promise<void> {
  await page.getByLabel('Act as').selectOption(person);
}

/** The newest message in the open channel that contains `text`. */
export function message(page: Page, text: string | RegExp): Locator {
  return page.locator('article.message:not(.reply)', { hasText: text }).last();
}

/** The message with this Slack ts, wherever it is now: an edited message keeps its ts. */
export function messageAt(page: Page, ts: string): Locator {
  return page.locator(`article.message[data-ts="${ts}"]`);
}

/** Clicks a button and, when it asks for confirmation, confirms with `confirmWith`. */
export async function clickConfirmed(button: Locator, confirmWith: string): Promise<void> {
  await button.click();
  const dialog = button.page().getByRole('alertdialog');
  await dialog.getByRole('button', { name: confirmWith }).click();
}
