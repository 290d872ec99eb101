/**
 * `npm start` as an operator runs it: the real bin script in a child process, configured by a file and the
 * environment only.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type SlackStandin, startSlackStandin } from '../sandbox/slack/index.ts';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const BOT_TOKEN = 'xoxb-startup-test-token-000000';
const SIGNING_SECRET = 'startup-signing-secret-RECOGNISABLE-7c1e';
/** Start-up (the compiled build in dist/) takes a few seconds on a busy machine. */
const START_TIMEOUT_MS = 15_000;

const VALID_CONFIG = `
timezone: Asia/Shanghai
store: ":memory:"
providers:
  tencent-prod:
    kind: tencent
    secretId: \${TENCENT_SECRET_ID}
    secretKey: \${TENCENT_SECRET_KEY}
    endpoint: http://127.0.0.1:9/
channels:
  C0123456789:
    role: operator
`;

const BROKEN_CONFIG = `
timezone: Asia/Shanghai
store: ":memory:"
providers:
  tencent-prod:
    kind: tencent
    secretId: AKIDstartuptest000000000000000000
    secretKey: \${TENCENT_SECRET_KEY}
channels:
  C0123456789:
    role: superuser
  # The signing secret pasted where a channel ID belongs: the problem names the key, so it must be redacted.
  ${SIGNING_SECRET}:
    role: viewer
colour: blue
`;

interface Running {
  child: ChildProcess;
  /** stdout and stderr as they arrived, interleaved. */
  output(): string;
  /** Resolves once `predicate` holds for the output so far; rejects on timeout or if the process exits first. */
  waitForOutput(predicate: (output: string) => boolean, timeoutMs: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function writeConfig(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cdnops-startup-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'cdnops.yml');
  writeFileSync(path, text);
  return path;
}

function startServer(env: Record<string, string>): Running {
  const child = spawn(process.execPath, ['bin/cdnops-server.js'], {
    cwd: REPO_ROOT,
    // Only what a deployment would set, plus what Node itself needs to find its way.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), TMPDIR: tmpdir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const listener of [...listeners]) listener();
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });

  return {
    child,
    output: () => output,
    exited,
    waitForOutput(predicate, timeoutMs) {
      return new Promise<void>((resolve, reject) => {
        const done = (error?: Error) => {
          clearTimeout(timer);
          listeners.delete(check);
          if (error) reject(error);
          else resolve();
        };
        const check = () => {
          if (predicate(output)) done();
        };
        const timer = setTimeout(
          () => done(new Error(`timed out after ${timeoutMs} ms; output so far:\n${output}`)),
          timeoutMs,
        );
        listeners.add(check);
        void exited.then(({ code }) => {
          if (!predicate(output)) done(new Error(`exited with ${code} first; output:\n${output}`));
        });
        check();
      });
    },
  };
}

/** Resolves with what the process reports when it exits, or rejects after `timeoutMs`. */
function exitWithin(running: Running, timeoutMs: number) {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    running.exited.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`still running after ${timeoutMs} ms; output:\n${running.output()}`)),
        timeoutMs,
      );
    }),
  ]);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

describe('npm start', () => {
  it('stops with exit code 1 and one line per problem, naming each key, with no stack trace and no secret', async () => {
    const configPath = writeConfig(BROKEN_CONFIG);

    const running = startServer({ CDNOPS_CONFIG: configPath, SLACK_SIGNING_SECRET: SIGNING_SECRET });
    const { code } = await exitWithin(running, START_TIMEOUT_MS);

    expect(code).toBe(1);
    const output = running.output();
    const lines = output.trimEnd().split('\n');
    expect(lines[0]).toBe('cdnops cannot start:');
    const problems = lines.slice(1).map((line) => line.trim());
    expect(problems.map((line) => line.slice(0, line.indexOf(': ')))).toEqual([
      'SLACK_BOT_TOKEN',
      'providers.tencent-prod.secretKey',
      'channels.C0123456789.role',
      'channels.[redacted]',
      'colour',
    ]);
    expect(problems).toContain(
      'providers.tencent-prod.secretKey: environment variable TENCENT_SECRET_KEY is not set',
    );
    expect(problems).toContain('channels.C0123456789.role: must be one of viewer, operator, admin');
    expect(problems.find((line) => line.startsWith('colour: '))).toMatch(/^colour: unknown key/);
    expect(output).not.toMatch(/^\s+at /m);
    expect(output).not.toContain(SIGNING_SECRET);
  });

  describe('with a PostgreSQL store whose password was not URL-encoded', () => {
    const PASSWORD = 'p@ss/w#rd';
    const STORE = `postgres://u:${PASSWORD}@host/db`;
    /** Every piece of the password three characters or longer: none may show anywhere. */
    const pieces = [...PASSWORD].flatMap((_, start) =>
      Array.from({ length: PASSWORD.length - start - 2 }, (_, extra) =>
        PASSWORD.slice(start, start + 3 + extra),
      ),
    );
    const config = (store: string) => VALID_CONFIG.replace('store: ":memory:"', `store: ${store}`);

    it.each([
      ['written in the config file', config(STORE), {}],
      [
        'given through the variable CDNOPS_STORE_URL',
        config(`\${CDNOPS_STORE_URL}`),
        { CDNOPS_STORE_URL: STORE },
      ],
    ])(
      'stops before connecting, %s, saying how to encode it, with no part of the password in any output',
      async (_, text, extraEnv) => {
        const running = startServer({
          CDNOPS_CONFIG: writeConfig(text),
          SLACK_BOT_TOKEN: BOT_TOKEN,
          SLACK_SIGNING_SECRET: SIGNING_SECRET,
          TENCENT_SECRET_ID: 'AKIDstartuptest000000000000000000',
          TENCENT_SECRET_KEY: 'startup-tencent-key-RECOGNISABLE-0000',
          LOG_LEVEL: 'debug',
          ...extraEnv,
        });
        const { code } = await exitWithin(running, START_TIMEOUT_MS);

        expect(code).toBe(1);
        const output = running.output();
        expect(output).toMatch(/store: is not a PostgreSQL URL cdnops can read as meant/);
        expect(output).toContain('URL-encoded (@ → %40, / → %2F, # → %23');
        expect(pieces).toContain('w#rd');
        for (const piece of pieces) expect(output).not.toContain(piece);
        expect(output).not.toContain('host/db');
        expect(output).not.toMatch(/^\s+at /m);
      },
    );
  });

  describe('with a valid config and environment', () => {
    let slack: SlackStandin;

    async function startValid(): Promise<{ running: Running; port: number }> {
      slack = await startSlackStandin({ botToken: BOT_TOKEN });
      cleanups.push(() => slack.close());
      const port = await freePort();
      const running = startServer({
        CDNOPS_CONFIG: writeConfig(VALID_CONFIG),
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        PORT: String(port),
        TENCENT_SECRET_ID: 'AKIDstartuptest000000000000000000',
        TENCENT_SECRET_KEY: 'startup-tencent-key-RECOGNISABLE-0000',
      });
      await running.waitForOutput((output) => output.includes('"msg":"cdnops started"'), START_TIMEOUT_MS);
      return { running, port };
    }

    it('serves GET /healthz on PORT, having checked its token with Slack', async () => {
      const { running, port } = await startValid();

      const response = await fetch(`http://127.0.0.1:${port}/healthz`);

      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ ok: true });
      expect(slack.calls.map((call) => [call.method, call.error])).toEqual([['auth.test', undefined]]);
      expect(running.output()).toContain(`"port":${port}`);
    });

    it('exits 0 on SIGTERM, with no secret in anything it printed', async () => {
      const { running } = await startValid();

      running.child.kill('SIGTERM');
      const { code, signal } = await exitWithin(running, START_TIMEOUT_MS);

      expect({ code, signal }).toEqual({ code: 0, signal: null });
      const output = running.output();
      expect(output).toContain('"msg":"stopping"');
      for (const secret of [BOT_TOKEN, SIGNING_SECRET, 'startup-tencent-key-RECOGNISABLE-0000']) {
        expect(output).not.toContain(secret);
      }
    });
  });
});
