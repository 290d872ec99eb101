// Shared by the bin/ entry points: runs a module of the compiled build in dist/ (`npm run build`, which `npm ci` runs
// through `prepare`), with source maps on so stack traces point at the .ts lines.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `module` is relative to dist/, e.g. `src/main.js`. */
export async function runCompiled(module) {
  const url = new URL(`../dist/${module}`, import.meta.url);
  if (!existsSync(fileURLToPath(url))) {
    process.stderr.write(
      `cdnops is not built: dist/${module} is missing. Run \`npm run build\` (\`npm ci\` does it for you).\n`,
    );
    process.exit(1);
  }
  // Same as `node --enable-source-maps`, which `npx cdnops` cannot pass; it applies to modules loaded from here on.
  process.setSourceMapsEnabled(true);
  await import(url.href);
}
