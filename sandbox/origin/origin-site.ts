import { createHash } from 'node:crypto';
import { hostKey } from './host-key.ts';
import type { OriginFile } from './types.ts';
import type { Representation } from './write-representation.ts';

export type OriginRoute =
  | { kind: 'file'; representation: Representation; refuseHead: boolean }
  | { kind: 'redirect'; status: number; location: string; refuseHead: boolean }
  | { kind: 'missing'; refuseHead: boolean };

interface Entry {
  file?: Representation;
  redirect?: { status: number; location: string };
  refuseHead?: boolean;
}

function key(host: string, path: string): string {
  return `${hostKey(host)}${path}`;
}

function httpDate(value: Date | string): string {
  return typeof value === 'string' ? value : value.toUTCString();
}

/** The files, redirects and HEAD refusals of every site the origin serves, keyed by host + path. */
export class OriginSite {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number) {}

  private entry(host: string, path: string): Entry {
    const id = key(host, path);
    const existing = this.entries.get(id);
    if (existing) return existing;
    const created: Entry = {};
    this.entries.set(id, created);
    return created;
  }

  setFile(host: string, path: string, file: OriginFile): void {
    const body = Buffer.from(file.body);
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
    const etag = file.etag === undefined ? `"${hash}"` : (file.etag ?? undefined);
    const lastModified =
      file.lastModified === undefined ? new Date(this.now()) : (file.lastModified ?? undefined);
    const entry = this.entry(host, path);
    entry.redirect = undefined;
    entry.file = {
      body,
      etag,
      lastModified: lastModified === undefined ? undefined : httpDate(lastModified),
      contentType: file.contentType ?? 'text/plain; charset=utf-8',
      cacheControl: file.cacheControl,
    };
  }

  removeFile(host: string, path: string): void {
    const entry = this.entries.get(key(host, path));
    if (entry) entry.file = undefined;
  }

  redirect(host: string, path: string, location: string, status: number): void {
    const entry = this.entry(host, path);
    entry.file = undefined;
    entry.redirect = { status, location };
  }

  refuseHead(host: string, path: string): void {
    this.entry(host, path).refuseHead = true;
  }

  /** The exact path and query first, then the path alone. */
  route(host: string, pathAndQuery: string): OriginRoute {
    const pathOnly = pathAndQuery.split('?')[0] ?? pathAndQuery;
    const candidates = [this.entries.get(key(host, pathAndQuery)), this.entries.get(key(host, pathOnly))];
    const found = candidates.find((entry) => entry?.file !== undefined || entry?.redirect !== undefined);
    const refuseHead = candidates.some((entry) => entry?.refuseHead === true);
    if (found?.file) return { kind: 'file', representation: found.file, refuseHead };
    if (found?.redirect) return { kind: 'redirect', ...found.redirect, refuseHead };
    return { kind: 'missing', refuseHead };
  }
}
