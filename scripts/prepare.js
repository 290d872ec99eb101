#!/usr/bin/env node
/**
 * npm's `prepare` (run after `npm ci`/`npm install` in this folder, and by `npm pack`): builds dist/ when the sources
 * and TypeScript are here, so `npm ci && npm run demo` stays the two-command start. A production install
 * (`npm ci --omit=dev`) has no TypeScript: from a packed tarball dist/ ships ready, so there is nothing to do; from a
 * git clone nothing can build it, so the install stops and says what to do instead of leaving an `npm start` that
 * cannot start.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = new URL('..', import.meta.url);
const has = (path) => existsSync(fileURLToPath(new URL(path, root)));

function typescriptInstalled() {
  try {
    createRequire(import.meta.url).resolve('typescript/bin/tsc');
    return true;
  } catch {
    return false;
  }
}

if (has('src/main.ts') && typescriptInstalled()) {
  await import('./build.js');
} else if (!has('dist/src/main.js')) {
  process.stderr.write(
    'cdnops: dist/ is missing and TypeScript is not installed (dev dependencies omitted?), so nothing can be built.\n' +
      'Either install with dev dependencies (`npm ci`), which builds dist/, or deploy the packed tarball ' +
      '(`npm pack` ships dist/) or the container image. See "Running in production" in the README.\n',
  );
  process.exit(1);
}
