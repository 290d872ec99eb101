import { parseArgs } from 'node:util';
import { createDemoClock } from './demo-clock.ts';
import { runDemo } from './run-demo.ts';

function readArgs() {
  try {
    return parseArgs({
      options: {
        // `--no-web` turns the page off (parseArgs reads it as `web: false`).
        web: { type: 'boolean', default: true },
        port: { type: 'string', default: '0' },
      },
      allowNegative: true,
    }).values;
  } catch (error) {
    process.stderr.write(
      `${error instanceof Error ? error.message : String(error)}\nUsage: npm run demo -- [--no-web] [--port <port>]\n`,
    );
    process.exit(2);
  }
}

const values = readArgs();
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  process.stderr.write(`--port must be a port number, not ${values.port}\n`);
  process.exit(2);
}

// Ctrl-C and a service manager's TERM stop the demo cleanly: its store lives in a temporary directory.
const stop = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort());

await runDemo({
  input: process.stdin,
  output: process.stdout,
  clock: createDemoClock(),
  interactive: Boolean(process.stdin.isTTY),
  ...(values.web ? { web: { port } } : {}),
  signal: stop.signal,
});
process.exit(0);
