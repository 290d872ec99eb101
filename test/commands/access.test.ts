import { afterEach, describe, expect, it } from 'vitest';
import {
  startTestBot,
  TEST_ACCOUNT,
  type TestBot,
  VIEW_CHANNEL,
  VIEWER,
  visibleText,
} from '../support/start-test-bot.ts';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

describe('/cdn access on a Tencent domain', () => {
  it('shows referer, IP and user-agent filters as rules, with what an empty referer gets', async () => {
    bot = await startTestBot({
      account: {
        ...TEST_ACCOUNT,
        domains: [
          {
            domain: 'www.example.com',
            referer: {
              Switch: 'on',
              RefererRules: [
                {
                  RuleType: 'all',
                  RulePaths: ['*'],
                  RefererType: 'whitelist',
                  Referers: ['*.example.com'],
                  AllowEmpty: true,
                },
                {
                  RuleType: 'file',
                  RulePaths: ['mp4'],
                  RefererType: 'blacklist',
                  Referers: ['bad.example.org'],
                  AllowEmpty: true,
                },
              ],
            },
            ipFilter: { Switch: 'on', FilterType: 'blacklist', Filters: ['1.2.3.0/24'], FilterRules: [] },
            userAgentFilter: {
              Switch: 'on',
              FilterRules: [
                {
                  FilterType: 'blacklist',
                  UserAgents: ['*curl*'],
                  RuleType: 'directory',
                  RulePaths: ['/api/'],
                },
              ],
            },
          },
        ],
      },
    });

    await bot.send('access www.example.com', { user: VIEWER, channel: VIEW_CHANNEL });

    const text = visibleText(bot.slack.messages.at(-1)!);
    expect(text).toContain('Visit control: www.example.com');
    expect(text).toContain('4 rules');
    expect(text).toMatch(
      /Applies to: all files\nReferer allowed: `\*\.example\.com`\nEmpty referer: allowed/,
    );
    // On a Tencent blacklist, AllowEmpty: true means empty referers are refused.
    expect(text).toMatch(
      /Applies to: file types mp4\nReferer denied: `bad\.example\.org`\nEmpty referer: denied/,
    );
    expect(text).toMatch(/IP denied: `1\.2\.3\.0\/24`/);
    expect(text).toMatch(/Applies to: directories \/api\/\nUser agents denied: `\*curl\*`/);
    expect(text).toContain('Refused requests: HTTP 403');
  });

  it('says plainly when a domain has no rules', async () => {
    bot = await startTestBot();

    await bot.send('access static.example.com');

    expect(visibleText(bot.slack.messages.at(-1)!)).toContain('No visit-control rules');
  });

  it('refuses a domain no allowed account serves, without asking for its config', async () => {
    bot = await startTestBot();

    await bot.send('access nosuch.example.org');

    expect(visibleText(bot.slack.messages.at(-1)!)).toContain(
      '`nosuch.example.org` is not served by any account',
    );
    expect(bot.tencent.calls.some((call) => call.action === 'DescribeDomainsConfig')).toBe(false);
  });
});
