/**
 * Issue 18, point 2: the connection drops after the provider acted. Each test drives the real app over HTTP with
 * the sandboxes' `applyThenDrop` fault (the action runs, then the socket is destroyed unanswered) and checks that
 * cdnops sent the write once, asked the provider what happened, and told the channel and the audit log the truth.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/store/store.ts';
import {
  ADMIN,
  clickButton,
  OPERATOR,
  startTestBot,
  type TestBot,
  visibleText,
} from '../support/start-test-bot.ts';

const SECOND_ADMIN = 'U0ADMIN002';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

const posted = (test: TestBot) => test.slack.messages.filter((message) => !message.ephemeral);
const lastEphemeral = (test: TestBot) =>
  [...test.slack.messages].reverse().find((message) => message.ephemeral)!;

async function auditOf(test: TestBot, domain: string): Promise<AuditEntry[]> {
  const { entries } = await test.bot.services.store.audit.query({ since: 0, domain, limit: 50, offset: 0 });
  return entries;
}

/** Quota left on an account now, as the provider counts it: spent once per URL sent and applied. */
async function quotaLeft(test: TestBot, account: string, kind: 'url-purge' | 'prefetch'): Promise<number> {
  const quotas = await test.bot.services.providers.get(account)!.getQuota();
  return quotas.find((quota) => quota.kind === kind && quota.area === 'mainland')!.available;
}

describe('a purge or prefetch whose answer was lost', () => {
  it.each([
    ['purge', 'PurgeUrlsCache', 'url-purge', 'Purge'],
    ['prefetch', 'PushUrlsCache', 'prefetch', 'Prefetch'],
  ] as const)(
    'Tencent %s: sent once, the real task shown and followed to done',
    async (command, action, quota, title) => {
      bot = await startTestBot();
      const before = await quotaLeft(bot, 'tencent-prod', quota);
      bot.tencent.faults.push({ action, kind: 'applyThenDrop' });

      await bot.send(`${command} https://www.example.com/twice.js`);

      const sent = bot.tencent.calls.filter((call) => call.action === action);
      expect(sent).toHaveLength(1);
      expect(await quotaLeft(bot, 'tencent-prod', quota)).toBe(before - 1);
      // The one task Tencent created, as its own task list shows it.
      const tasks = await (command === 'prefetch'
        ? bot.bot.services.providers.get('tencent-prod')!.prefetchTasks!({ from: 0 })
        : bot.bot.services.providers.get('tencent-prod')!.purgeTasks({ from: 0 }));
      expect(tasks.map((task) => task.url)).toEqual(['https://www.example.com/twice.js']);
      const message = posted(bot)[0]!;
      expect(visibleText(message)).toContain(
        `\`tencent-prod\` task \`${tasks[0]!.taskId}\` · 1 URL · in progress`,
      );
      expect(visibleText(message)).toContain('outcome reconciled');
      expect(visibleText(message)).not.toContain('refused');

      await bot.slack.waitFor(() => message.edits === 1);

      expect(visibleText(message)).toContain(`${title}* of 1 URL requested by <@${OPERATOR}>: done`);
      expect(visibleText(message)).toContain(`task \`${tasks[0]!.taskId}\` · 1 URL · done`);
      const [entry] = await auditOf(bot, 'www.example.com');
      expect(entry).toMatchObject({ outcome: 'submitted', requestId: tasks[0]!.taskId });
      expect(entry!.detail).toContain('outcome reconciled');
    },
  );

  it.each([
    ['purge', '/ccm/purge/ItemIdReceiver', 'url-purge', 'Purge'],
    ['prefetch', '/ccm/fetch/ItemIdReceiver', 'prefetch', 'Prefetch'],
  ] as const)(
    'Wangsu %s: sent once, the items found and followed to done',
    async (command, path, quota, title) => {
      bot = await startTestBot({ wangsu: {} });
      const before = await quotaLeft(bot, 'wangsu-prod', quota);
      bot.wangsu!.faults.push({ path, kind: 'applyThenDrop' });

      await bot.send(`${command} https://cdn.example.cn/twice.js`);

      expect(bot.wangsu!.calls.filter((call) => call.path === path).map((call) => call.status)).toEqual([0]);
      expect(await quotaLeft(bot, 'wangsu-prod', quota)).toBe(before - 1);
      const message = posted(bot)[0]!;
      expect(visibleText(message)).toContain(
        '`wangsu-prod` task (id not returned by the provider) · 1 URL · in progress',
      );
      expect(visibleText(message)).toContain('outcome reconciled');

      await bot.slack.waitFor(() => message.edits === 1);

      expect(visibleText(message)).toContain(`${title}* of 1 URL requested by <@${OPERATOR}>: done`);
      expect(visibleText(message)).toContain('· 1 URL · done');
      const [entry] = await auditOf(bot, 'cdn.example.cn');
      expect(entry!.outcome).toBe('submitted');
      expect(entry!.detail).toContain('outcome reconciled');
    },
  );

  it('Tencent: a reset before anything was applied is not sent again and is reported as not applied', async () => {
    bot = await startTestBot();
    const before = await quotaLeft(bot, 'tencent-prod', 'url-purge');
    // A plain reset: the sandbox drops the request without running it.
    bot.tencent.faults.push({ action: 'PurgeUrlsCache', kind: 'reset' });

    await bot.send('purge https://www.example.com/once.js');

    expect(bot.tencent.calls.filter((call) => call.action === 'PurgeUrlsCache')).toHaveLength(1);
    expect(await quotaLeft(bot, 'tencent-prod', 'url-purge')).toBe(before);
    const text = visibleText(posted(bot)[0]!);
    expect(text).toContain('refused by the provider');
    expect(text).toContain(
      'Outcome reconciled: Tencent has no task for these URLs since the request was sent',
    );
    expect(text).toContain('so it was not applied');
    const [entry] = await auditOf(bot, 'www.example.com');
    expect(entry!.outcome).toBe('failed');
    expect(entry!.detail).toContain('outcome reconciled');
  });
});

describe('a domain change whose answer was lost', () => {
  it('Tencent add, confirmed: one AddCdnDomain, the domain added, answer and audit say done, outcome reconciled', async () => {
    bot = await startTestBot();
    bot.tencent.faults.push({ action: 'AddCdnDomain', kind: 'applyThenDrop' });

    await bot.send('add fresh.example.com --origin 203.0.113.10', { user: ADMIN });
    await clickButton(bot, lastEphemeral(bot), 'change.confirm', ADMIN);

    expect(bot.tencent.calls.filter((call) => call.action === 'AddCdnDomain')).toHaveLength(1);
    expect(bot.tencent.domain('fresh.example.com').status).toBe('online');
    const note = visibleText(posted(bot).at(-1)!);
    expect(note).toContain(
      `<@${ADMIN}> add fresh.example.com to tencent-prod (web, origin 203.0.113.10): done`,
    );
    expect(visibleText(lastEphemeral(bot))).toContain('Outcome reconciled');
    const entries = await auditOf(bot, 'fresh.example.com');
    const outcome = entries.find((entry) => entry.outcome === 'done' || entry.outcome === 'failed')!;
    expect(outcome.outcome).toBe('done');
    expect(outcome.detail).toContain('Outcome reconciled');
    expect(outcome.detail).toContain('fresh.example.com is online');
  });

  it('Tencent offline, approved: one StopCdnDomain, the domain stopped, reported done, outcome reconciled', async () => {
    bot = await startTestBot({
      config: { users: { [ADMIN]: 'admin', [SECOND_ADMIN]: 'admin', [OPERATOR]: 'operator' } },
    });
    bot.tencent.faults.push({ action: 'StopCdnDomain', kind: 'applyThenDrop' });

    await bot.send('offline www.example.com', { user: OPERATOR });
    const card = posted(bot)[0]!;
    await clickButton(bot, card, 'change.approve', ADMIN);

    expect(bot.tencent.calls.filter((call) => call.action === 'StopCdnDomain')).toHaveLength(1);
    expect(bot.tencent.domain('www.example.com').status).toBe('offline');
    expect(visibleText(card)).toContain(`stop www.example.com on tencent-prod*: done by <@${ADMIN}>`);
    expect(visibleText(card)).toContain('Outcome reconciled');
    const entries = await auditOf(bot, 'www.example.com');
    const outcome = entries.find((entry) => entry.outcome === 'done')!;
    expect(outcome.detail).toContain('Outcome reconciled');
  });

  it('Wangsu offline, approved: one disable, the domain stopped, reported done, outcome reconciled', async () => {
    bot = await startTestBot({
      wangsu: {},
      config: { users: { [ADMIN]: 'admin', [SECOND_ADMIN]: 'admin', [OPERATOR]: 'operator' } },
    });
    const id = bot.wangsu!.domain('cdn.example.cn').domainId;
    bot.wangsu!.faults.push({ path: `/api/domain/${id}/disable`, kind: 'applyThenDrop' });

    await bot.send('offline cdn.example.cn', { user: OPERATOR });
    const card = posted(bot)[0]!;
    await clickButton(bot, card, 'change.approve', ADMIN);

    expect(bot.wangsu!.calls.filter((call) => call.path.endsWith('/disable'))).toHaveLength(1);
    expect(bot.wangsu!.domain('cdn.example.cn').enabled).toBe(false);
    expect(visibleText(card)).toContain(`stop cdn.example.cn on wangsu-prod*: done by <@${ADMIN}>`);
    const outcome = (await auditOf(bot, 'cdn.example.cn')).find((entry) => entry.outcome === 'done')!;
    expect(outcome.detail).toContain('Outcome reconciled');
  });

  it('Tencent cache rules, confirmed: one UpdateDomainConfig, the rules in place, done, outcome reconciled', async () => {
    bot = await startTestBot();
    bot.tencent.faults.push({ action: 'UpdateDomainConfig', kind: 'applyThenDrop' });

    await bot.send('cache www.example.com set all=1h .js=10m', { user: OPERATOR });
    await clickButton(bot, lastEphemeral(bot), 'change.confirm', OPERATOR);

    expect(bot.tencent.calls.filter((call) => call.action === 'UpdateDomainConfig')).toHaveLength(1);
    expect(bot.tencent.domain('www.example.com').cacheRules).toEqual([
      { CacheType: 'all', CacheContents: ['*'], CacheTime: 3_600 },
      { CacheType: 'file', CacheContents: ['js'], CacheTime: 600 },
    ]);
    const outcome = (await auditOf(bot, 'www.example.com')).find((entry) => entry.outcome === 'done')!;
    expect(outcome.detail).toContain('Outcome reconciled');
  });

  it('Wangsu referer and cache rules, confirmed: one PUT each, in place, done, outcome reconciled', async () => {
    bot = await startTestBot({ wangsu: {} });
    bot.wangsu!.faults.push({ path: '/api/config/visitcontrol/', method: 'PUT', kind: 'applyThenDrop' });
    bot.wangsu!.faults.push({ path: '/api/config/cachetime/', method: 'PUT', kind: 'applyThenDrop' });

    await bot.send('referer cdn.example.cn set deny bad.example.org', { user: OPERATOR });
    await clickButton(bot, lastEphemeral(bot), 'change.confirm', OPERATOR);
    await bot.send('cache cdn.example.cn set all=10m', { user: OPERATOR });
    await clickButton(bot, lastEphemeral(bot), 'change.confirm', OPERATOR);

    const puts = bot.wangsu!.calls.filter((call) => call.method === 'PUT');
    expect(puts.map((call) => [call.path, call.status])).toEqual([
      ['/api/config/visitcontrol/cdn.example.cn', 0],
      ['/api/config/cachetime/cdn.example.cn', 0],
    ]);
    expect(bot.wangsu!.visitControl('cdn.example.cn').at(-1)).toMatchObject({
      'referer-control-rule': { 'invalid-domain': 'bad.example.org' },
    });
    expect(bot.wangsu!.cacheTime('cdn.example.cn').map((behavior) => behavior['cache-ttl'])).toEqual(['600']);
    const outcomes = (await auditOf(bot, 'cdn.example.cn')).filter((entry) => entry.outcome === 'done');
    expect(outcomes).toHaveLength(2);
    for (const outcome of outcomes) expect(outcome.detail).toContain('Outcome reconciled');
  });

  it('Tencent offline whose StopCdnDomain never took effect: sent once, reported failed and not applied', async () => {
    bot = await startTestBot({
      config: { users: { [ADMIN]: 'admin', [SECOND_ADMIN]: 'admin', [OPERATOR]: 'operator' } },
    });
    bot.tencent.faults.push({ action: 'StopCdnDomain', kind: 'reset' });

    await bot.send('offline www.example.com', { user: OPERATOR });
    const card = posted(bot)[0]!;
    await clickButton(bot, card, 'change.approve', ADMIN);

    expect(bot.tencent.calls.filter((call) => call.action === 'StopCdnDomain')).toHaveLength(1);
    expect(bot.tencent.domain('www.example.com').status).toBe('online');
    const outcome = (await auditOf(bot, 'www.example.com')).find((entry) => entry.outcome === 'failed')!;
    expect(outcome.detail).toContain(
      'Outcome reconciled: www.example.com is still online, so it was not applied.',
    );
  });
});
