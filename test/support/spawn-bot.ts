/**
 * `npm start` (bin/cdnops-server.js) in a child process against a config file, for tests that need a real process:
 * SIGKILL mid-work, several replicas on one store. Resolves once the bot says it started, with the port it bound.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { BOT_TOKEN, SIGNING_SECRET } from './start-test-bot.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Start-up (the compiled build in dist/) takes a few seconds on a busy machine. */
const START_TIMEOUT_MS = 30_000;

export interface BotProcess {
  child: ChildProcess;
  port: number;
  appUrl: string;
  healthUrl: string;
  /** `GET /readyz`: Slack reachable and the store answering. */
  readyUrl: string;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Sends the signal and resolves with how the process ended. */
  signal(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL unless it has already exited; for cleanups. */
  dispose(): Promise<void>;
}

export async function spawnBot(options: {
  configPath: string;
  slackApiUrl: string;
  env?: Record<string, string>;
}): Promise<BotProcess> {
  const child = spawn(process.execPath, ['bin/cdnops-server.js'], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmpdir(),
      TMPDIR: tmpdir(),
      CDNOPS_CONFIG: options.configPath,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: options.slackApiUrl,
      PORT: '0',
      LOG_LEVEL: 'debug',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`not started after ${START_TIMEOUT_MS} ms:\n${output}`));
    }, START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const started = /"msg":"cdnops started".*"port":(\d+)/.exec(output);
      if (started) {
        clearTimeout(timer);
        resolve(Number(started[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`exited before it started:\n${output}`));
    });
  });
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    port,
    appUrl: `http://127.0.0.1:${port}/slack/events`,
    healthUrl: `http://127.0.0.1:${port}/healthz`,
    readyUrl: `http://127.0.0.1:${port}/readyz`,
    output: () => output,
    async signal(signal) {
      if (running()) child.kill(signal);
      return exited;
    },
    async dispose() {
      if (running()) child.kill('SIGKILL');
      await exited;
    },
  };
}
