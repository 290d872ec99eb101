/**
 * The floor plan of src/, read from the code itself with TypeScript's own module resolution: which file imports
 * which (value, type-only and dynamic imports alike), and the folder (or top-level file) each lies in.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';

export interface ImportEdge {
  from: string;
  to: string;
}

/** Every .ts file under `dir`, as paths relative to `root`. */
export function sourceFiles(root: string, dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

/** The imports of `files` that resolve to a file of the repository (packages and node: builtins are left out). */
export function importsOf(root: string, files: readonly string[]): ImportEdge[] {
  const configPath = join(root, 'tsconfig.json');
  const parsed = ts.parseJsonConfigFileContent(
    ts.readConfigFile(configPath, ts.sys.readFile).config,
    ts.sys,
    root,
  );
  const host = ts.createCompilerHost(parsed.options);
  const edges: ImportEdge[] = [];
  for (const file of files) {
    const absolute = join(root, file);
    const info = ts.preProcessFile(readFileSync(absolute, 'utf8'), true, true);
    for (const imported of info.importedFiles) {
      const resolved = ts.resolveModuleName(imported.fileName, absolute, parsed.options, host).resolvedModule;
      if (!resolved || resolved.isExternalLibraryImport) continue;
      const to = relative(root, resolved.resolvedFileName).split(sep).join('/');
      if (to.startsWith('..') || to.includes('node_modules/')) continue;
      edges.push({ from: file, to });
    }
  }
  return edges;
}

/** `src/commands/purge.ts` → `commands`; `src/main.ts` → `main.ts`: the room a file of src/ lies in. */
export function roomOf(file: string): string {
  return file.split('/')[1] ?? file;
}

/** Files that import each other in a loop: each strongly connected component of more than one file. */
export function cycles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let counter = 0;
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const target of next.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node)!, index.get(target)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of next.keys()) if (!index.has(node)) visit(node);
  return found;
}

/** Every file reachable from `entries` by following imports. */
export function reachable(entries: readonly string[], edges: readonly ImportEdge[]): Set<string> {
  const seen = new Set<string>(entries);
  const queue = [...entries];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const edge of edges) {
      if (edge.from === file && !seen.has(edge.to)) {
        seen.add(edge.to);
        queue.push(edge.to);
      }
    }
  }
  return seen;
}
