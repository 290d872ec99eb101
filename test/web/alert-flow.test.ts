/**
 * The alert flow on the web playground, on the running demo: a newcomer starts a 5xx incident on a demo domain, sees
 * the watch rule's alert in #web-ops with its buttons, acknowledges it, recovers the domain and sees the same message
 * edited to resolved with a thread reply. The demo clock moves interval by interval, so this takes seconds.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { browserTestsRun, launchChromiumIfPresent, screenshot } from './support/browser.ts';
import { documentWidth } from './support/in-page.ts';
import { message, messageAt, openPlayground } from './support/playground-page.ts';
import { startWebDemo, type WebDemo } from './support/web-demo.ts';

const SHOTS = 'test-results/web';

describe.skipIf(!browserTestsRun())('alert flow on the web playground', { timeout: 90_000 }, () => {
  let browser: Browser | undefined;
  let demo: WebDemo;
  let page: Page | undefined;

  beforeAll(async () => {
    [browser, demo] = await Promise.all([launchChromiumIfPresent(), startWebDemo()]);
  }, 60_000);

  afterEach(async () => {
    await page?.close();
    page = undefined;
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  }, 30_000);

  it('fires an alert on an incident, shows who acknowledged it, and edits it to resolved on recovery', async () => {
    // A newcomer starts elsewhere: the page takes them to the channel the alert goes to.
    page = await openPlayground(browser, demo.url, { as: 'operator', in: 'readers' });
    const controls = page.getByRole('form', { name: 'Alert demo' });
    expect(await controls.innerText()).toContain('site-errors (5xx > 5%) posts in #web-ops');
    await controls.getByLabel('Domain for the incident').selectOption('video.example.com');

    await controls.getByRole('button', { name: 'Start 5xx incident' }).click();

    const alert = message(page, 'site-errors');
    await alert.waitFor();
    expect(await page.locator('#channel-title').innerText()).toBe('# web-ops');
    const ts = (await alert.getAttribute('data-ts')) ?? '';
    const firing = await alert.innerText();
    expect(firing).toContain('5xx > 5% on 1 domain');
    expect(firing).toMatch(/video\.example\.com 1\d\.\d% \(threshold 5\.0%\)/);
    expect(firing).toMatch(/Since \d\d:\d\d \(5 minutes\)/);
    for (const label of ['Codes', 'Stats', 'Mute 1h', 'Acknowledge']) {
      expect(await alert.getByRole('button', { name: label }).isVisible()).toBe(true);
    }
    expect(await controls.innerText()).toContain(
      'video.example.com now answers 12% of its requests with 502. The clock moved to the next 5-minute interval',
    );
    expect(await controls.innerText()).toContain('Click Acknowledge on it, then Recover.');
    await screenshot(page, `${SHOTS}/alert-firing.png`);

    await alert.getByRole('button', { name: 'Acknowledge' }).click();

    await messageAt(page, ts)
      .getByText(/Acknowledged by @otto \(operator\) at \d\d:\d\d/)
      .waitFor();
    await message(page, 'You acknowledged the alert of site-errors').waitFor();
    await screenshot(page, `${SHOTS}/alert-acknowledged.png`);

    await controls.getByRole('button', { name: 'Recover' }).click();

    const resolved = messageAt(page, ts);
    await resolved.getByText(/Resolved: site-errors/).waitFor();
    expect(await resolved.innerText()).toMatch(
      /lasted (15|20) minutes \(\d\d:\d\d–\d\d:\d\d Asia\/Shanghai\)/,
    );
    expect(await resolved.innerText()).toContain('Acknowledged by @otto (operator)');
    expect(await resolved.getByRole('button').count()).toBe(0);
    expect(Number(await resolved.getAttribute('data-edits'))).toBeGreaterThan(0);
    await resolved
      .locator('.thread')
      .getByText(
        /Resolved after (15|20) minutes: every domain has been back under the threshold for 2 intervals\./,
      )
      .waitFor();
    // One message for the alert, from firing to resolved.
    expect(await page.locator('article.message:not(.reply)', { hasText: '5xx > 5%' }).count()).toBe(1);
    expect(demo.printed()).toContain('[page] started a 5xx incident on video.example.com');
    expect(await controls.innerText()).toContain('video.example.com answers normally again.');
    await screenshot(page, `${SHOTS}/alert-resolved.png`);
  });

  it('keeps the alert controls inside a 390 px window', async () => {
    page = await openPlayground(browser, demo.url, {
      as: 'operator',
      in: 'web-ops',
      viewport: { width: 390, height: 844 },
    });
    const controls = page.getByRole('form', { name: 'Alert demo' });
    const recover = controls.getByRole('button', { name: 'Recover' });
    await recover.waitFor();
    const box = (await recover.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(await documentWidth(page)).toBeLessThanOrEqual(390);
    await screenshot(page, `${SHOTS}/alert-controls-390.png`);
  });
});
