import { readdirSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export interface StaticAsset {
  type: string;
  body: Buffer;
}

/**
 * The page's files, read once from static/ beside this module: plain HTML, CSS and ES modules that the browser
 * loads as they are, so there is nothing to build. Only these names are served; no path reaches the file system.
 */
export function loadStaticAssets(): ReadonlyMap<string, StaticAsset> {
  const dir = new URL('./static/', import.meta.url);
  const assets = new Map<string, StaticAsset>();
  for (const name of readdirSync(dir)) {
    const type = TYPES[extname(name)];
    if (type === undefined) continue;
    assets.set(`/${name}`, { type, body: readFileSync(new URL(name, dir)) });
  }
  const index = assets.get('/index.html');
  if (index !== undefined) assets.set('/', index);
  return assets;
}
