/**
 * The bot that `npm start` runs, as one ES module bundle in dist/bot/ (issue 20's footprint): src/main.ts with its
 * pure-JavaScript dependencies, so start-up no longer resolves, reads and wraps some 900 files one by one. Each dynamic
 * `import()` (commands, provider clients, background work) becomes a chunk of its own, loaded on first use as before.
 *
 * - Native modules stay in node_modules (better-sqlite3, and pg's optional pg-native), loaded as they were.
 * - The dependencies are CommonJS as often as not; their `require` of Node's built-ins needs a real `require` in an
 *   ES module, hence the banner.
 * - Source maps keep stack traces at .ts lines, but only for cdnops' own code: Node reads and keeps a module's
 *   whole map when it loads the module, and the dependencies' share cost start-up about 170 ms of CPU
 *   (a fifth more) and idle memory about 18 MiB. A dependency's frames point into the bundle instead.
 *   The mappings are rewritten with @jridgewell/sourcemap-codec (the codec Rollup, Vite and Babel use).
 * - Whitespace and syntax are minified (names are not): less to parse at start-up and to keep in memory.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode, encode } from '@jridgewell/sourcemap-codec';
import { build } from 'esbuild';

const NATIVE = ['better-sqlite3', 'pg-native'];
const DEPENDENCY = /(^|\/)node_modules\//;

/** Bundles src/main.ts into `<root>/dist/bot/` (main.js and its chunks). */
export async function bundleBot(root) {
  const outdir = join(root, 'dist', 'bot');
  await build({
    absWorkingDir: root,
    entryPoints: ['src/main.ts'],
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.18',
    external: NATIVE,
    banner: {
      js: "import { createRequire as __cdnopsCreateRequire } from 'node:module'; const require = __cdnopsCreateRequire(import.meta.url);",
    },
    sourcemap: 'linked',
    sourcesContent: false,
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
  });
  for (const name of readdirSync(outdir)) {
    if (!name.endsWith('.js.map')) continue;
    const file = join(outdir, name);
    writeFileSync(file, JSON.stringify(ownMappingsOnly(JSON.parse(readFileSync(file, 'utf8')))));
  }
}

/**
 * A source map (version 3) that maps cdnops' own code only: a dependency's segments become unmapped, its sources
 * and names go (the rest renumbered). Fields are relative to the previous segment's, so each segment written is
 * encoded against the previous one written.
 */
export function ownMappingsOnly(map) {
  const sourceIndex = new Map();
  const sources = [];
  map.sources.forEach((source, index) => {
    if (DEPENDENCY.test(source)) return;
    sourceIndex.set(index, sources.length);
    sources.push(source);
  });
  const names = [];
  const nameIndex = new Map();
  const renamed = (index) => {
    const name = map.names[index];
    let kept = nameIndex.get(name);
    if (kept === undefined) {
      kept = names.length;
      names.push(name);
      nameIndex.set(name, kept);
    }
    return kept;
  };
  let mapped = false;
  const lines = decode(map.mappings).map((line) =>
    line.flatMap((segment) => {
      if (segment.length === 1) return [];
      const source = sourceIndex.get(segment[1]);
      if (source === undefined) {
        // A lookup finds the nearest segment at or before a position, on this line or any before it: mark where a
        // dependency's code starts as unmapped (a segment of one field) rather than let it read as the own code
        // before it.
        if (!mapped) return [];
        mapped = false;
        return [[segment[0]]];
      }
      mapped = true;
      const [column, , line, sourceColumn] = segment;
      return [
        segment.length === 5
          ? [column, source, line, sourceColumn, renamed(segment[4])]
          : [column, source, line, sourceColumn],
      ];
    }),
  );
  // Node's parser (20.x) reads a one-field segment at the very end as if it had the previous segment's source.
  const mappings = encode(lines) + (mapped ? '' : ';');
  const { sourcesContent: _omitted, ...rest } = map;
  return { ...rest, sources, names, mappings };
}
