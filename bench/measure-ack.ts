/**
 * Ack latency: 200 concurrent signed `/cdn hosts` requests, timed from sending to the HTTP answer, against the bot
 * and against a bare Bolt app that only acknowledges, each running as `npm start` would in a process of its own.
 * Rounds alternate between the two; each bot round ends once all its answers (response_url posts) have arrived,
 * so the work after the ack is done inside the round it belongs to.
 * The sandboxes and the Slack stand-in run in a third process (world-process.ts), as Slack runs elsewhere.
 */
import { sendSignedToApp, slashCommandBody } from '../sandbox/slack/index.ts';
import { type BenchRow, ms } from './bench-row.ts';
import { percentile } from './percentile.ts';
import { type SpawnedServer, spawnServer } from './spawn-server.ts';
import { BENCH_CHANNEL, BENCH_SIGNING_SECRET, BENCH_USER } from './start-bench-sandboxes.ts';
import { startWorldProcess, type WorldProcess } from './start-world-process.ts';

const CONCURRENT = 200;
const ROUNDS = 5;
/**
 * A whole burst per server before anything is timed: the first burst of a fresh process pays for JIT compilation
 * and lazy set-up, once in its life, and alone it made most of the p99 (284 ms against 117 to 128 ms afterwards).
 */
const WARM_UP = 200;
const LATENCY_MS = 50;
const ANSWERS_TIMEOUT_MS = 60_000;

/** Sends `count` commands at once; resolves with each one's time to its HTTP answer. */
async function burst(world: WorldProcess, server: SpawnedServer, count: number): Promise<number[]> {
  // Each command has its own response_url, as from Slack; identical bodies would be ignored as retries.
  const responseUrls = await world.responseUrls(count);
  const bodies = responseUrls.map((responseUrl) =>
    slashCommandBody({ text: 'hosts', userId: BENCH_USER, channelId: BENCH_CHANNEL, responseUrl }),
  );
  const answers = await Promise.all(
    bodies.map((body) => sendSignedToApp(server.appUrl, BENCH_SIGNING_SECRET, body)),
  );
  const refused = answers.filter((answer) => answer.status !== 200);
  if (refused.length > 0) throw new Error(`${refused.length} requests answered HTTP ${refused[0]!.status}`);
  return answers.map((answer) => answer.ms);
}

export async function measureAck(): Promise<BenchRow[]> {
  const world = await startWorldProcess({
    tencentDomains: ['www.bench.example.com', 'static.bench.example.com'],
    wangsuDomains: ['cdn.bench.example.cn'],
    latencyMs: LATENCY_MS,
  });
  const servers: SpawnedServer[] = [];
  try {
    const settings = { slackApiUrl: world.slackApiUrl, config: world.config };
    const bot = await spawnServer('cdnops', settings);
    servers.push(bot);
    const bare = await spawnServer('bare-bolt', settings);
    servers.push(bare);

    let expected = 0;
    await burst(world, bare, WARM_UP);
    await burst(world, bot, WARM_UP);
    expected += WARM_UP;
    await world.waitAnswered(expected, ANSWERS_TIMEOUT_MS);
    const botTimes: number[] = [];
    const bareTimes: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      bareTimes.push(...(await burst(world, bare, CONCURRENT)));
      botTimes.push(...(await burst(world, bot, CONCURRENT)));
      expected += CONCURRENT;
      await world.waitAnswered(expected, ANSWERS_TIMEOUT_MS);
    }
    return [50, 99].map((p) => ({
      measure: `Ack latency p${p}: ${CONCURRENT} concurrent \`/cdn hosts\` × ${ROUNDS} rounds, ${LATENCY_MS} ms provider latency`,
      cdnops: ms(percentile(botTimes, p)),
      baseline: `${ms(percentile(bareTimes, p))} (bare Bolt app, ack only)`,
      ratio: percentile(botTimes, p) / percentile(bareTimes, p),
      goal: '≤ 1.20',
    }));
  } finally {
    for (const server of servers) await server.stop();
    await world.close();
  }
}
