/**
 * `npm run demo`: a terminal chat with the real bot and, in the same process on the same running app, the web
 * playground that draws the bot's Block Kit as Slack would. See start-demo.ts for what runs, terminal-chat.ts for the
 * chat and web/ for the page.
 */
import type { Readable, Writable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '../src/clock.ts';
import { DEMO_CHANNELS, DEMO_USERS } from './demo-world.ts';
import { startDemo } from './start-demo.ts';
import { CONTROLS, printChanges, runTerminalChat, terminalSeat } from './terminal-chat.ts';
import { type Playground, startPlayground } from './web/start-playground.ts';

export interface DemoOptions {
  input: Readable;
  output: Writable;
  clock: Clock;
  /** Prompts and colours for a person at a terminal; off when input is piped. */
  interactive: boolean;
  /** How long sandbox tasks and domain changes take (clock time). */
  taskDurationMs?: number;
  /** Upper bound on waiting for followed tasks once input ends. */
  settleTimeoutMs?: number;
  /** Serve the web playground on 127.0.0.1 (port 0: any free one); off unless given. */
  web?: { port?: number; onReady?: (url: string) => void };
  /**
   * Stops the demo. With the web playground on and a person at the terminal, the demo keeps serving the page after
   * the terminal's input closes, until this is aborted or `:quit` is typed.
   */
  signal?: AbortSignal;
}

export async function runDemo(options: DemoOptions): Promise<void> {
  const { output } = options;
  const write = (text: string) => output.write(`${text}\n`);
  const demo = await startDemo({
    clock: options.clock,
    taskDurationMs: options.taskDurationMs ?? 6_000,
    log: write,
  });
  let playground: Playground | undefined;
  if (options.web) {
    playground = await startPlayground({
      demo,
      people: DEMO_USERS,
      channels: DEMO_CHANNELS,
      timezone: demo.timezone,
      examples: [
        `/cdn check ${demo.checkableUrls.join(' ')}`,
        `/cdn purge ${demo.checkableUrls[0]} --verify`,
      ],
      alerts: {
        domains: demo.incidentDomains,
        channel: demo.alertChannel,
        incident: (domain) => demo.incident(domain),
        recover: (domain) => demo.recover(domain),
      },
      now: () => options.clock.now(),
      port: options.web.port ?? 0,
      note: (line) => write(`[page] ${line}`),
    });
  }

  write(
    [
      'cdnops demo: the real bot against local Tencent Cloud and Wangsu sandboxes and a stand-in for Slack. No account, no network.',
      'Type a command such as `/cdn hosts`, `/cdn purge https://www.example.com/app.js https://cdn.example.cn/app.js`, `/cdn access www.example.cn` or `/cdn help`.',
      'Changes wait for a second person: `:as operator`, `/cdn offline img.example.com`, then `:as admin2` and `:click Approve`.',
      `Check what the edges serve: \`/cdn check ${demo.checkableUrls.join(' ')}\`; then \`:publish ${demo.checkableUrls[0]}\`, check again (stale), \`/cdn purge ${demo.checkableUrls[0]} --verify\` and \`:finish\`.`,
      CONTROLS,
      ...(playground
        ? [
            `Web playground: ${playground.url} — the same bot, with its buttons, modals and App Home; what you do there shows here too.`,
          ]
        : []),
    ].join('\n'),
  );
  if (playground) options.web?.onReady?.(playground.url);

  const seat = terminalSeat();
  const unsubscribe = printChanges({ demo, seat, write, color: options.interactive });
  const end = await runTerminalChat({
    demo,
    seat,
    input: options.input,
    write,
    prompt: (text) => output.write(text),
    interactive: options.interactive,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  // A person at a terminal who closes its input (Ctrl-D) may still be using the page; piped input that ends means
  // the script is done, so the demo ends as it always has.
  if (end === 'ended' && playground && options.signal && options.interactive) {
    write(`Input closed; the web playground is still at ${playground.url}. Stop with Ctrl-C.`);
    await abortion(options.signal);
  }

  // Piped input ends before purges finish: wait so the edited messages are shown too. The bound is a watchdog on
  // this process in real time, not part of the bot's logic, so it does not use the injected clock.
  // After Ctrl-C nobody is left to read them, so there is no wait then.
  const settleMs = options.signal?.aborted ? 0 : (options.settleTimeoutMs ?? 60_000);
  await Promise.race([demo.bot.services.follower.idle(), delay(settleMs, undefined, { ref: false })]);
  unsubscribe();
  await playground?.close();
  await demo.stop();
}

function abortion(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
