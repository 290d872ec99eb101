import { systemClock } from '../clock.ts';
import { runCli } from './run-cli.ts';

process.exitCode = await runCli({
  argv: process.argv.slice(2),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  clock: systemClock,
  color: Boolean(process.stdout.isTTY),
});
