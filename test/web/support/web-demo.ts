/**
 * `npm run demo` as the browser tests use it: the same runDemo, with the web playground on port 0, a terminal whose
 * input the test holds and whose output it reads. Sandbox tasks take ten minutes unless "finish tasks now" ends
 * them, so what a test sees in progress stays in progress until it asks.
 */
import { PassThrough } from 'node:stream';
import { createDemoClock } from '../../../demo/demo-clock.ts';
import { runDemo } from '../../../demo/run-demo.ts';

export interface WebDemo {
  url: string;
  /** Everything the terminal printed so far. */
  printed(): string;
  stop(): Promise<void>;
}

export async function startWebDemo(): Promise<WebDemo> {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk: Buffer) => {
    printed += chunk.toString('utf8');
  });
  let ready: (url: string) => void = () => {};
  const url = new Promise<string>((resolve) => {
    ready = resolve;
  });
  const running = runDemo({
    input,
    output,
    clock: createDemoClock(),
    interactive: false,
    taskDurationMs: 10 * 60_000,
    settleTimeoutMs: 0,
    web: { port: 0, onReady: ready },
  });
  // A demo that fails to start rejects here rather than leaving the test waiting for a URL.
  const started = await Promise.race([url, running.then(() => undefined)]);
  if (started === undefined) throw new Error(`the demo ended before serving its page:\n${printed}`);
  return {
    url: started,
    printed: () => printed,
    async stop() {
      input.end(':quit\n');
      await running;
    },
  };
}
