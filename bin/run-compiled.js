// Shared by the bin/ entry points: runs a module of the compiled build in dist/ (`npm run build`, which `npm ci` runs
// through `prepare`), with source maps on so stack traces point at the .ts lines.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';

/** V8's own default for --semi-space-growth-factor (`node --v8-options`). */
const DEFAULT_SEMI_SPACE_GROWTH = 2;

/** `module` is relative to dist/, e.g. `bot/main.js`. */
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
  // Loading the modules makes garbage that survives a scavenge or two, which V8 reads as a reason to double its young
  // generation (to 32 MiB, then kept for the life of the process, idle or not): about a fifth of the bot's idle
  // memory. The young generation does not grow while the bot starts; once started (the import resolves when
  // start-up is done), V8 sizes it for the load as usual. Set here so every way of starting cdnops (npm start,
  // npx cdnops, the container) gets it; the README's bench notes say so.
  setFlagsFromString('--semi-space-growth-factor=1');
  // undici's HTTP parser (llhttp) is WebAssembly. Soon after the first request V8 recompiles its one giant state
  // machine with TurboFan on a worker thread: about 0.2 s of CPU and a 36 MiB compiler zone, whose glibc arena then
  // holds up to 10 MiB for the life of the process (idle RSS 83 or 93 MiB from one start to the next). Liftoff's
  // baseline code only reads the headers and framing of each answer, never its body byte by byte, and parses them no
  // slower that anyone could measure (README, bench notes), so it stays at that tier for good.
  setFlagsFromString('--no-wasm-tier-up');
  setFlagsFromString('--no-wasm-dynamic-tiering');
  try {
    await import(url.href);
  } finally {
    setFlagsFromString(`--semi-space-growth-factor=${DEFAULT_SEMI_SPACE_GROWTH}`);
  }
}
