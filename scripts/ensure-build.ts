/**
 * Keeps dist/ in step with the sources for whatever runs the compiled bot (the bin/ entry points): vitest's global
 * setup and the bench call it first. A build older than any file it is made from (src/, sandbox/, demo/, the
 * tsconfigs, the lockfile, the build scripts) is redone, so a test never passes or fails on yesterday's JavaScript.
 * Fresh: a directory walk, a few ms.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// The bot's bundle (dist/bot) carries its dependencies' code, so a changed lockfile or build script makes it stale too.
const INPUTS = [
  'src',
  'sandbox',
  'demo',
  'tsconfig.json',
  'tsconfig.build.json',
  'package-lock.json',
  'scripts/build.js',
  'scripts/bundle-bot.js',
];

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

function builtAt(): number | undefined {
  try {
    return statSync(join(ROOT, 'dist', 'BUILT')).mtimeMs;
  } catch {
    return undefined;
  }
}

export function ensureBuild(): void {
  const built = builtAt();
  const newest = Math.max(...INPUTS.map((input) => newestMtime(join(ROOT, input))));
  if (built !== undefined && built >= newest) return;
  process.stderr.write(
    `${built === undefined ? 'dist/ is missing' : 'dist/ is older than the sources'}: running npm run build…\n`,
  );
  const result = spawnSync(process.execPath, ['scripts/build.js'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run build failed (see above)');
}

/** vitest's globalSetup entry. */
export default function setup(): void {
  ensureBuild();
}
