/**
 * Ack latency: 200 concurrent signed `/cdn hosts` requests, timed from sending to the HTTP answer, against the bot
 * and against a bare Bolt app that only acknowledges, each running as `npm start` would in a process of its own.
 * Rounds alternate between the two; each bot round ends once all its answers (response_url posts) have arrived,
 * so the work after the ack is done inside the round it belongs to.
 */
import { sendSignedToApp, slashCommandBody } from '../src/sandbox/slack/index.ts';
import { type BenchRow, ms } from './bench-row.ts';
import { percentile } from './percentile.ts';
import { type SpawnedServer, spawnServer } from './spawn-server.ts';
import {
  BENCH_CHANNEL,
  BENCH_SIGNING_SECRET,
  BENCH_USER,
  type BenchSandboxes,
  startBenchSandboxes,
} from './start-bench-sandboxes.ts';

const CONCURRENT = 200;
const ROUNDS = 5;
const WARM_UP = 50;
const LATENCY_MS = 50;
const ANSWERS_TIMEOUT_MS = 60_000;

/** Sends `count` commands at once; resolves with each one's time to its HTTP answer. */
async function burst(sandboxes: BenchSandboxes, server: SpawnedServer, count: number): Promise<number[]> {
  const bodies = Array.from({ length: count }, () =>
    slashCommandBody({
      text: 'hosts',
      userId: BENCH_USER,
      channelId: BENCH_CHANNEL,
      // Each command has its own response_url, as from Slack; identical bodies would be ignored as retries.
      responseUrl: sandboxes.slack.responseUrl(undefined, { channel: BENCH_CHANNEL, user: BENCH_USER }),
    }),
  );
  const answers = await Promise.all(
    bodies.map((body) => sendSignedToApp(server.appUrl, BENCH_SIGNING_SECRET, body)),
  );
  const refused = answers.filter((answer) => answer.status !== 200);
  if (refused.length > 0) throw new Error(`${refused.length} requests answered HTTP ${refused[0]!.status}`);
  return answers.map((answer) => answer.ms);
}

/** Waits until the stand-in has `count` answers in all: the bot's work for the round is done. */
function answered(sandboxes: BenchSandboxes, count: number): Promise<void> {
  return sandboxes.slack.waitFor(
    (calls) => calls.filter((call) => call.method === 'response_url' && !call.error).length >= count,
    { timeoutMs: ANSWERS_TIMEOUT_MS },
  );
}

export async function measureAck(): Promise<BenchRow[]> {
  const sandboxes = await startBenchSandboxes({
    tencentDomains: [{ domain: 'www.bench.example.com' }, { domain: 'static.bench.example.com' }],
    wangsuDomains: ['cdn.bench.example.cn'],
  });
  const servers: SpawnedServer[] = [];
  try {
    sandboxes.tencent.faults.push({ kind: 'slow', delayMs: LATENCY_MS, times: Number.MAX_SAFE_INTEGER });
    sandboxes.wangsu.faults.push({ kind: 'slow', delayMs: LATENCY_MS, times: Number.MAX_SAFE_INTEGER });
    const settings = { slackApiUrl: sandboxes.slack.apiUrl, config: sandboxes.config };
    const bot = await spawnServer('cdnops', settings);
    servers.push(bot);
    const bare = await spawnServer('bare-bolt', settings);
    servers.push(bare);

    let expected = 0;
    await burst(sandboxes, bare, WARM_UP);
    await burst(sandboxes, bot, WARM_UP);
    expected += WARM_UP;
    await answered(sandboxes, expected);
    const botTimes: number[] = [];
    const bareTimes: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      bareTimes.push(...(await burst(sandboxes, bare, CONCURRENT)));
      botTimes.push(...(await burst(sandboxes, bot, CONCURRENT)));
      expected += CONCURRENT;
      await answered(sandboxes, expected);
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
    await sandboxes.close();
  }
}
