/**
 * What `npm start` loads before the bot is up: the files src/main.ts reaches through static value imports (type-only
 * imports are erased; dynamic `import()` runs on first use). The bundle `npm start` runs (dist/bot) splits its chunks
 * at the same dynamic imports; bot-bundle.test.ts checks that its start-up chunks agree. Commands and the work behind background features load
 * when first used, so start-up time and idle memory do not grow with every command added (issue 20's footprint).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Relative imports that stay in the compiled JavaScript: neither `import type` nor only type specifiers. */
function staticValueImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest);
  const targets: string[] = [];
  for (const statement of source.statements) {
    let specifier: ts.Expression | undefined;
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      const bindings = clause?.namedBindings;
      const onlyTypes =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            bindings !== undefined &&
            ts.isNamedImports(bindings) &&
            bindings.elements.length > 0 &&
            bindings.elements.every((element) => element.isTypeOnly)));
      if (!onlyTypes) specifier = statement.moduleSpecifier;
    } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) {
      specifier = statement.moduleSpecifier;
    }
    if (specifier && ts.isStringLiteral(specifier) && specifier.text.startsWith('.')) {
      targets.push(
        relative(ROOT, join(ROOT, dirname(file), specifier.text))
          .split(sep)
          .join('/'),
      );
    }
  }
  return targets;
}

function loadedAtStartUp(entry: string): Set<string> {
  const seen = new Set([entry]);
  const queue = [entry];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const target of staticValueImports(file)) {
      if (seen.has(target)) continue;
      seen.add(target);
      queue.push(target);
    }
  }
  return seen;
}

describe('start-up', () => {
  const loaded = loadedAtStartUp('src/main.ts');

  it('loads the list of commands but no command until it is used', () => {
    const commands = [...loaded].filter((file) => file.startsWith('src/commands/'));

    expect(commands).toEqual(['src/commands/index.ts']);
  });

  it('loads the schedulers of background work, not what they run when something is due', () => {
    const deferred = [
      'src/alerts/evaluate-watch.ts',
      'src/digests/build-digest.ts',
      'src/digests/post-digest.ts',
      'src/changes/decide-change.ts',
      'src/check/check-urls.ts',
    ];

    expect(deferred.filter((file) => loaded.has(file))).toEqual([]);
    expect(loaded).toContain('src/alerts/alert-evaluator.ts');
    expect(loaded).toContain('src/digests/digest-scheduler.ts');
  });

  it("loads each provider's profile and account schema, not its client, operations or response schemas", () => {
    const providerFolders = [...loaded]
      .filter((file) => /^src\/providers\/[^/]+\/profile\.ts$/.test(file))
      .map((file) => dirname(file));
    const implementation = providerFolders.flatMap((folder) =>
      ['index.ts', 'client.ts', 'schema.ts'].map((file) => `${folder}/${file}`),
    );

    expect(providerFolders).toEqual(['src/providers/tencent', 'src/providers/wangsu']);
    expect(implementation.filter((file) => loaded.has(file))).toEqual([]);
  });
});
