/**
 * `/cdn hosts` over 1,234 Tencent domains, the domain list read afresh each time (the inventory emptied first),
 * against Tencent's official Node SDK (tencentcloud-sdk-nodejs-cdn, a dev dependency) paging DescribeDomains to the
 * end at its largest page (1,000), both against one Tencent sandbox in a world process whose every call takes 50 ms.
 * Rounds alternate between the two; the figures are medians.
 *
 * The SDK names the TC3 service after the endpoint's first label and signs the endpoint's host name without a port
 * (while its Host header carries one), so it is given Tencent's own name, `cdn.tencentcloudapi.com`, on plain HTTP,
 * and an agent that connects every request to the sandbox on 127.0.0.1: the signature is checked exactly as for
 * cdnops, and nothing leaves the machine.
 */
import { Agent } from 'node:http';
import { createConnection } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import tencentcloud from 'tencentcloud-sdk-nodejs-cdn';
import { runCommand } from '../src/dispatch/run-command.ts';
import type { Reply } from '../src/messaging/message.ts';
import { type BenchRow, ms } from './bench-row.ts';
import { median } from './percentile.ts';
import { startBotInWorld } from './start-bench-bot.ts';
import { BENCH_CHANNEL, BENCH_USER } from './start-bench-sandboxes.ts';
import { startWorldProcess } from './start-world-process.ts';

const DOMAINS = 1234;
const LATENCY_MS = 50;
const ROUNDS = 5;
/** DescribeDomains answers at most 1,000 domains a call (tencent-cdn.md). */
const SDK_PAGE = 1000;

/** Connects every request to the sandbox, whatever host its URL names: a hosts-file entry plus a port mapping. */
class SandboxAgent extends Agent {
  constructor(private readonly port: number) {
    super({ keepAlive: true });
  }

  // Returning the socket (rather than calling back) is what Node's own agent does.
  override createConnection(): Duplex {
    return createConnection({ host: '127.0.0.1', port: this.port });
  }
}

function sdkClient(endpointUrl: string, credentials: { secretId: string; secretKey: string }) {
  return new tencentcloud.cdn.v20180606.Client({
    credential: credentials,
    profile: {
      httpProfile: {
        endpoint: 'cdn.tencentcloudapi.com',
        protocol: 'http://',
        agent: new SandboxAgent(Number(new URL(endpointUrl).port)),
      },
    },
  });
}

async function sdkListAll(client: ReturnType<typeof sdkClient>): Promise<number> {
  let listed = 0;
  for (let offset = 0; ; offset += SDK_PAGE) {
    const page = await client.DescribeDomains({ Offset: offset, Limit: SDK_PAGE });
    listed += page.Domains?.length ?? 0;
    if ((page.Domains?.length ?? 0) < SDK_PAGE || listed >= (page.TotalNumber ?? 0)) return listed;
  }
}

export async function measureHosts(): Promise<BenchRow[]> {
  const world = await startWorldProcess({
    tencentDomains: Array.from({ length: DOMAINS }, (_, i) => `h${i}.bench.example.com`),
    wangsuDomains: [],
    latencyMs: LATENCY_MS,
  });
  const bot = await startBotInWorld(world);
  try {
    const account = (
      world.config.providers as Record<string, { endpoint: string; secretId: string; secretKey: string }>
    )['tencent-bench']!;
    const sdk = sdkClient(account.endpoint, account);
    const hosts = async (): Promise<number> => {
      bot.services.inventory.invalidate();
      const replies: Reply[] = [];
      const started = performance.now();
      await runCommand(
        { text: 'hosts', tokens: ['hosts'], userId: BENCH_USER, channelId: BENCH_CHANNEL },
        bot.services,
        async (reply) => {
          replies.push(reply);
        },
      );
      const elapsed = performance.now() - started;
      const text = replies.at(-1)?.text ?? '';
      if (!text.includes(DOMAINS.toLocaleString('en-US')) && !text.includes(String(DOMAINS))) {
        throw new Error(`hosts did not list ${DOMAINS} domains: ${text.slice(0, 200)}`);
      }
      return elapsed;
    };
    const sdkTimed = async (): Promise<number> => {
      const started = performance.now();
      const listed = await sdkListAll(sdk);
      const elapsed = performance.now() - started;
      if (listed !== DOMAINS) throw new Error(`the SDK listed ${listed} domains, not ${DOMAINS}`);
      return elapsed;
    };
    // Both warm up once (JIT, connections), outside the figures.
    await sdkTimed();
    await hosts();
    const since = (await world.tencentCalls()).length;
    const cdnopsTimes: number[] = [];
    const sdkTimes: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      sdkTimes.push(await sdkTimed());
      cdnopsTimes.push(await hosts());
    }
    const calls = await world.tencentCalls(since);
    const refused = calls.filter((call) => call.errorCode !== undefined).length;
    const perRound = (calls.length / ROUNDS / 2).toFixed(0);
    return [
      {
        measure: `\`/cdn hosts\` over ${DOMAINS.toLocaleString('en-US')} Tencent domains, list read afresh, ${LATENCY_MS} ms per call (median of ${ROUNDS})`,
        cdnops: ms(median(cdnopsTimes)),
        baseline: `${ms(median(sdkTimes))} (official Node SDK paging DescribeDomains by ${SDK_PAGE}; ${perRound} calls each on average, ${refused} refused)`,
        ratio: median(cdnopsTimes) / median(sdkTimes),
        goal: '≤ 1.50',
      },
    ];
  } finally {
    await bot.stop();
    await world.close();
  }
}
