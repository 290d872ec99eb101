import { describe, expect, it } from 'vitest';
import { Env } from '../../src/config/env.ts';
import { formatProblems, problemsFromZod, settingsErrorMap } from '../../src/config/format-problems.ts';

function problemsFor(env: Record<string, string | undefined>): string[] {
  const result = Env.safeParse(env, { error: settingsErrorMap });
  return result.success ? [] : formatProblems(problemsFromZod(result.error), 'environment');
}

const SIGNING_SECRET_MISSING =
  'SLACK_SIGNING_SECRET: not set; HTTP mode (SLACK_APP_TOKEN unset) needs the Signing Secret from Basic ' +
  'Information → App Credentials, or set SLACK_APP_TOKEN to use Socket Mode';

describe('Env', () => {
  it('fills the defaults for HTTP mode', () => {
    const env = Env.parse({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's3cret', HOME: '/root' });

    expect(env).toEqual({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's3cret',
      PORT: 3000,
      CDNOPS_CONFIG: './cdnops.yml',
      LOG_LEVEL: 'info',
    });
  });

  it('trims every secret', () => {
    const env = Env.parse({
      SLACK_BOT_TOKEN: ' xoxb-1\n',
      SLACK_SIGNING_SECRET: '\ts3cret ',
      SLACK_APP_TOKEN: 'xapp-2\r\n',
    });

    expect([env.SLACK_BOT_TOKEN, env.SLACK_SIGNING_SECRET, env.SLACK_APP_TOKEN]).toEqual([
      'xoxb-1',
      's3cret',
      'xapp-2',
    ]);
  });

  it('reads the other settings', () => {
    const env = Env.parse({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_APP_TOKEN: 'xapp-2',
      PORT: '0',
      SLACK_API_URL: 'http://127.0.0.1:9999/api',
      CDNOPS_CONFIG: '/etc/cdnops.yml',
      LOG_LEVEL: 'DEBUG',
    });

    expect(env).toEqual({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_APP_TOKEN: 'xapp-2',
      PORT: 0,
      SLACK_API_URL: 'http://127.0.0.1:9999/api/',
      CDNOPS_CONFIG: '/etc/cdnops.yml',
      LOG_LEVEL: 'debug',
    });
  });

  it('keeps a SLACK_API_URL that already ends with /', () => {
    const env = Env.parse({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_APP_TOKEN: 'xapp-2',
      SLACK_API_URL: 'https://slack.com/api/',
    });

    expect(env.SLACK_API_URL).toBe('https://slack.com/api/');
  });

  it('needs SLACK_SIGNING_SECRET in HTTP mode', () => {
    expect(problemsFor({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([SIGNING_SECRET_MISSING]);
  });

  it('does not need SLACK_SIGNING_SECRET in Socket Mode', () => {
    expect(problemsFor({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-2' })).toEqual([]);
  });

  it('reads a blank variable as unset, as `KEY=` in a compose file means', () => {
    const env = Env.parse({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
      SLACK_APP_TOKEN: ' ',
      PORT: '',
    });

    expect([env.SLACK_APP_TOKEN, env.PORT]).toEqual([undefined, 3000]);
  });

  it.each([
    [
      'a missing bot token',
      { SLACK_SIGNING_SECRET: 's' },
      "SLACK_BOT_TOKEN: not set; use the Bot User OAuth Token (xoxb-…) from your Slack app's OAuth & Permissions page",
    ],
    [
      'a user token in place of the bot token',
      { SLACK_BOT_TOKEN: 'xoxp-user-token', SLACK_SIGNING_SECRET: 's' },
      "SLACK_BOT_TOKEN: must start with xoxb-; use the Bot User OAuth Token (xoxb-…) from your Slack app's OAuth & Permissions page",
    ],
    [
      'a bot token in place of the app token',
      { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-2' },
      'SLACK_APP_TOKEN: must start with xapp-; use an App-Level Token with connections:write, from Basic Information → App-Level Tokens',
    ],
    [
      'a port out of range',
      { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-2', PORT: '65536' },
      'PORT: must be a port number from 0 to 65535',
    ],
    [
      'a port that is not a number',
      { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-2', PORT: 'http' },
      'PORT: must be a port number from 0 to 65535',
    ],
    [
      'an API URL that is not a URL',
      { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-2', SLACK_API_URL: 'slack.com/api' },
      'SLACK_API_URL: must be an http(s) URL such as https://slack.com/api/',
    ],
    [
      'an unknown log level',
      { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-2', LOG_LEVEL: 'verbose' },
      'LOG_LEVEL: must be one of debug, info, warn, error, silent',
    ],
  ])('reports %s in one line', (_case, env, line) => {
    expect(problemsFor(env)).toEqual([line]);
  });

  it('never repeats the value of a wrong secret', () => {
    const problems = problemsFor({
      SLACK_BOT_TOKEN: 'xoxp-leaked-user-token',
      SLACK_APP_TOKEN: 'not-an-app-token-value',
    });

    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).not.toMatch(/leaked-user-token|not-an-app-token-value/);
  });
});
