/**
 * `cdnops logs fetch <domain> [--day D] [--dest DIR]`: the seeds' GetDayLog.py. Lists the day's log packages,
 * downloads them oldest first straight into one temp file in DIR (gzip members may simply be concatenated),
 * checks that the result decompresses to the end, and only then renames it to `DIR/YYYYMMDD-<domain>.gz`. On any
 * failure the temp file is removed, so DIR never holds a truncated merge.
 */
import { randomUUID } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { createReadStream } from 'node:fs';
import { type FileHandle, mkdir, open, rename, rm } from 'node:fs/promises';
import { isIP } from 'node:net';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { Agent, buildConnector, type Dispatcher, request } from 'undici';
import { LOCAL_CHANNEL, LOCAL_USER } from '../auth/local-guardrails.ts';
import type { Clock } from '../clock.ts';
import type { AppServices } from '../commands/app-services.ts';
import { formatError } from '../dispatch/format-error.ts';
import { parseArgv } from '../dispatch/parse-argv.ts';
import { UsageError } from '../errors.ts';
import type { LogPackage } from '../providers/traffic-types.ts';
import { renderBlocksAsText } from '../render/blocks-to-text.ts';
import { formatUnits } from '../render/format-units.ts';
import { listDayPackages } from '../traffic/list-day-packages.ts';
import { type AddressPolicy, classifyAddress } from '../util/address-policy.ts';
import { egressDispatcher, type ProxySettings, usesProxy } from '../util/egress.ts';
import { guardConnector, guardedLookup } from '../util/guarded-connect.ts';

const USAGE = 'logs fetch <domain> [--day YYYY-MM-DD|today|yesterday] [--dest DIR]';
/** Tries after the first one; the delays double from BACKOFF_MS. */
const RETRIES = 3;
const BACKOFF_MS = 1_000;
/** Log packages are tens of MB at most; a stalled socket should still fail within a minute. */
const TIMEOUT_MS = 60_000;
const BAR_WIDTH = 24;
/** Said after every refused log link, so whoever reads it knows how a site may allow one. */
const ALLOW_HINT =
  'cdnops downloads log packages only over https and not from internal addresses unless check.allowNetworks allows them';

/** Where log links may lead: https to a public address, unless the config allows more (tests, the demo). */
export interface DownloadRules {
  /** `check.allowNetworks`; every internal address is refused without it. */
  policy: AddressPolicy;
  /** `check.allowHttpLogLinksOnLoopback`: plain http to a loopback IP, as the sandboxes serve log packages. */
  allowHttpOnLoopback: boolean;
}

/** A download that failed for good: `retryable` failures are tried again first. */
class DownloadFailed extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'DownloadFailed';
  }
}

export async function runLogsFetch(input: {
  /** What follows `logs fetch`. */
  argv: readonly string[];
  services: AppServices;
  stdout: Writable;
  stderr: Writable;
  clock: Clock;
  rules: DownloadRules;
  /** The egress proxy (HTTPS_PROXY, NO_PROXY, …); none: every download connects directly. */
  proxy?: ProxySettings | undefined;
}): Promise<number> {
  const { services, stdout, stderr, clock } = input;
  const progress = progressBar(stderr);
  // Every direct connection of the download is held to the rules, names resolved while connecting included. Through
  // a proxy, the proxy connects and resolves: each link's name is vetted beforehand instead (proxiedNameRefusal).
  const connect = guardConnector(
    buildConnector({ lookup: guardedLookup(input.rules.policy) } as buildConnector.BuildOptions),
    input.rules.policy,
  );
  const proxy = input.proxy ?? {};
  const dispatcher = egressDispatcher(proxy, { connect }) ?? new Agent({ connect });
  let temp: string | undefined;
  let handle: FileHandle | undefined;
  try {
    const argv = parseArgv(
      input.argv,
      { day: 'string', dest: 'string' },
      { command: 'logs fetch', usage: USAGE },
    );
    if (argv.positionals.length !== 1) {
      throw new UsageError(
        'Name one domain, e.g. `cdnops logs fetch www.example.com --day 2026-11-20 --dest ./logs`.',
        `Usage: \`cdnops ${USAGE}\``,
      );
    }
    const caller = await services.guardrails.resolveCaller(LOCAL_USER, LOCAL_CHANNEL);
    const { domain, day, packages } = await listDayPackages({
      domain: argv.positionals[0]!,
      day: argv.day,
      caller,
      inventory: services.inventory,
      providers: services.providers,
      timeZone: services.timezone,
      now: clock.now(),
    });
    if (packages.length === 0) {
      stderr.write(`cdnops: no log packages for ${domain} on ${day.label}; nothing was written.\n`);
      return 1;
    }
    // Every link is vetted before the first byte is fetched, so a bad one never leaves half a day behind.
    for (const entry of packages) {
      const refused =
        linkRefusal(entry.url, input.rules) ??
        (usesProxy(proxy) ? await proxiedNameRefusal(entry.url, input.rules.policy) : undefined);
      if (refused !== undefined) throw new DownloadFailed(`${entry.name}: ${refused}`, false);
    }

    const dest = resolve(argv.dest ?? '.');
    // The domain is spelt by the provider: it names a file only if it cannot name one outside --dest.
    const target = insideDest(dest, `${day.compact}-${domain}.gz`, domain);
    const tempPath = insideDest(
      dest,
      `.${day.compact}-${domain}.gz.${randomUUID().slice(0, 8)}.part`,
      domain,
    );
    await mkdir(dest, { recursive: true });
    temp = tempPath;
    handle = await open(temp, 'wx');
    let written = 0;
    for (const [index, entry] of packages.entries()) {
      written = await download(entry, handle, written, {
        clock,
        dispatcher,
        label: `${entry.name} (package ${index + 1} of ${packages.length})`,
        onBytes: (bytes) => progress.update(index, packages.length, bytes),
      });
      progress.update(index + 1, packages.length, written);
    }
    await handle.sync();
    await handle.close();
    handle = undefined;
    progress.done();
    const unpacked = await verifyGzip(temp);
    await rename(temp, target);
    temp = undefined;
    stdout.write(
      `Wrote ${target}: ${packages.length} packages of ${day.label} (${services.timezone}), ${formatUnits(written, 'bytes')} (${formatUnits(unpacked, 'bytes')} of log lines).\n`,
    );
    return 0;
  } catch (error) {
    progress.done();
    const note = temp ? ` Nothing was written to ${dirname(temp)}.` : '';
    if (error instanceof DownloadFailed) stderr.write(`cdnops: ${error.message}.${note}\n`);
    else {
      const text = renderBlocksAsText(formatError(error, services.logger, USAGE), {
        plain: true,
        slashCommandAs: 'cdnops',
      });
      stderr.write(`${text}${note}\n`);
    }
    return error instanceof UsageError ? 2 : 1;
  } finally {
    await dispatcher.destroy().catch(() => {});
    await handle?.close().catch(() => {});
    // No truncated merge is ever left behind, whatever failed.
    if (temp) await rm(temp, { force: true });
  }
}

/**
 * Appends one package to the merge at byte `offset` and returns the new end. A retry first cuts the file back to
 * `offset`, so the bytes of a download that broke off midway never stay in the merge.
 */
async function download(
  entry: LogPackage,
  handle: FileHandle,
  offset: number,
  options: {
    clock: Clock;
    dispatcher: Dispatcher;
    label: string;
    onBytes: (bytes: number) => void;
  },
): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    await handle.truncate(offset);
    let position = offset;
    try {
      const response = await request(entry.url, {
        method: 'GET',
        dispatcher: options.dispatcher,
        headersTimeout: TIMEOUT_MS,
        bodyTimeout: TIMEOUT_MS,
      }).catch((error: unknown) => {
        if (isAddressRefused(error)) {
          throw new DownloadFailed(`${options.label}: ${error.message}; ${ALLOW_HINT}`, false);
        }
        throw new DownloadFailed(`could not download ${options.label}: ${describe(error)}`, true);
      });
      if (response.statusCode !== 200) {
        await response.body.dump();
        const status = response.statusCode;
        throw new DownloadFailed(
          `could not download ${options.label}: HTTP ${status}${status === 403 ? ' (the link has expired or was refused; run again for fresh links)' : ''}`,
          status === 429 || status >= 500,
        );
      }
      try {
        for await (const chunk of response.body) {
          const bytes = chunk as Buffer;
          await handle.write(bytes, 0, bytes.length, position).catch((error: unknown) => {
            throw new DownloadFailed(`could not write ${options.label} to disk: ${describe(error)}`, false);
          });
          position += bytes.length;
          options.onBytes(position);
        }
      } catch (error) {
        if (error instanceof DownloadFailed) throw error;
        throw new DownloadFailed(`download of ${options.label} broke off: ${describe(error)}`, true);
      }
      return position;
    } catch (error) {
      if (!(error instanceof DownloadFailed) || !error.retryable || attempt >= RETRIES) {
        if (error instanceof DownloadFailed && error.retryable) {
          throw new DownloadFailed(`${error.message}; gave up after ${attempt + 1} tries`, false);
        }
        throw error;
      }
      await options.clock.sleep(BACKOFF_MS * 2 ** attempt);
    }
  }
}

/**
 * Why a log link must not be downloaded: not https (plain http only to a loopback IP, and only when the rules say
 * so), or an IP the policy refuses. A name is vetted as it resolves, by the dispatcher. Only the link's scheme and
 * host are shown: the rest is a signature.
 */
function linkRefusal(link: string, rules: DownloadRules): string | undefined {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return 'the provider gave a log link that is not a URL';
  }
  const where = `${url.protocol}//${url.host}`;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const literal = isIP(host) !== 0;
  const httpAllowed =
    url.protocol === 'http:' &&
    rules.allowHttpOnLoopback &&
    literal &&
    classifyAddress(host) === 'a loopback address';
  if (url.protocol !== 'https:' && !httpAllowed) {
    return `the log link ${where}/… is not https; ${ALLOW_HINT}`;
  }
  const reason = literal ? rules.policy.refusal(host) : undefined;
  if (reason !== undefined) return `the log link ${where}/… points at ${host}, ${reason}; ${ALLOW_HINT}`;
  return undefined;
}

/**
 * Through a proxy the guarded connector never sees where a link's name leads: the proxy resolves it. So the name is
 * resolved here first and refused when any address it has here is one the policy refuses, as a direct download
 * would be. A name that does not resolve here is left to the proxy: behind an egress proxy the outside world's
 * names often resolve only there, and what the proxy lets through is its own policy. (A name resolving differently
 * for the proxy than here is not caught; NO_PROXY'd links connect directly and are guarded as always.)
 */
async function proxiedNameRefusal(link: string, policy: AddressPolicy): Promise<string | undefined> {
  const url = new URL(link);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host) !== 0) return undefined;
  const addresses = await lookup(host, { all: true }).catch(() => []);
  for (const { address } of addresses) {
    const reason = policy.refusal(address);
    if (reason !== undefined) {
      return `the log link ${url.protocol}//${url.host}/… resolves to ${address}, ${reason}; ${ALLOW_HINT}`;
    }
  }
  return undefined;
}

function isAddressRefused(error: unknown): error is Error {
  return error instanceof Error && (error as { code?: unknown }).code === 'CDNOPS_ADDRESS_REFUSED';
}

/**
 * `dest/name`, refused unless `name` is one plain file name: no path separator, no `..`, not absolute, no control
 * characters, and the resolved path is directly inside `dest`. `domain` is what the refusal names.
 */
function insideDest(dest: string, name: string, domain: string): string {
  const refuse = (why: string) =>
    new DownloadFailed(
      `the provider names this domain ${JSON.stringify(domain.slice(0, 200))}, which ${why}, so it cannot name a ` +
        'file in --dest; nothing was downloaded',
      false,
    );
  if (/[/\\]/.test(name)) throw refuse('contains a path separator');
  if (name.includes('..')) throw refuse('contains ..');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused.
  if (/[\u0000-\u001f\u007f]/.test(name)) throw refuse('contains control characters');
  if (isAbsolute(name)) throw refuse('is an absolute path');
  const root = resolve(dest);
  const path = resolve(root, name);
  const within = relative(root, path);
  if (within === '' || within !== basename(path) || isAbsolute(within) || within.startsWith('..')) {
    throw refuse('would name a file outside --dest');
  }
  return path;
}

/** Reads the merge through gunzip to the end; resolves the decompressed size, rejects if any member is cut. */
async function verifyGzip(path: string): Promise<number> {
  let size = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      callback();
    },
  });
  try {
    await pipeline(createReadStream(path), createGunzip(), sink);
  } catch (error) {
    throw new DownloadFailed(`the merged file does not decompress to the end: ${describe(error)}`, false);
  }
  return size;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${error.message} (${code})` : error.message;
}

/** One line on stderr redrawn with `\r`, only when stderr is a terminal: pipes and logs get no control chars. */
function progressBar(stderr: Writable): {
  update(done: number, total: number, bytes: number): void;
  done(): void;
} {
  const tty = (stderr as { isTTY?: boolean }).isTTY === true;
  let last = '';
  return {
    update(done, total, bytes) {
      if (!tty) return;
      const filled = Math.round((done / total) * BAR_WIDTH);
      const line = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${done}/${total} packages · ${formatUnits(bytes, 'bytes')}`;
      if (line === last) return;
      // Spaces over what a longer previous line left at the end (`1.00 MB` after `1023 KB`).
      stderr.write(`\r${line.padEnd(last.length)}`);
      last = line;
    },
    done() {
      if (tty && last) stderr.write('\n');
      last = '';
    },
  };
}
