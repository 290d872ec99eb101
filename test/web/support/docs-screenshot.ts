/**
 * The README's picture of the playground (`npm run screenshots`): a purge edited to done and an approval card, seen
 * by the second admin about to approve, on the real demo.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { launchChromium } from './browser.ts';
import { actAs, command, message, openPlayground } from './playground-page.ts';
import { startWebDemo } from './web-demo.ts';

export async function makeDocsScreenshot(path: string): Promise<void> {
  const [browser, demo] = await Promise.all([launchChromium(), startWebDemo()]);
  try {
    const page = await openPlayground(browser, demo.url, { as: 'operator', in: 'web-ops' });
    await page.setViewportSize({ width: 1280, height: 760 });
    await command(page, '/cdn purge https://www.example.com/app.js https://www.example.com/styles.css');
    const purge = message(page, 'https://www.example.com/styles.css');
    await purge.getByText('in progress').first().waitFor();
    await page.getByRole('button', { name: 'Finish tasks now' }).click();
    await purge.getByText('2 URLs · done').waitFor();
    await command(page, '/cdn offline img.example.com');
    await message(page, 'Approval needed').getByRole('button', { name: 'Approve' }).waitFor();
    await actAs(page, 'admin2');
    await message(page, 'Approval needed').getByRole('button', { name: 'Approve' }).waitFor();
    await page.locator('#toast:not(.shown)').waitFor({ state: 'attached' });
    await page.getByRole('button', { name: 'Approve' }).hover();
    mkdirSync(dirname(path), { recursive: true });
    await page.screenshot({ path });
  } finally {
    await browser.close();
    await demo.stop();
  }
}
