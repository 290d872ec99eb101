/**
 * Issue 3's acceptance: a Wangsu account treated exactly like a Tencent one, through the real app over HTTP.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SEED_VISIT_CONTROL_SAMPLE } from '../../../sandbox/wangsu/index.ts';
import { startTestBot, type TestBot, visibleText, WANGSU_ACCOUNT } from '../../support/start-test-bot.ts';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

const posted = (test: TestBot) => test.slack.messages.filter((message) => !message.ephemeral);

describe('a Wangsu account beside a Tencent one', () => {
  it('lists the domains of both accounts in /cdn hosts, each row naming its account', async () => {
    bot = await startTestBot({ wangsu: {} });

    await bot.send('hosts');

    const text = visibleText(bot.slack.messages.at(-1)!);
    expect(text).toContain('7 domains');
    expect(text).toMatch(/www\.example\.com\* · online · `tencent-prod`/);
    expect(text).toMatch(/cdn\.example\.cn\* · online · `wangsu-prod`/);
    expect(text).toMatch(/video\.example\.cn\* · offline · `wangsu-prod`/);
  });

  it('sends one authenticated request to each provider for a mixed purge, and follows both to the end', async () => {
    bot = await startTestBot({ wangsu: {} });

    await bot.send(
      'purge https://www.example.com/a.js https://cdn.example.cn/b.js https://img.example.cn/c.png',
    );

    const tencentPurges = bot.tencent.calls.filter((call) => call.action === 'PurgeUrlsCache');
    const wangsuPurges = bot.wangsu!.calls.filter((call) => call.path === '/ccm/purge/ItemIdReceiver');
    expect(tencentPurges.map((call) => [call.errorCode, call.params])).toEqual([
      [undefined, { Urls: ['https://www.example.com/a.js'] }],
    ]);
    expect(wangsuPurges.map((call) => [call.status, call.authScheme, call.body])).toEqual([
      [200, 'basic', { urls: ['https://cdn.example.cn/b.js', 'https://img.example.cn/c.png'] }],
    ]);
    const message = posted(bot)[0]!;
    expect(visibleText(message)).toMatch(/`tencent-prod` task `[^`]+` · 1 URL · in progress/);
    expect(visibleText(message)).toMatch(/`wangsu-prod` task `[^`]+` · 2 URLs · in progress/);

    await bot.slack.waitFor(() => message.edits === 1);

    expect(visibleText(message)).toMatch(/`tencent-prod` task `[^`]+` · 1 URL · done/);
    expect(visibleText(message)).toMatch(/`wangsu-prod` task `[^`]+` · 2 URLs · done/);
    expect(bot.wangsu!.calls.some((call) => call.path === '/ccm/purge/ItemIdQuery')).toBe(true);
  });

  it('authenticates with AK/SK when the account is configured with an AccessKey', async () => {
    bot = await startTestBot({
      wangsu: {
        account: { ...WANGSU_ACCOUNT, accessKey: 'ak-ops-0001', secretKey: 'sk-ops-secret-0001' },
        aksk: true,
      },
    });

    await bot.send('purge https://cdn.example.cn/b.js');

    const call = bot.wangsu!.calls.find((entry) => entry.path === '/ccm/purge/ItemIdReceiver')!;
    expect([call.status, call.authScheme, call.account]).toEqual([200, 'aksk', 'ak-ops-0001']);
  });

  it('renders the seed document’s sample visit-control rule for /cdn access', async () => {
    bot = await startTestBot({
      wangsu: {
        account: {
          ...WANGSU_ACCOUNT,
          domains: [{ domain: 'www.example.cn', visitControlRules: SEED_VISIT_CONTROL_SAMPLE }],
        },
      },
    });

    await bot.send('access www.example.cn');

    const text = visibleText(bot.slack.messages.at(-1)!);
    expect(text).toContain('Visit control: www.example.cn');
    expect(text).toContain('Account `wangsu-prod` (wangsu) · 1 rule');
    expect(text).toContain('priority 9');
    expect(text).toContain('Applies to: directories /home/');
    expect(text).toContain('IP denied: `1.2.3.4`');
    expect(text).toContain('Referer allowed: `http://b.com` `c.com` `d.com`');
    expect(text).toContain('Empty referer: allowed');
    expect(text).toContain('User agents allowed: `Android` `iPhone`');
    expect(text).toContain('Refused requests: HTTP 403');
  });

  it('shows Wangsu’s own message when the API key is wrong', async () => {
    bot = await startTestBot({ wangsu: { configuredApiKey: 'not-the-key-0000000000' } });

    await bot.send('purge https://cdn.example.cn/b.js');

    const refused = bot.wangsu!.calls.find((call) => call.status === 401)!;
    const text = visibleText(bot.slack.messages.at(-1)!);
    expect(text).toContain('wangsu-prod answered with an error');
    expect(text).toContain(`request id \`${refused.requestId}\``);
    expect(bot.wangsu!.calls.some((call) => call.path === '/ccm/purge/ItemIdReceiver')).toBe(false);
  });

  it('retries after HTTP 446 once the backoff has passed, and the purge goes through', async () => {
    bot = await startTestBot({ wangsu: {} });
    bot.wangsu!.faults.push({ path: '/ccm/purge/ItemIdReceiver', kind: 'throttle' });
    const before = bot.clock.now();

    await bot.send('purge https://cdn.example.cn/b.js');

    const purges = bot.wangsu!.calls.filter((call) => call.path === '/ccm/purge/ItemIdReceiver');
    expect(purges.map((call) => call.status)).toEqual([446, 200]);
    expect(purges[1]!.at - purges[0]!.at).toBeGreaterThanOrEqual(30_000);
    expect(bot.clock.now()).toBeGreaterThan(before);
    expect(visibleText(posted(bot)[0]!)).toMatch(/`wangsu-prod` task `[^`]+`/);
  });

  it('refuses a Wangsu purge larger than today’s remaining quota with the numbers', async () => {
    bot = await startTestBot({ wangsu: { sandbox: { quotas: { purgeUrlsPerDay: 1 } } } });

    await bot.send('purge https://cdn.example.cn/1.js https://cdn.example.cn/2.js');

    expect(bot.wangsu!.calls.some((call) => call.path === '/ccm/purge/ItemIdReceiver')).toBe(false);
    expect(visibleText(bot.slack.messages.at(-1)!)).toContain(
      "2 URLs for wangsu-prod (mainland) but only 1 of today's 1 URL purges are left",
    );
  });

  it('lists quota of both accounts', async () => {
    bot = await startTestBot({ wangsu: {} });

    await bot.send('quota');

    const text = visibleText(bot.slack.messages.at(-1)!);
    expect(text).toContain('*wangsu-prod*');
    expect(text).toContain('URL purge · mainland: *5,000* of 5,000 left (up to 500 a request)');
    expect(text).toContain('Prefetch · mainland: *20,000* of 20,000 left (up to 400 a request)');
  });
});
