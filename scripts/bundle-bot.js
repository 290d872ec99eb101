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
 * - Whitespace and syntax are minified (names are not): less to parse at start-up and to keep in memory.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((char, value) => [char, value]));

/** One segment of a source map's `mappings`: its base64 VLQ fields (relative values, as written). */
function decodeSegment(segment) {
  const fields = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = DIGIT.get(char);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return fields;
}

function encodeField(number) {
  let value = number < 0 ? (-number << 1) | 1 : number << 1;
  let out = '';
  do {
    let digit = value & 31;
    value >>>= 5;
    if (value) digit |= 32;
    out += BASE64[digit];
  } while (value);
  return out;
}

/**
 * A source map (version 3) that maps cdnops' own code only: a dependency's segments become unmapped, its sources
 * and names go (the rest renumbered). Fields are relative to the previous segment's, so each segment written is
 * encoded against the previous one written.
 */
export function ownMappingsOnly(map) {
  const kept = map.sources.map((source) => !DEPENDENCY.test(source));
  const sourceIndex = [];
  const sources = [];
  map.sources.forEach((source, index) => {
    if (!kept[index]) return;
    sourceIndex[index] = sources.length;
    sources.push(source);
  });
  const names = [];
  const nameIndex = new Map();
  const read = { source: 0, line: 0, column: 0, name: 0 };
  const written = { source: 0, line: 0, column: 0, name: 0 };
  let mapped = false;
  const lines = map.mappings.split(';').map((line) => {
    let column = 0;
    let writtenColumn = 0;
    const segments = [];
    for (const segment of line === '' ? [] : line.split(',')) {
      const fields = decodeSegment(segment);
      column += fields[0];
      if (fields.length < 4) continue;
      read.source += fields[1];
      read.line += fields[2];
      read.column += fields[3];
      if (fields.length > 4) read.name += fields[4];
      if (!kept[read.source]) {
        // A lookup finds the nearest segment at or before a position, on this line or any before it: mark where a
        // dependency's code starts as unmapped (a segment of one field) rather than let it read as the own code
        // before it.
        if (mapped) {
          segments.push(encodeField(column - writtenColumn));
          writtenColumn = column;
          mapped = false;
        }
        continue;
      }
      mapped = true;
      const source = sourceIndex[read.source];
      let out =
        encodeField(column - writtenColumn) +
        encodeField(source - written.source) +
        encodeField(read.line - written.line) +
        encodeField(read.column - written.column);
      writtenColumn = column;
      written.source = source;
      written.line = read.line;
      written.column = read.column;
      if (fields.length > 4) {
        const name = map.names[read.name];
        let index = nameIndex.get(name);
        if (index === undefined) {
          index = names.length;
          names.push(name);
          nameIndex.set(name, index);
        }
        out += encodeField(index - written.name);
        written.name = index;
      }
      segments.push(out);
    }
    return segments.join(',');
  });
  // Node's parser (20.x) reads a one-field segment at the very end as if it had the previous segment's source.
  const mappings = lines.join(';') + (mapped ? '' : ';');
  const { sourcesContent: _omitted, ...rest } = map;
  return { ...rest, sources, names, mappings };
}
