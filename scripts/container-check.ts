/**
 * The running half of scripts/container-check.sh: starts the provider sandboxes and the Slack stand-in on this host,
 * runs the image on the host network against them (HTTP mode, SQLite store in the /data volume), waits until it is
 * ready, runs `/cdn hosts` through it as Slack would, checks the image's HEALTHCHECK and user, then sends SIGTERM and
 * expects exit 0 within shutdownGrace. Every failure says which step and shows the container's output.
 *
 *   npx tsx scripts/container-check.ts <image>
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import {
  BENCH_BOT_TOKEN,
  BENCH_CHANNEL,
  BENCH_SIGNING_SECRET,
  BENCH_USER,
  startBenchSandboxes,
} from '../bench/start-bench-sandboxes.ts';

const image = process.argv[2] ?? 'localhost/cdnops:ci';
const SHUTDOWN_GRACE_S = 10;
/** podman's own teardown after the process exits (conmon, the volume, --rm) on top of shutdownGrace. */
const PODMAN_TEARDOWN_S = 10;
const READY_TIMEOUT_MS = 60_000;
const DOMAINS = { tencent: 'www.container.example.com', wangsu: 'cdn.container.example.cn' };

class CheckFailed extends Error {}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

function podman(...args: string[]): { status: number | null; out: string } {
  const result = spawnSync('podman', args, { encoding: 'utf8' });
  return { status: result.status, out: `${result.stdout}${result.stderr}`.trim() };
}

async function statusOf(url: string): Promise<number | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.body?.cancel();
    return response.status;
  } catch {
    return undefined;
  }
}

const started = performance.now();
const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
const say = (line: string) => process.stdout.write(`container check [${seconds()} s]: ${line}\n`);

const world = await startBenchSandboxes({
  tencentDomains: [{ domain: DOMAINS.tencent }],
  wangsuDomains: [DOMAINS.wangsu],
});
const dir = mkdtempSync(join(tmpdir(), 'cdnops-container-'));
const name = `cdnops-check-${process.pid}`;
let container: ChildProcess | undefined;
let output = '';
try {
  const port = await freePort();
  const configPath = join(dir, 'cdnops.yml');
  writeFileSync(
    configPath,
    stringify({ ...world.config, store: '/data/cdnops.db', shutdownGrace: `${SHUTDOWN_GRACE_S}s` }),
  );
  // The container runs as its own non-root user: it must be able to read the mounted file.
  chmodSync(dir, 0o755);
  chmodSync(configPath, 0o644);

  container = spawn(
    'podman',
    [
      'run',
      '--rm',
      '--name',
      name,
      '--network',
      'host',
      '--volume',
      `${configPath}:/app/cdnops.yml:ro`,
      '--env',
      `SLACK_BOT_TOKEN=${BENCH_BOT_TOKEN}`,
      '--env',
      `SLACK_SIGNING_SECRET=${BENCH_SIGNING_SECRET}`,
      '--env',
      `SLACK_API_URL=${world.slack.apiUrl}`,
      '--env',
      `PORT=${port}`,
      image,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  container.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  container.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
    container!.once('exit', (code) => resolve({ code, at: performance.now() })),
  );
  let exit: { code: number | null; at: number } | undefined;
  void exited.then((value) => (exit = value));
  say(`started ${image} as ${name}, HTTP mode on port ${port}`);

  // Ready: /readyz where the image has it, else PRODUCT.md's /healthz.
  const base = `http://127.0.0.1:${port}`;
  let probe = '/readyz';
  for (const deadline = Date.now() + READY_TIMEOUT_MS; ; ) {
    if (exit) throw new CheckFailed(`the container exited with ${exit.code} before it was ready`);
    if (Date.now() > deadline) throw new CheckFailed(`not ready after ${READY_TIMEOUT_MS / 1000} s`);
    const status = await statusOf(`${base}${probe}`);
    if (status === 404 && probe === '/readyz') probe = '/healthz';
    else if (status === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  say(`ready (${probe} answered 200)`);

  const health = podman('healthcheck', 'run', name);
  if (health.status !== 0)
    throw new CheckFailed(`the image's HEALTHCHECK failed: ${health.out || `exit ${health.status}`}`);
  const user = podman('exec', name, 'id', '-u');
  if (user.status !== 0 || user.out === '0')
    throw new CheckFailed(`cdnops runs as uid ${user.out}, not a non-root user`);
  say(`HEALTHCHECK passes; cdnops runs as uid ${user.out}`);

  const sent = await world.slack.sendCommand(`${base}/slack/events`, BENCH_SIGNING_SECRET, {
    text: 'hosts',
    userId: BENCH_USER,
    channelId: BENCH_CHANNEL,
  });
  if (sent.status !== 200) throw new CheckFailed(`/cdn hosts: HTTP ${sent.status} ${sent.body}`);
  const answered = await world.slack
    .waitFor(
      (_calls, messages) =>
        messages.some((message) =>
          Object.values(DOMAINS).every((domain) => JSON.stringify(message).includes(domain)),
        ),
      { timeoutMs: 20_000 },
    )
    .then(
      () => true,
      () => false,
    );
  if (!answered) {
    throw new CheckFailed(
      `/cdn hosts: no reply naming ${Object.values(DOMAINS).join(' and ')}; Slack saw: ${JSON.stringify(world.slack.messages).slice(0, 2_000)}`,
    );
  }
  const store = podman('exec', name, 'ls', '/data');
  if (!store.out.includes('cdnops.db'))
    throw new CheckFailed(`no SQLite store in the /data volume: ${store.out}`);
  say("/cdn hosts answered with both accounts' domains; the store is in /data");

  const termAt = performance.now();
  const kill = podman('kill', '--signal', 'TERM', name);
  if (kill.status !== 0) throw new CheckFailed(`podman kill --signal TERM: ${kill.out}`);
  const limitMs = (SHUTDOWN_GRACE_S + PODMAN_TEARDOWN_S) * 1000;
  const ended = await Promise.race([
    exited,
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), limitMs)),
  ]);
  if (ended === undefined) throw new CheckFailed(`still running ${limitMs / 1000} s after SIGTERM`);
  const tookS = ((ended.at - termAt) / 1000).toFixed(1);
  if (ended.code !== 0) throw new CheckFailed(`exited with ${ended.code} after SIGTERM (in ${tookS} s)`);
  if (!/"msg":"stopping".*"signal":"SIGTERM"/.test(output)) {
    throw new CheckFailed('exited 0 but never logged that SIGTERM reached it');
  }
  say(
    `SIGTERM: cdnops stopped and the container exited 0 in ${tookS} s (shutdownGrace ${SHUTDOWN_GRACE_S} s)`,
  );
  say('passed');
} catch (error) {
  process.stderr.write(
    `container check FAILED [${seconds()} s]: ${error instanceof Error ? error.message : String(error)}\n` +
      `--- container output ---\n${output}\n------------------------\n`,
  );
  if (!(error instanceof CheckFailed) && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exitCode = 1;
} finally {
  if (container && container.exitCode === null) podman('rm', '--force', '--time', '0', name);
  await world.close();
  rmSync(dir, { recursive: true, force: true });
}
