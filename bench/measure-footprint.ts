/**
 * Footprint: cdnops started as `npm start` starts it (bin/cdnops-server.js, the compiled build), from spawn to its
 * "cdnops started" line, and its resident memory after 2 s idle; the baseline is the bare Bolt app compiled to plain
 * JavaScript and started the same way (`node file.js`). Each is started once to warm the file system cache, then 3
 * times measured, alternating (medians).
 */
import { type BenchRow, ms } from './bench-row.ts';
import { median } from './percentile.ts';
import { type ServerKind, spawnServer } from './spawn-server.ts';
import { startBenchSandboxes } from './start-bench-sandboxes.ts';

const RUNS = 3;
const IDLE_MS = 2_000;

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

export async function measureFootprint(): Promise<BenchRow[]> {
  const sandboxes = await startBenchSandboxes({
    tencentDomains: [{ domain: 'www.bench.example.com' }],
    wangsuDomains: ['cdn.bench.example.cn'],
  });
  const settings = { slackApiUrl: sandboxes.slack.apiUrl, config: sandboxes.config };
  async function sample(kind: ServerKind): Promise<{ readyMs: number; rssBytes: number }> {
    const server = await spawnServer(kind, settings);
    try {
      await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
      return { readyMs: server.readyMs, rssBytes: server.rssBytes() };
    } finally {
      await server.stop();
    }
  }
  try {
    await sample('cdnops');
    await sample('bare-bolt');
    const bot: { readyMs: number; rssBytes: number }[] = [];
    const bare: { readyMs: number; rssBytes: number }[] = [];
    for (let run = 0; run < RUNS; run++) {
      bot.push(await sample('cdnops'));
      bare.push(await sample('bare-bolt'));
    }
    const ready = [median(bot.map((s) => s.readyMs)), median(bare.map((s) => s.readyMs))] as const;
    const rss = [median(bot.map((s) => s.rssBytes)), median(bare.map((s) => s.rssBytes))] as const;
    return [
      {
        measure: 'Start-up: spawn to ready (`npm start`, compiled build)',
        cdnops: ms(ready[0]),
        baseline: `${ms(ready[1])} (bare Bolt app)`,
        ratio: ready[0] / ready[1],
        goal: '≤ 1.50',
      },
      {
        measure: `Idle RSS, ${IDLE_MS / 1000} s after ready`,
        cdnops: mib(rss[0]),
        baseline: `${mib(rss[1])} (bare Bolt app)`,
        ratio: rss[0] / rss[1],
        goal: '≤ 1.30 and ≤ 120 MB',
      },
    ];
  } finally {
    await sandboxes.close();
  }
}
