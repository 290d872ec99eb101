/**
 * The web playground in a real browser, on the running demo: the same bot, pipeline and sandboxes as `npm run demo`,
 * driven through the page the way a person would. Each state is saved as a screenshot under test-results/web/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { browserTestsRun, launchChromiumIfPresent, screenshot } from './support/browser.ts';
import { documentWidth, messageAtPoint, sparklineLines, typedRow } from './support/in-page.ts';
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

/** The modals the playground's server says this person has open. */
async function openModals(url: string, as: string): Promise<unknown[]> {
  const state = (await (await fetch(`${url}api/state?as=${as}&in=web-ops`)).json()) as { modals: unknown[] };
  return state.modals;
}

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

  it('shows message times in the bot’s configured zone, labelled, when the browser runs in another', async () => {
    page = await openPlayground(browser, demo.url, {
      as: 'operator',
      in: 'readers',
      timezoneId: 'America/Los_Angeles',
    });

    await command(page, '/cdn hosts');
    const answer = message(page, '15 domains in');
    await answer.waitFor();
    const date = new Date(Number(await answer.getAttribute('data-ts')) * 1000);
    const at = (timeZone: string) =>
      new Intl.DateTimeFormat('en-GB', {
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZone,
      }).format(date);
    // The demo's config says Asia/Shanghai (demo/demo-world.ts), as every time the bot writes does.
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe(
      'America/Los_Angeles',
    );
    const time = answer.locator('.message-meta time');
    expect(await time.innerText()).toBe(at('Asia/Shanghai'));
    expect(await time.innerText()).not.toBe(at('America/Los_Angeles'));
    expect(await time.getAttribute('title')).toContain('Asia/Shanghai');
    expect(await page.locator('#channel-view .view-header').innerText()).toContain('times in Asia/Shanghai');
    await answer.locator('.message-meta').scrollIntoViewIfNeeded();
    await screenshot(page, `${SHOTS}/times-in-configured-zone.png`);
  });

  it('at 390 px wide shows the channel uncovered, with the channels behind a button', async () => {
    page = await openPlayground(browser, demo.url, {
      as: 'operator',
      in: 'web-ops',
      viewport: { width: 390, height: 844 },
    });

    await command(page, '/cdn hosts');
    const answer = message(page, '15 domains in');
    await answer.waitFor();
    // Every nudge from the server redraws the list: ask again if the box was asked of a node just replaced.
    let box: Awaited<ReturnType<typeof answer.boundingBox>> = null;
    await expect
      .poll(async () => {
        box = await answer.boundingBox();
        return box;
      })
      .not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    expect(box!.width).toBeGreaterThan(300);
    // Nothing lies over the message where it shows (it may be taller than the list, which scrolls): what is drawn
    // there near its top, past the avatar, and in its middle is the message.
    const list = (await page.locator('#messages').boundingBox())!;
    const top = Math.max(box!.y, list.y);
    const bottom = Math.min(box!.y + box!.height, list.y + list.height);
    expect(bottom - top).toBeGreaterThan(100);
    expect(await messageAtPoint(page, { x: box!.x + 60, y: top + 10 })).toBe(true);
    expect(await messageAtPoint(page, { x: box!.x + box!.width / 2, y: (top + bottom) / 2 })).toBe(true);
    const sidebar = page.getByRole('navigation', { name: 'Workspace' });
    expect(await sidebar.isVisible()).toBe(false);
    expect(await documentWidth(page)).toBeLessThanOrEqual(390);
    await screenshot(page, `${SHOTS}/phone-390-channel.png`);

    await page.getByRole('button', { name: 'Channels' }).click();
    await sidebar.waitFor();
    await screenshot(page, `${SHOTS}/phone-390-channels-open.png`);
    await sidebar.getByRole('button', { name: /# readers/ }).click();
    await sidebar.waitFor({ state: 'hidden' });
    // The title follows the channel's snapshot, which arrives after the sidebar has closed.
    await page.locator('#channel-title').filter({ hasText: '# readers' }).waitFor();
    expect(await page.locator('#channel-title').innerText()).toBe('# readers');
  });

  it('keeps a sparkline on one line at 760 px, scrolling sideways within its message', async () => {
    page = await openPlayground(browser, demo.url, {
      as: 'operator',
      in: 'web-ops',
      viewport: { width: 760, height: 860 },
    });

    await command(page, '/cdn stats www.example.com');
    const answer = message(page, 'Traffic: www.example.com');
    const lastMetric = answer.getByText('Hit rate (requests)');
    await lastMetric.waitFor();
    const lines = await sparklineLines(page, (await answer.getAttribute('data-ts')) ?? '');
    expect(lines.length).toBeGreaterThanOrEqual(5);
    for (const line of lines) {
      expect(line.lines).toBe(1);
      expect(line.height).toBeLessThan(line.lineHeight * 1.5);
    }
    expect(await documentWidth(page)).toBeLessThanOrEqual(760);
    await screenshot(page, `${SHOTS}/sparklines-760.png`);
    await page.setViewportSize({ width: 390, height: 844 });
    await lastMetric.scrollIntoViewIfNeeded();
    // Narrower than a sparkline: it scrolls within its message, and the page does not.
    const narrow = await sparklineLines(page, (await answer.getAttribute('data-ts')) ?? '');
    expect(narrow.map((line) => line.lines)).toEqual(lines.map(() => 1));
    expect(await documentWidth(page)).toBeLessThanOrEqual(390);
    await screenshot(page, `${SHOTS}/sparklines-390.png`);
    await page.setViewportSize({ width: 1280, height: 860 });
    await lastMetric.scrollIntoViewIfNeeded();
    await screenshot(page, `${SHOTS}/sparklines-1280.png`);
  });

  it('closes the purge modal with Escape, as Slack does', async () => {
    page = await openPlayground(browser, demo.url, { as: 'operator', in: 'web-ops' });

    await command(page, '/cdn purge');
    const modal = page.getByRole('dialog', { name: 'Purge CDN cache' });
    await modal.getByLabel('URLs or directories').fill('https://www.example.com/never.js');
    await page.keyboard.press('Escape');

    await modal.waitFor({ state: 'detached' });
    expect(await openModals(demo.url, 'operator')).toEqual([]);
    expect(demo.printed()).toContain('[page] otto (operator) closed “Purge CDN cache”');
    expect(await message(page, 'https://www.example.com/never.js').count()).toBe(0);
  });

  it('starts a reloaded page with no modal open', async () => {
    page = await openPlayground(browser, demo.url, { as: 'operator', in: 'web-ops' });
    await command(page, '/cdn purge');
    await page.getByRole('dialog', { name: 'Purge CDN cache' }).waitFor();
    expect(await openModals(demo.url, 'operator')).toHaveLength(1);

    await page.reload();
    await page.locator('body[data-ready="true"]').waitFor();

    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await openModals(demo.url, 'operator')).toEqual([]);
    await screenshot(page, `${SHOTS}/reloaded-no-modal.png`);
    // The command still opens a fresh one.
    await command(page, '/cdn purge');
    await page.getByRole('dialog', { name: 'Purge CDN cache' }).waitFor();
  });

  it('shows your own command faintly, marked as only visible to you, apart from the bot’s messages', async () => {
    page = await openPlayground(browser, demo.url, { as: 'operator', in: 'random' });

    await command(page, '/cdn quota');
    const answer = message(page, /.+/);
    await answer.waitFor();
    const typed = page.locator('#messages').getByText('/cdn quota', { exact: true });
    await typed.waitFor();
    const row = page
      .getByRole('note', { name: 'You typed, only visible to you' })
      .filter({ has: page.getByText('/cdn quota', { exact: true }) });
    expect(await row.innerText()).toMatch(/otto typed\s+\/cdn quota\s+only visible to you · \d\d:\d\d/);
    const shown = await typedRow(page, '/cdn quota');
    expect(shown?.inMessage).toBe(false);
    expect(shown?.opacity).toBeLessThan(1);
    // It comes before the answer, as it was sent first.
    expect(shown?.beforeTs).toContain(await answer.getAttribute('data-ts'));
    await screenshot(page, `${SHOTS}/typed-command.png`);

    await actAs(page, 'viewer');
    await typed.waitFor({ state: 'detached' });
  });

  it('labels the card’s change request id and the provider’s request id in its thread', async () => {
    page = await openPlayground(browser, demo.url, { as: 'operator', in: 'web-ops' });

    await command(page, '/cdn offline download.example.com');
    const card = message(page, 'Approval needed: stop download.example.com');
    await card.getByRole('button', { name: 'Approve' }).waitFor();
    const changeId = /Change request (\w{6}) · expires in/.exec(await card.innerText())?.[1];
    expect(changeId).toBeTruthy();
    const ts = (await card.getAttribute('data-ts')) ?? '';

    await actAs(page, 'admin2');
    await clickConfirmed(messageAt(page, ts).getByRole('button', { name: 'Approve' }), 'Approve');
    await page.getByRole('button', { name: 'Finish tasks now' }).click();
    const thread = messageAt(page, ts).locator('.thread');
    await thread.getByText('stop download.example.com on tencent-prod: done').waitFor();

    const providerId = /provider request id (\S+)/.exec(await thread.innerText())?.[1];
    expect(providerId).toBeTruthy();
    const context = messageAt(page, ts).locator(':scope > .message-body > .blocks .bk-context');
    await expect
      .poll(() => context.innerText())
      .toBe(`Change request ${changeId} · provider request id ${providerId}`);
    await screenshot(page, `${SHOTS}/change-and-provider-ids.png`);
  });
});
