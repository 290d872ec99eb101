/**
 * Debian's Chromium driven by playwright-core, which downloads no browser of its own (the network is closed). Each
 * launch gets a fresh temporary profile (Playwright's own user-data-dir), so no state leaks between runs.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for a headless browser on a machine with no network and no display. */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const MISSING_CHROMIUM = `No Chromium at ${CHROMIUM_PATH}. Install Debian's: sudo apt-get install chromium (.ci/run does this in CI).`;

/**
 * Whether the browser tests run: with Chromium, always; without it they are skipped with a message, except in CI,
 * where they run and fail, so a machine without the browser cannot pass CI by skipping them.
 */
export function browserTestsRun(): boolean {
  if (chromiumPresent()) return true;
  if (process.env.CI) return true;
  console.warn(`Skipping the browser tests. ${MISSING_CHROMIUM}`);
  return false;
}

export function chromiumPresent(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** Undefined without Chromium (then only in CI): each test fails on its own, saying how to install it. */
export async function launchChromiumIfPresent(): Promise<Browser | undefined> {
  return chromiumPresent() ? launchChromium() : undefined;
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(MISSING_CHROMIUM);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS });
}

/** Saves what the page shows, for a person to look at; test-results/ is kept out of git. */
export async function screenshot(page: Page, path: string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path });
}
