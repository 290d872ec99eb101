import { systemClock } from '../clock.ts';
import { runDemo } from './run-demo.ts';

await runDemo({
  input: process.stdin,
  output: process.stdout,
  clock: systemClock,
  interactive: Boolean(process.stdin.isTTY),
});
process.exit(0);
