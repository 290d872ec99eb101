/**
 * The bare Bolt baseline as plain JavaScript, so it starts the way the compiled bot does (`node file.js`, no tsx)
 * and the footprint ratios compare like with like. TypeScript's transpiler turns the two baseline modules into .js
 * under .tmp/bench/, inside the repository so `@slack/bolt` resolves from its node_modules.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MODULES = ['bare-bolt-server.ts', 'start-bare-bolt-app.ts'];

/** Returns the baseline's entry point, relative to the repository root. */
export function compileBaseline(): string {
  const out = join(ROOT, '.tmp', 'bench');
  mkdirSync(out, { recursive: true });
  for (const name of MODULES) {
    const { outputText } = ts.transpileModule(readFileSync(join(ROOT, 'bench', name), 'utf8'), {
      fileName: name,
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2023,
        verbatimModuleSyntax: true,
        rewriteRelativeImportExtensions: true,
      },
    });
    writeFileSync(join(out, name.replace(/\.ts$/, '.js')), outputText);
  }
  return '.tmp/bench/bare-bolt-server.js';
}
