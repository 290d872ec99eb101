import { systemClock } from '../clock.ts';
import { runCli } from './run-cli.ts';

process.exitCode = await runCli({
  argv: process.argv.slice(2),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  clock: systemClock,
  // https://no-color.org: colour only on a terminal, and never when NO_COLOR is set to anything.
  color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
});
