#!/usr/bin/env node
/**
 * `npm run build`: compiles src/, sandbox/ and demo/ to plain JavaScript in dist/ with tsc (tsconfig.build.json),
 * then copies the web playground's static files beside the compiled module that serves them. dist/ is emptied
 * first, so a deleted source leaves no module behind. tsc rather than a bundle: the layout stays the sources' own,
 * so `import.meta.url` paths (static files, package.json) resolve the same from src/ and dist/, and it type-checks
 * on the way.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');

rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (compiled.status !== 0) {
  process.stderr.write('cdnops build: tsc failed (above); dist/ is incomplete.\n');
  process.exit(compiled.status ?? 1);
}
cpSync(join(root, 'demo/web/static'), join(dist, 'demo/web/static'), { recursive: true });
// Written last: test/support/ensure-build.ts compares the sources' times with this file's to spot a stale build.
writeFileSync(join(dist, 'BUILT'), `${new Date().toISOString()}\n`);
