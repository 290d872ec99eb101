/**
 * What `npm start` runs: the bundle in dist/bot (scripts/bundle-bot.js), which vitest's global setup keeps in step
 * with the sources. Its stack traces must still name .ts lines, and its chunks must keep loading commands and
 * background work on first use, as the sources' dynamic imports say (startup-imports.test.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { SourceMap, type SourceMapping } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BOT = join(ROOT, 'dist', 'bot');

const code = (chunk: string) => readFileSync(join(BOT, chunk), 'utf8');
const sourceMap = (chunk: string) => new SourceMap(JSON.parse(code(`${chunk}.map`)));

/** The 0-based line and column where `text` first occurs in `source`. */
function positionOf(source: string, text: string): { line: number; column: number } {
  const offset = source.indexOf(text);
  expect(offset, `${text} in the bundle`).toBeGreaterThanOrEqual(0);
  const before = source.slice(0, offset).split('\n');
  return { line: before.length - 1, column: before.at(-1)!.length };
}

/** The repository path of a source a map names (maps name them relative to the chunk). */
const repositoryPath = (source: string) =>
  fileURLToPath(new URL(source, `file://${BOT}/`)).slice(ROOT.length);

/** The chunks Node loads with main.js before any dynamic `import()`: its static imports, transitively. */
function chunksAtStartUp(): string[] {
  const seen = new Set(['main.js']);
  const queue = ['main.js'];
  for (let chunk = queue.shift(); chunk !== undefined; chunk = queue.shift()) {
    for (const [, target] of code(chunk).matchAll(/(?:\bfrom|\bimport)\s*"\.\/([^"]+\.js)"/g)) {
      if (seen.has(target!)) continue;
      seen.add(target!);
      queue.push(target!);
    }
  }
  return [...seen];
}

describe('the bundled bot', () => {
  it('reads no file relative to its own modules, whose places the bundle changed', () => {
    const chunks = readdirSync(BOT).filter((name) => name.endsWith('.js'));

    expect(chunks.filter((chunk) => /new URL\([^)]*import\.meta\.url/.test(code(chunk)))).toEqual([]);
  });

  it("maps cdnops' own code to the .ts line it came from", () => {
    const main = code('main.js');
    const { line, column } = positionOf(main, 'function loadSettings(');
    const sourceLine = readFileSync(join(ROOT, 'src/config/load-config.ts'), 'utf8')
      .split('\n')
      .findIndex((text) => text.startsWith('export function loadSettings('));

    const entry: Partial<SourceMapping> = sourceMap('main.js').findEntry(line, column + 'function '.length);

    expect(repositoryPath(entry.originalSource ?? '')).toBe('src/config/load-config.ts');
    expect(entry.originalLine).toBe(sourceLine);
  });

  it("leaves a dependency's code unmapped rather than blamed on the cdnops line before it", () => {
    const main = code('main.js');
    const marker = 'node_modules/yaml/dist/public-api.js"(exports){';
    const { line, column } = positionOf(main, marker);

    const entry: Partial<SourceMapping> = sourceMap('main.js').findEntry(line, column + marker.length + 40);

    expect(entry.originalSource).toBeUndefined();
  });

  it('loads the list of commands at start-up but no command, provider client or deferred work', () => {
    const sources = chunksAtStartUp().flatMap((chunk) =>
      (JSON.parse(code(`${chunk}.map`)) as { sources: string[] }).sources.map(repositoryPath),
    );

    expect(sources).toContain('src/main.ts');
    expect(sources.filter((file) => file.startsWith('src/commands/'))).toEqual(['src/commands/index.ts']);
    expect(
      sources.filter((file) =>
        [
          'src/providers/tencent/client.ts',
          'src/providers/wangsu/client.ts',
          'src/alerts/evaluate-watch.ts',
          'src/digests/build-digest.ts',
          'src/changes/decide-change.ts',
        ].includes(file),
      ),
    ).toEqual([]);
  });

  it('keeps every chunk within Latin-1, so V8 holds its source at one byte a character', () => {
    // One character past U+00FF makes V8 keep a module's whole source as a two-byte string: main.js went from
    // 1.6 to 3.3 MB of idle memory for four full-width commas. esbuild escapes strings but not regular
    // expression literals, so those are written with \uFF0C and the like in the sources.
    const beyondLatin1 = readdirSync(BOT)
      .filter((name) => name.endsWith('.js'))
      .flatMap((chunk) =>
        [...code(chunk).matchAll(/.{0,30}[\u0100-\uFFFF].{0,10}/g)].map((match) => `${chunk}: ${match[0]}`),
      );

    expect(beyondLatin1).toEqual([]);
  });
});
