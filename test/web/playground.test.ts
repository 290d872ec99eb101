/**
 * The web playground in a real browser, on the running demo: the same bot, pipeline and sandboxes as `npm run demo`,
 * driven through the page the way a person would. Each state is saved as a screenshot under test-results/web/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { browserTestsRun, launchChromiumIfPresent, screenshot } from './support/browser.ts';
import {
  actAs,
  clickConfirmed,
  command,
  message,
  messageAt,
  openPlayground,
} from './support/playground-page.ts';
import { startWebDemo, type WebDemo } from './support/web-demo.ts';

const SHOTS = 'test-results/web';

describe.skipIf(!browserTestsRun())('web playground on the running demo', { timeout: 60_000 }, () => {
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

  it('answers /cdn hosts with the domains, privately, and tells the terminal', async () => {
    page = await openPlayground(browser, demo.url, { as: 'operator', in: 'web-ops' });

    await command(page, '/cdn hosts');

    const answer = message(page, '15 domains in');
    await answer.waitFor();
    expect(await answer.getAttribute('data-ephemeral')).toBe('true');
    await expect.poll(() => answer.innerText()).toContain('Only visible to you');
    const text = await answer.innerText();
    expect(text).toContain('www.example.com · online · tencent-prod');
    expect(text).toContain('www.example.cn · online · wangsu-prod');
    expect(demo.printed()).toContain('[page] otto (operator) in #web-ops: /cdn hosts');
    await screenshot(page, `${SHOTS}/hosts.png`);
  });

  it('puts the suggested /cdn check in the composer and shows every edge fresh', async () => {
    page = await openPlayground(browser, demo.url, { as: 'viewer', in: 'web-ops' });

    await page.getByRole('button', { name: /^\/cdn check https:\/\/www\.example\.com:\d+\/app\.js/ }).click();
    const composer = page.getByRole('textbox', { name: 'Message' });
    expect(await composer.inputValue()).toMatch(/^\/cdn check https:\/\/www\.example\.com:\d+\/app\.js /);
    await composer.press('Enter');

    const answer = message(page, 'CDN check of 3 URLs');
    await answer.waitFor();
    expect(await answer.innerText()).toContain('all 12 edges fresh');
    await screenshot(page, `${SHOTS}/check.png`);
  });

  it('shows a purge in progress, then the same message edited to done after "finish tasks now"', async () => {
    page = await openPlayground(browser, demo.url, { as: 'operator', in: 'web-ops' });

    await command(page, '/cdn purge https://www.example.com/finish-me.js');
    const posted = message(page, 'https://www.example.com/finish-me.js');
    await posted.getByText('in progress').first().waitFor();
    const ts = await posted.getAttribute('data-ts');
    const taskId = /task (\S+) · 1 URL · in progress/.exec(await posted.innerText())?.[1];
    expect(ts).toBeTruthy();
    expect(taskId).toBeTruthy();
    await screenshot(page, `${SHOTS}/purge-in-progress.png`);

    await page.getByRole('button', { name: 'Finish tasks now' }).click();

    const edited = messageAt(page, ts ?? '');
    await edited.getByText(`task ${taskId} · 1 URL · done`).waitFor();
    expect(Number(await edited.getAttribute('data-edits'))).toBeGreaterThan(0);
    expect(await page.locator('article.message', { hasText: taskId ?? '' }).count()).toBe(1);
    await screenshot(page, `${SHOTS}/purge-done.png`);
  });

  it('refuses Approve to the operator who asked, lets the second admin approve, and updates the card in place', async () => {
    page = await openPlayground(browser, demo.url, { as: 'operator', in: 'web-ops' });

    await command(page, '/cdn offline img.example.com');
    const card = message(page, 'Approval needed: stop img.example.com on tencent-prod');
    const approve = card.getByRole('button', { name: 'Approve' });
    await approve.waitFor();
    expect(await approve.getAttribute('class')).toContain('bk-primary');
    expect(await card.getByRole('button', { name: 'Reject' }).getAttribute('class')).toContain('bk-danger');
    const ts = (await card.getAttribute('data-ts')) ?? '';

    await clickConfirmed(approve, 'Approve');
    const refusal = message(page, 'someone else has to approve it; Reject withdraws it');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-ephemeral')).toBe('true');
    expect(await messageAt(page, ts).getByRole('button', { name: 'Approve' }).count()).toBe(1);
    await screenshot(page, `${SHOTS}/approval-refused-for-requester.png`);

    await actAs(page, 'admin2');
    await refusal.waitFor({ state: 'detached' });
    await clickConfirmed(messageAt(page, ts).getByRole('button', { name: 'Approve' }), 'Approve');
    await messageAt(page, ts).getByText('by @alan (admin)').waitFor();
    expect(await messageAt(page, ts).getByRole('button').count()).toBe(0);

    await page.getByRole('button', { name: 'Finish tasks now' }).click();
    await messageAt(page, ts)
      .getByText(/stop img\.example\.com on tencent-prod: done by @alan \(admin\)/)
      .waitFor();
    await messageAt(page, ts)
      .locator('.thread')
      .getByText('stop img.example.com on tencent-prod: done')
      .waitFor();
    await screenshot(page, `${SHOTS}/approval-done.png`);
  });

  it('opens the purge modal, shows an ftp:// URL’s error on its field, and purges a valid one', async () => {
    page = await openPlayground(browser, demo.url, { as: 'operator', in: 'web-ops' });

    await command(page, '/cdn purge');
    const modal = page.getByRole('dialog', { name: 'Purge CDN cache' });
    const urls = modal.getByLabel('URLs or directories');
    await urls.fill('ftp://www.example.com/app.js');
    await modal.getByRole('button', { name: 'Check' }).click();

    const field = modal.locator('.bk-input[data-block-id="purge_targets"]');
    await field.locator('.bk-field-error').getByText('ftp://www.example.com/app.js').waitFor();
    expect(await urls.inputValue()).toBe('ftp://www.example.com/app.js');
    await screenshot(page, `${SHOTS}/purge-modal-error.png`);

    await urls.fill('https://www.example.com/from-the-modal.js');
    await modal.getByRole('button', { name: 'Check' }).click();
    const preview = page.getByRole('dialog', { name: 'Check and purge' });
    await preview.getByText('Check before purging').waitFor();
    expect(await preview.getByLabel('URLs or directories').inputValue()).toBe(
      'https://www.example.com/from-the-modal.js',
    );
    await screenshot(page, `${SHOTS}/purge-modal-preview.png`);
    await preview.getByRole('button', { name: 'Purge' }).click();

    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await message(page, 'https://www.example.com/from-the-modal.js')
      .getByText('in progress')
      .first()
      .waitFor();
    await screenshot(page, `${SHOTS}/purge-modal-purged.png`);
  });

  it('shows an admin the pending approval on the App Home, and a viewer no Approve button', async () => {
    page = await openPlayground(browser, demo.url, { as: 'operator', in: 'web-ops' });
    await command(page, '/cdn offline video.example.com');
    await message(page, 'Approval needed: stop video.example.com')
      .getByRole('button', { name: 'Approve' })
      .waitFor();

    await actAs(page, 'admin');
    await page.getByRole('button', { name: 'cdnops · Home' }).click();
    const home = page.locator('#home');
    await home.getByText('stop video.example.com on tencent-prod').first().waitFor();
    expect(await home.getByRole('button', { name: 'Approve' }).count()).toBeGreaterThan(0);

    await actAs(page, 'viewer');
    await home.getByText('Nothing waits for you.').waitFor();
    expect(await home.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(await home.locator('.bk-header').first().innerText()).toBe('cdnops');
    await screenshot(page, `${SHOTS}/home-viewer.png`);
  });
});
