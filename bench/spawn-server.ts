/**
 * Starts cdnops (`bin/cdnops-server.js`, exactly what `npm start` runs: the compiled build in dist/) or the bare Bolt
 * baseline (bench/bare-bolt-server.ts compiled to plain JavaScript the same way) in a child process on a free port,
 * and waits until it says it is ready. A child has an event loop of its own, so the load the bench generates is not
 * counted against the server.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { ensureBuild } from '../scripts/ensure-build.ts';
import { compileBaseline } from './compile-baseline.ts';
import { BENCH_BOT_TOKEN, BENCH_SIGNING_SECRET } from './start-bench-sandboxes.ts';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const READY_TIMEOUT_MS = 30_000;

export type ServerKind = 'cdnops' | 'bare-bolt';

export interface SpawnedServer {
  /** Spawn to the ready line. */
  readyMs: number;
  appUrl: string;
  /** Resident set size now, from /proc. */
  rssBytes(): number;
  stop(): Promise<void>;
}

const READY: Readonly<Record<ServerKind, RegExp>> = {
  cdnops: /"msg":"cdnops started".*"port":(\d+)/,
  'bare-bolt': /bare bolt ready on port (\d+)/,
};

let entryPoints: Record<ServerKind, string> | undefined;

/** Built once per bench run: the bot's dist/ if a source changed, and the baseline's JavaScript. */
function entryPointOf(kind: ServerKind): string {
  if (entryPoints === undefined) {
    ensureBuild();
    entryPoints = { cdnops: 'bin/cdnops-server.js', 'bare-bolt': compileBaseline() };
  }
  return entryPoints[kind];
}

/** `config` is the cdnops config file's content; the bare app ignores it. */
export async function spawnServer(
  kind: ServerKind,
  settings: { slackApiUrl: string; config: Record<string, unknown> },
): Promise<SpawnedServer> {
  const dir = mkdtempSync(join(tmpdir(), 'cdnops-bench-'));
  const configPath = join(dir, 'cdnops.yml');
  writeFileSync(configPath, stringify(settings.config));
  const started = performance.now();
  const child = spawn(process.execPath, [entryPointOf(kind)], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmpdir(),
      TMPDIR: tmpdir(),
      SLACK_BOT_TOKEN: BENCH_BOT_TOKEN,
      SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET,
      SLACK_API_URL: settings.slackApiUrl,
      PORT: '0',
      CDNOPS_CONFIG: configPath,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const port = await waitForReady(child, READY[kind]);
    return {
      readyMs: performance.now() - started,
      appUrl: `http://127.0.0.1:${port}/slack/events`,
      rssBytes: () => rssOf(child),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function waitForReady(child: ChildProcess, ready: RegExp): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`not ready after ${READY_TIMEOUT_MS} ms:\n${output}`)),
      READY_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const port = ready.exec(output)?.[1];
      if (port) {
        clearTimeout(timer);
        // Keep draining the pipes so a chatty child never blocks on a full one.
        child.stdout!.removeListener('data', onData);
        child.stderr!.removeListener('data', onData);
        child.stdout!.resume();
        child.stderr!.resume();
        resolve(Number(port));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before it was ready:\n${output}`));
    });
  });
}

/** VmRSS from /proc: what the kernel counts as resident for this process. */
function rssOf(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (!kib) throw new Error('no VmRSS in /proc status');
  return Number(kib) * 1024;
}
