/**
 * `cdnops purge -`: a lone `-` in place of the URLs reads them from standard input, one per line; blank lines and
 * lines starting with `#` are skipped (`git diff --name-only | sed 's|^|https://www.example.com/|' | cdnops purge -`).
 */
import type { Readable } from 'node:stream';
import type { FlagSpec } from '../dispatch/parse-argv.ts';

export class UrlsFromStdinError extends Error {}

/** `args` (what follows the command's name) with a lone `-` replaced by the URLs read; unchanged without one. */
export async function urlsFromStdin(
  args: readonly string[],
  flags: FlagSpec,
  stdin: Readable | undefined,
): Promise<string[]> {
  const positions = positionalIndexes(args, flags);
  const dashes = positions.filter((index) => args[index] === '-');
  if (dashes.length === 0) return [...args];
  if (positions.length > 1) {
    throw new UrlsFromStdinError('"-" reads the URLs from standard input, so it must be the only URL given.');
  }
  if (!stdin) throw new UrlsFromStdinError('"-" reads URLs from standard input, and there is none here.');
  const urls = parseUrlLines(await readAll(stdin));
  const at = dashes[0]!;
  return [...args.slice(0, at), ...urls, ...args.slice(at + 1)];
}

export function parseUrlLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** Where the positionals are: not options, not the value after a string option, everything after `--`. */
function positionalIndexes(args: readonly string[], flags: FlagSpec): number[] {
  const kinds = new Map(Object.entries(flags).map(([name, kind]) => [name.toLowerCase(), kind]));
  const found: number[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const token = args[index]!;
    if (token === '--') {
      for (let rest = index + 1; rest < args.length; rest += 1) found.push(rest);
      break;
    }
    if (token.startsWith('--')) {
      const kind = kinds.get(token.slice(2).toLowerCase());
      if (!token.includes('=') && kind !== undefined && kind !== 'boolean') index += 1;
      continue;
    }
    found.push(index);
  }
  return found;
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
