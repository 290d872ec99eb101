/**
 * The timed half of the stats and digest rows: the command run once as a warm-up (so the sandbox answers the timed
 * run from the model it worked out, as Tencent answers from statistics it keeps), a pause for Tencent's window to
 * forget the warm-up's calls, a full garbage collection in both processes (collect-garbage.ts), then the timed run,
 * with the bot's and the world's CPU and the calls Tencent received.
 */
import { performance } from 'node:perf_hooks';
import type { RunningCdnops } from '../src/app/start-cdnops.ts';
import { runCommand } from '../src/dispatch/run-command.ts';
import type { Reply } from '../src/messaging/message.ts';
import { ms } from './bench-row.ts';
import { collectGarbage } from './collect-garbage.ts';
import { processCpuMs } from './cpu-time.ts';
import { PACING_WINDOW_MS, untilMinuteLeft } from './fresh-minute.ts';
import { BENCH_CHANNEL, BENCH_USER } from './start-bench-sandboxes.ts';
import type { WorldProcess } from './start-world-process.ts';
import type { WorldCall } from './world-protocol.ts';

export interface TimedCommand {
  wall: number;
  /** `bot CPU …, sandbox CPU …` for the timed run. */
  cpu: string;
  /** The text of the command's last reply. */
  reply: string;
  /** What Tencent received during the timed run. */
  received: WorldCall[];
}

export async function timeCommandInWorld(
  world: WorldProcess,
  bot: RunningCdnops,
  words: readonly string[],
  warmUpAndRunMs: number,
): Promise<TimedCommand> {
  // The domain list is read (and cached) by any command; the command is what is measured.
  await runCommand(
    { text: 'hosts', userId: BENCH_USER, channelId: BENCH_CHANNEL },
    bot.services,
    async () => {},
  );
  const command = { text: words.join(' '), tokens: [...words], userId: BENCH_USER, channelId: BENCH_CHANNEL };
  await untilMinuteLeft(warmUpAndRunMs);
  await runCommand(command, bot.services, async () => {});
  await new Promise((resolve) => setTimeout(resolve, PACING_WINDOW_MS));
  // Both processes start the timed run on a collected heap, as an idle bot and an idle Tencent would.
  await world.collectGarbage();
  collectGarbage();
  const since = (await world.tencentCalls()).length;
  const replies: Reply[] = [];
  const worldCpu = await world.cpuMs();
  const botCpu = processCpuMs();
  const started = performance.now();
  await runCommand(command, bot.services, async (reply) => {
    replies.push(reply);
  });
  const wall = performance.now() - started;
  const cpu = `bot CPU ${ms(processCpuMs() - botCpu)}, sandbox CPU ${ms((await world.cpuMs()) - worldCpu)}`;
  return { wall, cpu, reply: replies.at(-1)?.text ?? '', received: await world.tencentCalls(since) };
}
