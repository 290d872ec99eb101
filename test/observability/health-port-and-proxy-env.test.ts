/**
 * HEALTH_PORT and the proxy variables as an operator writes them: read, defaulted, and refused with a message that
 * says how to write them and never repeats a proxy URL (it may carry a password).
 */
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Env } from '../../src/config/env.ts';
import { formatProblems, problemsFromZod, settingsErrorMap } from '../../src/config/format-problems.ts';
import { proxySecrets, proxySettings } from '../../src/util/egress.ts';
import { startTestBot, type TestBot } from '../support/start-test-bot.ts';

const BASE = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's3cret' };

function problemsFor(env: Record<string, string>): string[] {
  const result = Env.safeParse({ ...BASE, ...env }, { error: settingsErrorMap });
  return result.success ? [] : formatProblems(problemsFromZod(result.error), 'environment');
}

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

describe('HEALTH_PORT', () => {
  it('takes a port, or 0 for off, and refuses anything else saying how to write it', () => {
    expect(Env.parse({ ...BASE, HEALTH_PORT: '9100' }).HEALTH_PORT).toBe(9100);
    expect(Env.parse({ ...BASE, HEALTH_PORT: ' 0 ' }).HEALTH_PORT).toBe(0);
    expect(Env.parse({ ...BASE, HEALTH_PORT: '' }).HEALTH_PORT).toBeUndefined();
    expect(problemsFor({ HEALTH_PORT: 'ninety' })).toEqual([
      'HEALTH_PORT: must be a port number from 1 to 65535, or 0 to turn the probes off',
    ]);
  });

  it('in Socket Mode, serves the probes on the port it names', async () => {
    const port = await freePort();
    bot = await startTestBot({ socketMode: true, env: { HEALTH_PORT: String(port) } });

    const response = await fetch(`http://127.0.0.1:${port}/readyz`);

    expect(bot.bot.healthPort).toBe(port);
    expect(response.status).toBe(200);
  });

  it('0 turns /readyz and /metrics off; HTTP mode keeps /healthz on PORT', async () => {
    bot = await startTestBot({ env: { HEALTH_PORT: '0' } });

    const base = `http://127.0.0.1:${bot.bot.port}`;
    const [health, ready, metrics] = await Promise.all(
      ['/healthz', '/readyz', '/metrics'].map((path) => fetch(`${base}${path}`)),
    );

    expect(bot.bot.healthPort).toBeUndefined();
    expect([health!.status, ready!.status, metrics!.status]).toEqual([200, 404, 404]);
  });
});

describe('the proxy variables', () => {
  it('prefer the lower-case spelling, and send https through HTTP_PROXY when HTTPS_PROXY is unset', () => {
    expect(
      proxySettings({
        HTTP_PROXY: 'http://upper:3128',
        http_proxy: 'http://lower:3128',
        NO_PROXY: '.internal',
      }),
    ).toEqual({ httpProxy: 'http://lower:3128', httpsProxy: 'http://lower:3128', noProxy: '.internal' });
  });

  it('refuse a proxy that is not an http(s) URL without repeating it', () => {
    const problems = problemsFor({ HTTPS_PROXY: 'ops:hunter2@proxy.internal:3128' });

    expect(problems).toEqual([
      'HTTPS_PROXY: must be an http(s) URL such as http://proxy.internal:3128 (user:password@ allowed)',
    ]);
  });

  it('name the password of a proxy URL as a secret for the log', () => {
    expect(proxySecrets({ httpsProxy: 'http://ops:p%40ss@proxy.internal:3128' })).toEqual([
      'p@ss',
      'p%40ss',
      'ops:p%40ss',
    ]);
  });
});

/** A port nothing listens on right now (the kernel's pick, released again). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}
