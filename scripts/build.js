#!/usr/bin/env node
/**
 * `npm run build`: two builds in dist/, emptied first so a deleted source leaves no module behind.
 *
 * - dist/src, dist/sandbox, dist/demo: tsc (tsconfig.build.json) compiles src/, sandbox/ and demo/ file by file,
 *   type-checking on the way, plus the web playground's static files beside the module that serves them. The layout
 *   stays the sources' own, so `import.meta.url` paths (static files, package.json) resolve the same from src/ and
 *   dist/. `npx cdnops` and `npm run demo` run from here.
 * - dist/bot: the bot `npm start` runs, bundled by esbuild with its pure-JavaScript dependencies (scripts/bundle-bot.js
 *   says how and why). Issue 20's footprint goals are about its start-up: loading some 900 files one by one, each
 *   resolved, read and source-mapped on its own, was about half of what start-up cost beyond a bare Bolt app's. No
 *   module of the bot reads a file beside itself (`new URL(…, import.meta.url)`), which a bundle would move;
 *   test/architecture/bot-bundle.test.ts keeps it so.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleBot } from './bundle-bot.js';

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
try {
  await bundleBot(root);
} catch (error) {
  process.stderr.write(`cdnops build: bundling the bot failed (above); dist/bot is incomplete.\n${error}\n`);
  process.exit(1);
}
// Written last: test/support/ensure-build.ts compares the sources' times with this file's to spot a stale build.
writeFileSync(join(dist, 'BUILT'), `${new Date().toISOString()}\n`);
