/**
 * `npm run bench`: measures cdnops against baselines taken in the same run and prints one markdown table. Everything
 * runs on 127.0.0.1 against the sandboxes and the Slack stand-in, on the real clock, with 50 ms of injected provider
 * latency. Each figure's ratio is cdnops ÷ its baseline (lower is better).
 */
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { type BenchRow, formatTable } from './bench-row.ts';
import { measureAck } from './measure-ack.ts';
import { measureCheck } from './measure-check.ts';
import { measureDigest } from './measure-digest.ts';
import { measureFootprint } from './measure-footprint.ts';
import { measureHosts } from './measure-hosts.ts';
import { measurePurge } from './measure-purge.ts';
import { measurePurgeCli } from './measure-purge-cli.ts';
import { measureReplicas } from './measure-replicas.ts';
import { measureStats } from './measure-stats.ts';

const STEPS: readonly [string, () => Promise<BenchRow[]>][] = [
  ['ack latency', measureAck],
  ['purge fan-out', measurePurge],
  ['purge cli', measurePurgeCli],
  ['stats all', measureStats],
  ['digest', measureDigest],
  ['hosts', measureHosts],
  ['footprint', measureFootprint],
  ['replicas', measureReplicas],
  ['check', measureCheck],
  ['alerts', async () => (await import('./measure-alerts.ts')).measureAlerts()],
];

// `npm run bench -- ack replicas` runs only the steps whose names start with the words given.
const wanted = process.argv.slice(2);
const steps = STEPS.filter(([name]) => wanted.length === 0 || wanted.some((word) => name.startsWith(word)));
const started = performance.now();
const rows: BenchRow[] = [];
for (const [name, measure] of steps) {
  const stepStarted = performance.now();
  process.stderr.write(`bench: ${name}…`);
  rows.push(...(await measure()));
  process.stderr.write(` ${((performance.now() - stepStarted) / 1000).toFixed(1)} s\n`);
}
const cpu = cpus();
process.stdout.write(
  `${formatTable(rows)}\n\n${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}; ` +
    `bench took ${((performance.now() - started) / 1000).toFixed(0)} s.\n`,
);
