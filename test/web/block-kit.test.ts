/**
 * The playground's Block Kit drawing and its way back into the app, for the blocks and elements cdnops does not
 * send today (images, fields, overflow menus, selects, type-ahead, pushed modals) and for what it does not know at
 * all. Messages and views are made through the Slack stand-in's Web API, as an app would make them; a recording app
 * stands in for the bot and shows what the page's actions became.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_CHANNELS, DEMO_USERS } from '../../demo/demo-world.ts';
import { type Playground, startPlayground } from '../../demo/web/start-playground.ts';
import { type SlackStandin, startSlackStandin } from '../../sandbox/slack/index.ts';
import { browserTestsRun, launchChromiumIfPresent, screenshot } from './support/browser.ts';
import { actAs, openPlayground } from './support/playground-page.ts';
import { type RecordingApp, startRecordingApp } from './support/recording-app.ts';

const TOKEN = 'xoxb-block-kit-test';
const SECRET = 'block-kit-signing-secret';
const CHANNEL = DEMO_CHANNELS['web-ops'].id;
const OPERATOR = DEMO_USERS.operator.id;

const option = (text: string, value: string) => ({ text: { type: 'plain_text', text }, value });

async function api(slack: SlackStandin, method: string, body: Record<string, unknown>) {
  const response = await fetch(`${slack.apiUrl}${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as Record<string, unknown>;
  if (answer.ok !== true) throw new Error(`${method}: ${JSON.stringify(answer)}`);
  return answer;
}

describe.skipIf(!browserTestsRun())(
  'the playground draws Block Kit and sends actions back',
  { timeout: 60_000 },
  () => {
    let browser: Browser | undefined;
    let slack: SlackStandin;
    let app: RecordingApp;
    let playground: Playground;
    let page: Page | undefined;
    /** What the recording app answers to view submissions, in order. */
    let submissionAnswers: unknown[];

    beforeAll(async () => {
      browser = await launchChromiumIfPresent();
    }, 30_000);

    beforeEach(async () => {
      submissionAnswers = [];
      slack = await startSlackStandin({ botToken: TOKEN });
      app = await startRecordingApp(SECRET, (payload) => {
        if (payload.type === 'block_suggestion') {
          const typed = String(payload.value).toLowerCase();
          const all = ['alpha.example.com', 'beta.example.com', 'gamma.example.cn'];
          return { options: all.filter((name) => name.includes(typed)).map((name) => option(name, name)) };
        }
        if (payload.type === 'view_submission') return submissionAnswers.shift();
        return undefined;
      });
      playground = await startPlayground({
        demo: {
          slack,
          appUrl: app.url,
          signingSecret: SECRET,
          finishTasks: () => {},
          bot: { drain: async () => {} },
        },
        people: DEMO_USERS,
        channels: DEMO_CHANNELS,
        timezone: 'Asia/Shanghai',
        port: 0,
        note: () => {},
      });
    });

    afterEach(async () => {
      await page?.close();
      page = undefined;
      await playground.close();
      await app.close();
      await slack.close();
    });

    afterAll(async () => {
      await browser?.close();
    });

    it('draws headers, fields, context, images and menus, shows unknown blocks as JSON, and sends choices as block_actions', async () => {
      const posted = await api(slack, 'chat.postMessage', {
        channel: CHANNEL,
        text: 'fallback',
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: 'Release 42' } },
          {
            type: 'section',
            block_id: 'facts',
            text: {
              type: 'mrkdwn',
              text: '*Bold* and _italic_ with `code` for <@U0DEMOADM1> in <#C0WEBOPS01>',
            },
            fields: [
              { type: 'mrkdwn', text: '*Region*\nmainland' },
              { type: 'mrkdwn', text: '*Hits*\n98%' },
            ],
            accessory: {
              type: 'overflow',
              action_id: 'more',
              options: [option('Show logs', 'logs'), option('Forget it', 'forget')],
            },
          },
          { type: 'divider' },
          {
            type: 'image',
            image_url: 'http://127.0.0.1:9/chart.png',
            alt_text: 'hit ratio chart',
            title: { type: 'plain_text', text: 'Hit ratio' },
          },
          { type: 'context', elements: [{ type: 'mrkdwn', text: 'as of _now_' }] },
          {
            type: 'actions',
            block_id: 'controls',
            elements: [
              {
                type: 'static_select',
                action_id: 'period',
                placeholder: { type: 'plain_text', text: 'Period' },
                options: [option('Today', 'today'), option('This week', 'week')],
              },
              {
                type: 'button',
                action_id: 'wipe',
                value: 'wipe-1',
                style: 'danger',
                text: { type: 'plain_text', text: 'Wipe' },
                confirm: {
                  title: { type: 'plain_text', text: 'Wipe it?' },
                  text: { type: 'mrkdwn', text: 'This *cannot* be undone.' },
                  confirm: { type: 'plain_text', text: 'Wipe' },
                  deny: { type: 'plain_text', text: 'Keep' },
                  style: 'danger',
                },
              },
            ],
          },
          { type: 'call', call_id: 'R0CALL01' },
        ],
      });
      page = await openPlayground(browser, playground.url, { as: 'operator', in: 'web-ops' });
      const card = page.locator(`article.message[data-ts="${String(posted.ts)}"]`);

      await card.locator('.bk-header', { hasText: 'Release 42' }).waitFor();
      expect(await card.locator('.bk-field').count()).toBe(2);
      expect(await card.locator('strong', { hasText: 'Bold' }).count()).toBe(1);
      expect(await card.locator('.mention', { hasText: '@ada (admin)' }).count()).toBe(1);
      expect(await card.locator('.mention', { hasText: '#web-ops' }).count()).toBe(1);
      expect(await card.getByRole('img', { name: 'hit ratio chart' }).count()).toBe(1);
      expect(await card.locator('.bk-context em', { hasText: 'now' }).count()).toBe(1);
      expect(await card.locator('.bk-unknown').innerText()).toContain('"call_id": "R0CALL01"');

      await card.getByRole('button', { name: 'More actions' }).click();
      await card.getByRole('menuitem', { name: 'Show logs' }).click();
      await expect.poll(() => app.received.length).toBe(1);
      await card.getByRole('combobox', { name: 'Period' }).selectOption('week');
      await expect.poll(() => app.received.length).toBe(2);
      await card.getByRole('button', { name: 'Wipe' }).click();
      await page.getByRole('alertdialog', { name: 'Wipe it?' }).getByRole('button', { name: 'Keep' }).click();
      await card.getByRole('button', { name: 'Wipe' }).click();
      await screenshot(page, 'test-results/web/block-kit-confirm.png');
      await page.getByRole('alertdialog').getByRole('button', { name: 'Wipe' }).click();
      await expect.poll(() => app.received.length).toBe(3);

      const actions = app.received.map(({ payload }) => (payload.actions as Record<string, unknown>[])[0]);
      expect(app.received.every((entry) => entry.signed && entry.payload.type === 'block_actions')).toBe(
        true,
      );
      expect(actions[0]).toMatchObject({
        type: 'overflow',
        action_id: 'more',
        block_id: 'facts',
        selected_option: { value: 'logs' },
      });
      expect(actions[1]).toMatchObject({
        type: 'static_select',
        action_id: 'period',
        block_id: 'controls',
        selected_option: { value: 'week' },
      });
      expect(actions[2]).toMatchObject({ type: 'button', action_id: 'wipe', value: 'wipe-1' });
      expect(app.received[0]?.payload).toMatchObject({
        user: { id: OPERATOR },
        container: { type: 'message', message_ts: posted.ts, channel_id: CHANNEL },
      });
    });

    it('edits in place, nests thread replies, and shows ephemerals only to their person', async () => {
      const parent = await api(slack, 'chat.postMessage', { channel: CHANNEL, text: 'Deploy *started*' });
      await api(slack, 'chat.postMessage', { channel: CHANNEL, text: 'step 1 done', thread_ts: parent.ts });
      await api(slack, 'chat.postEphemeral', {
        channel: CHANNEL,
        user: DEMO_USERS.admin.id,
        text: 'only for ada',
      });
      page = await openPlayground(browser, playground.url, { as: 'admin', in: 'web-ops' });
      const shown = page.locator(`article.message[data-ts="${String(parent.ts)}"]`);
      await shown.locator('.thread').getByText('step 1 done').waitFor();
      await page.getByText('only for ada').waitFor();

      await api(slack, 'chat.update', { channel: CHANNEL, ts: parent.ts, text: 'Deploy *finished*' });
      await shown.getByText('finished').waitFor();
      expect(await shown.getAttribute('data-edits')).toBe('1');
      expect(await page.locator('article.message:not(.reply)').count()).toBe(2);

      await actAs(page, 'operator');
      await page.getByText('only for ada').waitFor({ state: 'detached' });
      expect(await page.locator('article.message:not(.reply)').count()).toBe(1);
    });

    it('runs a modal: type-ahead from the app, errors on the field, a pushed view and its values', async () => {
      page = await openPlayground(browser, playground.url, { as: 'operator', in: 'web-ops' });
      await api(slack, 'views.open', {
        trigger_id: slack.triggerId({ user: OPERATOR }),
        view: {
          type: 'modal',
          callback_id: 'pick',
          title: { type: 'plain_text', text: 'Pick a host' },
          submit: { type: 'plain_text', text: 'Next' },
          blocks: [
            {
              type: 'input',
              block_id: 'host',
              label: { type: 'plain_text', text: 'Host' },
              element: { type: 'external_select', action_id: 'value', min_query_length: 1 },
            },
            {
              type: 'input',
              block_id: 'options',
              optional: true,
              label: { type: 'plain_text', text: 'Options' },
              element: {
                type: 'checkboxes',
                action_id: 'value',
                options: [option('Also prefetch', 'prefetch')],
              },
            },
          ],
        },
      });
      const modal = page.getByRole('dialog', { name: 'Pick a host' });
      await modal.getByRole('button', { name: 'Next' }).click();
      await modal.getByText('Please complete this required field.').waitFor();
      expect(app.received).toHaveLength(0);

      await modal.getByRole('combobox', { name: 'Host' }).fill('beta');
      await modal.getByRole('option', { name: 'beta.example.com' }).click();
      await modal.getByRole('checkbox', { name: 'Also prefetch' }).check();
      submissionAnswers.push({ response_action: 'errors', errors: { host: 'beta is frozen this week' } });
      await modal.getByRole('button', { name: 'Next' }).click();
      await modal
        .locator('.bk-input[data-block-id="host"] .bk-field-error')
        .getByText('beta is frozen this week')
        .waitFor();

      submissionAnswers.push({
        response_action: 'push',
        view: {
          type: 'modal',
          title: { type: 'plain_text', text: 'Sure?' },
          close: { type: 'plain_text', text: 'Back' },
          blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Purging *beta*.' } }],
        },
      });
      await modal.getByRole('combobox', { name: 'Host' }).fill('gamma');
      await modal.getByRole('option', { name: 'gamma.example.cn' }).click();
      await modal.getByRole('button', { name: 'Next' }).click();
      const pushed = page.getByRole('dialog', { name: 'Sure?' });
      await pushed.getByText('Purging').waitFor();
      expect(await pushed.getByRole('button', { name: 'Back' }).count()).toBeGreaterThan(0);
      await screenshot(page, 'test-results/web/block-kit-pushed-modal.png');

      const submissions = app.received.filter(({ payload }) => payload.type === 'view_submission');
      expect(submissions).toHaveLength(2);
      const submitted = submissions[1]?.payload.view as { state?: unknown } | undefined;
      expect(submitted?.state).toEqual({
        values: {
          host: {
            value: {
              type: 'external_select',
              selected_option: option('gamma.example.cn', 'gamma.example.cn'),
            },
          },
          options: { value: { type: 'checkboxes', selected_options: [option('Also prefetch', 'prefetch')] } },
        },
      });
      const suggestion = app.received.find(({ payload }) => payload.type === 'block_suggestion');
      expect(suggestion?.payload).toMatchObject({
        action_id: 'value',
        block_id: 'host',
        container: { type: 'view' },
      });

      // Back closes the pushed view; the form below keeps what was chosen.
      await pushed.getByRole('button', { name: 'Back' }).last().click();
      await modal.waitFor();
      expect(await modal.getByRole('combobox', { name: 'Host' }).inputValue()).toBe('gamma.example.cn');
      expect(await modal.getByRole('checkbox', { name: 'Also prefetch' }).isChecked()).toBe(true);
    });
  },
);
