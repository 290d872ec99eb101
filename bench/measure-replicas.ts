/**
 * Replicas: 200 concurrent signed `/cdn hosts` spread round-robin over 3 cdnops processes sharing one PostgreSQL
 * database, against 1 process on its embedded SQLite store, both as `npm start` runs them. Ack p50/p99 as a ratio:
 * what the shared store and the extra processes cost (or save) a team's commands. PostgreSQL is a throwaway
 * cluster (test/support/postgres-cluster.ts); without server binaries the row says so instead of a figure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sendSignedToApp, slashCommandBody } from '../sandbox/slack/index.ts';
import { findPostgres, startPostgresCluster } from '../test/support/postgres-cluster.ts';
import { type BenchRow, ms } from './bench-row.ts';
import { percentile } from './percentile.ts';
import { type SpawnedServer, spawnServer } from './spawn-server.ts';
import { BENCH_CHANNEL, BENCH_SIGNING_SECRET, BENCH_USER } from './start-bench-sandboxes.ts';
import { startWorldProcess, type WorldProcess } from './start-world-process.ts';

const CONCURRENT = 200;
const ROUNDS = 5;
const WARM_UP = 60;
const REPLICAS = 3;
const LATENCY_MS = 50;
const ANSWERS_TIMEOUT_MS = 60_000;

/** Sends `count` commands at once, the i-th to server i mod n; resolves with each one's time to its HTTP answer. */
async function burst(
  world: WorldProcess,
  servers: readonly SpawnedServer[],
  count: number,
): Promise<number[]> {
  const responseUrls = await world.responseUrls(count);
  const answers = await Promise.all(
    responseUrls.map((responseUrl, index) =>
      sendSignedToApp(
        servers[index % servers.length]!.appUrl,
        BENCH_SIGNING_SECRET,
        slashCommandBody({ text: 'hosts', userId: BENCH_USER, channelId: BENCH_CHANNEL, responseUrl }),
      ),
    ),
  );
  const refused = answers.filter((answer) => answer.status !== 200);
  if (refused.length > 0) throw new Error(`${refused.length} requests answered HTTP ${refused[0]!.status}`);
  return answers.map((answer) => answer.ms);
}

export async function measureReplicas(): Promise<BenchRow[]> {
  const source = findPostgres();
  if (!source) {
    return [
      {
        measure: `Replicas: ${REPLICAS} on PostgreSQL vs 1 on SQLite`,
        cdnops: 'not measured: no PostgreSQL server binaries (apt-get install postgresql)',
        baseline: '',
        ratio: Number.NaN,
      },
    ];
  }
  const cluster = await startPostgresCluster(source);
  const world = await startWorldProcess({
    tencentDomains: ['www.bench.example.com', 'static.bench.example.com'],
    wangsuDomains: ['cdn.bench.example.cn'],
    latencyMs: LATENCY_MS,
  });
  const dir = mkdtempSync(join(tmpdir(), 'cdnops-bench-replicas-'));
  const servers: SpawnedServer[] = [];
  try {
    const databaseUrl = await cluster.createDatabase();
    const start = (store: string) =>
      spawnServer('cdnops', { slackApiUrl: world.slackApiUrl, config: { ...world.config, store } }).then(
        (server) => {
          servers.push(server);
          return server;
        },
      );
    const single = [await start(join(dir, 'cdnops.db'))];
    const replicas: SpawnedServer[] = [];
    for (let index = 0; index < REPLICAS; index++) replicas.push(await start(databaseUrl));

    let expected = 0;
    for (const group of [single, replicas]) {
      await burst(world, group, WARM_UP);
      expected += WARM_UP;
    }
    await world.waitAnswered(expected, ANSWERS_TIMEOUT_MS);
    const replicaTimes: number[] = [];
    const singleTimes: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      singleTimes.push(...(await burst(world, single, CONCURRENT)));
      replicaTimes.push(...(await burst(world, replicas, CONCURRENT)));
      expected += 2 * CONCURRENT;
      await world.waitAnswered(expected, ANSWERS_TIMEOUT_MS);
    }
    return [50, 99].map((p) => ({
      measure: `Replicas, ack p${p}: ${CONCURRENT} concurrent \`/cdn hosts\` over ${REPLICAS} replicas on PostgreSQL × ${ROUNDS} rounds`,
      cdnops: ms(percentile(replicaTimes, p)),
      baseline: `${ms(percentile(singleTimes, p))} (1 process on SQLite)`,
      ratio: percentile(replicaTimes, p) / percentile(singleTimes, p),
    }));
  } finally {
    for (const server of servers) await server.stop();
    await world.close();
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
