/**
 * With logging at debug, every command path (every example of every command, for an operator and an admin, the
 * decisions on the changes they asked for, provider failures and wrong keys) leaves no secret in the logs or in
 * anything sent to Slack: no configured key or token, no signing secret, and no signature computed from them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_WANGSU_ACCOUNT } from '../../sandbox/wangsu/index.ts';
import { loadCommands } from '../../src/commands/index.ts';
import {
  ADMIN,
  BOT_TOKEN,
  clickButton,
  OPERATOR,
  SIGNING_SECRET,
  startTestBot,
  TEST_ACCOUNT,
  type TestBot,
  WANGSU_ACCOUNT,
} from '../support/start-test-bot.ts';

const COMMANDS = await loadCommands();

const SECOND_ADMIN = 'U0ADMIN002';
/** Configured for tencent-prod in the wrong-keys run; unlike the sandbox's own key, the logger is not told about it. */
const WRONG_TENCENT_KEY = 'wrong-tencent-key-NEVER-LOGGED-00';
const WRONG_WANGSU_KEY = 'wrong-wangsu-key-NEVER-LOGGED-00';

const SECRETS = [
  BOT_TOKEN,
  SIGNING_SECRET,
  TEST_ACCOUNT.secretKey,
  WANGSU_ACCOUNT.apiKey!,
  DEMO_WANGSU_ACCOUNT.secretKey!,
  WRONG_TENCENT_KEY,
  WRONG_WANGSU_KEY,
];

/** What a signature or credential looks like on the wire, whoever computed it. */
const CREDENTIAL_SHAPES: readonly [string, RegExp][] = [
  ['a Slack request signature', /v0=[0-9a-f]{64}/],
  ['a TC3 authorization', /TC3-HMAC-SHA256|Signature=[0-9a-f]{64}/],
  ['a Wangsu AK/SK authorization', /CNC-HMAC-SHA256/],
  ['a Basic authorization', /Basic [A-Za-z0-9+/]{16,}={0,2}/],
  ['a Slack token', /xox[abp]-/],
  // The logger turns a configured secret into this: seeing it means some path tried to log one.
  ['a redacted secret', /\[redacted\]/],
];

let bots: TestBot[] = [];
afterEach(async () => {
  for (const bot of bots) await bot.close();
  bots = [];
});

async function start(options: Parameters<typeof startTestBot>[0]): Promise<TestBot> {
  const bot = await startTestBot({
    ...options,
    config: { users: { [ADMIN]: 'admin', [SECOND_ADMIN]: 'admin', [OPERATOR]: 'operator' } },
  });
  bots.push(bot);
  return bot;
}

/** Every example of every command, then a few lines that go wrong on purpose. */
const LINES = [
  ...COMMANDS.flatMap((command) => command.examples),
  'stats',
  'purge https://www.example.com/a.js https://cdn.example.cn/b.js',
  'prefetch https://img.example.cn/c.jpg',
  'nonsense --with "quotes',
  'purge https://unknown.example.org/x.js',
];

/** Presses every decision button the bot showed: Approve on cards (as another admin), Confirm on previews. */
async function decideEverything(bot: TestBot): Promise<void> {
  const buttons = (message: (typeof bot.slack.messages)[number]) =>
    JSON.stringify(message.blocks).match(/change\.(approve|confirm)/g) ?? [];
  for (const message of [...bot.slack.messages]) {
    for (const actionId of new Set(buttons(message))) {
      const clicker = actionId === 'change.confirm' ? (message.user ?? OPERATOR) : SECOND_ADMIN;
      await clickButton(bot, message, actionId, clicker);
    }
  }
}

function leaks(bot: TestBot): string[] {
  const places: [string, string][] = [
    ['logs', bot.logs.join('\n')],
    // The bot token authenticates calls to Slack (Bolt's start-up auth.test sends it as a form field); it is a
    // credential Slack is meant to see, not content, so that one field is left out.
    [
      'Slack calls',
      JSON.stringify(
        bot.slack.calls.map(({ body: { token: _token, ...body }, ...call }) => ({ ...call, body })),
      ),
    ],
    ['Slack messages', JSON.stringify(bot.slack.messages)],
  ];
  const found: string[] = [];
  for (const [where, text] of places) {
    for (const secret of SECRETS) if (text.includes(secret)) found.push(`${where}: ${secret}`);
    for (const [what, shape] of CREDENTIAL_SHAPES) {
      const match = shape.exec(text);
      if (match)
        found.push(`${where}: ${what} (${text.slice(Math.max(0, match.index - 80), match.index + 40)})`);
    }
  }
  return found;
}

describe('secrets at LOG_LEVEL=debug', () => {
  it('appear nowhere after every command, decision and provider failure with the right keys', async () => {
    const bot = await start({ wangsu: {} });

    for (const user of [OPERATOR, ADMIN]) {
      for (const line of LINES) await bot.send(line, { user });
    }
    await decideEverything(bot);
    bot.tencent.faults.push({ kind: 'error', code: 'InternalError', times: 4 });
    bot.wangsu!.faults.push({ kind: 'http5xx', times: 4 });
    await bot.send('hosts', { user: ADMIN });
    bot.tencent.faults.push({ kind: 'reset', times: 4 });
    await bot.send('quota', { user: ADMIN });

    const changed = new Set(bot.tencent.calls.map((call) => call.action));
    for (const action of ['PurgeUrlsCache', 'PushUrlsCache', 'StopCdnDomain', 'UpdateDomainConfig']) {
      expect(changed).toContain(action);
    }
    expect(bot.logs.length).toBeGreaterThan(LINES.length);
    expect(bot.logs.some((line) => line.includes('"level":"debug"'))).toBe(true);
    expect(bot.slack.messages.length).toBeGreaterThan(LINES.length);
    expect(leaks(bot)).toEqual([]);
  }, 60_000);

  it('appear nowhere when the configured keys are wrong', async () => {
    const bot = await start({
      configuredSecretKey: WRONG_TENCENT_KEY,
      wangsu: { configuredApiKey: WRONG_WANGSU_KEY },
    });

    for (const line of [
      'hosts',
      'quota',
      'purge https://www.example.com/a.js',
      'stats all',
      'host cdn.example.cn',
    ]) {
      await bot.send(line, { user: ADMIN });
    }

    expect(bot.tencent.calls.some((call) => call.errorCode === 'AuthFailure.SignatureFailure')).toBe(true);
    expect(bot.wangsu!.calls.some((call) => call.status === 401)).toBe(true);
    expect(leaks(bot)).toEqual([]);
  });

  it('appear nowhere with Wangsu’s AK/SK signing', async () => {
    const bot = await start({ wangsu: { account: DEMO_WANGSU_ACCOUNT, aksk: true } });

    for (const line of [
      'hosts',
      'quota',
      'purge https://www.example.cn/a.js',
      'stats all',
      'access www.example.cn',
    ]) {
      await bot.send(line, { user: ADMIN });
    }

    expect(bot.wangsu!.calls.filter((call) => call.authScheme === 'aksk').length).toBeGreaterThan(0);
    expect(leaks(bot)).toEqual([]);
  });
});
