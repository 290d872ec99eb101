/**
 * `cdnops --help`, `cdnops <command> --help` and `cdnops help [command]`: written for a terminal and built from the
 * command definitions alone, so they work before any config file exists.
 */
import * as z from 'zod';
import type { AnyCommand } from '../dispatch/define-command.ts';
import { AUDIT_EXPORT_FLAGS } from './audit-export.ts';

/** The `help --json` shape: one entry per command, or the one asked about. */
export const HelpEntry = z.object({
  name: z.string(),
  usage: z.string(),
  summary: z.string(),
  examples: z.array(z.string()),
  /** The least role it needs in Slack; the command line runs as admin. */
  role: z.string(),
  /** Whether `--json` prints its result (for some commands only their read form, e.g. `digest list`). */
  json: z.boolean(),
});
export type HelpEntry = z.infer<typeof HelpEntry>;

const LOGS_FETCH: HelpEntry = {
  name: 'logs fetch',
  usage: '<domain> --day YYYY-MM-DD --dest DIR',
  summary:
    "Download that day's log packages and merge them into one DIR/YYYYMMDD-<domain>.gz (command line only)",
  examples: ['logs fetch www.example.com --day 2026-11-22 --dest ./logs'],
  role: 'viewer',
  json: false,
};

/** approve and reject act on requests made in Slack, which the command line's own store never holds. */
const SLACK_ONLY = new Set(['approve', 'reject']);

export function helpEntries(commands: readonly AnyCommand<never>[]): HelpEntry[] {
  const entries: HelpEntry[] = commands
    .filter((command) => !SLACK_ONLY.has(command.name))
    .map((command) => ({
      name: command.name,
      usage: plain(command.usage),
      summary: plain(command.summary),
      examples: command.examples.map(plain),
      role: command.role,
      // help is answered by the command line itself, JSON included.
      json: command.json !== undefined || command.name === 'help',
    }));
  const logs = entries.findIndex((entry) => entry.name === 'logs');
  entries.splice(logs + 1, 0, LOGS_FETCH);
  // The terminal can also export the bot's audit log whole (audit-export.ts); Slack shows it a page at a time.
  return entries.map((entry) =>
    entry.name === 'audit'
      ? {
          ...entry,
          usage: `${entry.usage}, or to export: ${AUDIT_EXPORT_FLAGS}`,
          summary: `${entry.summary}; reads the bot's store, and exports a period as JSON Lines`,
          examples: [
            ...entry.examples,
            `audit ${AUDIT_EXPORT_FLAGS.replace('D [--to D]', '2026-11-01 --to 2026-11-30')}`,
          ],
        }
      : entry,
  );
}

export function findHelpEntry(entries: readonly HelpEntry[], name: string): HelpEntry | undefined {
  const wanted = name.toLowerCase();
  return entries.find((entry) => entry.name === wanted);
}

export function overallHelp(entries: readonly HelpEntry[], version: string): string {
  const width = Math.max(...entries.map((entry) => entry.name.length));
  return [
    `cdnops ${version}: the /cdn commands from a terminal, with the bot's config file and no Slack.`,
    '',
    'Usage: cdnops [--config FILE] <command> [arguments] [--json]',
    '       cdnops <command> --help     cdnops help <command>     cdnops --version',
    '',
    'Commands:',
    ...entries.map((entry) => `  ${entry.name.padEnd(width)}  ${entry.summary}`),
    '',
    'Options:',
    '  --config FILE   the config file (default: $CDNOPS_CONFIG, else ./cdnops.yml)',
    '  --json          print the result as JSON, for scripts (read commands; README "Command line" has the shapes)',
    '  --help, -h      this text, or with a command its usage and examples',
    '  --version, -V   the version of cdnops',
    '',
    'purge, prefetch and check read their URLs from standard input when the only URL is "-" (one per line;',
    'blank lines and lines starting with # are skipped).',
    'The command line acts as admin over every configured account; changes that need a Confirm click or a',
    "second person's approval are shown, not made: run those in Slack.",
    '',
    'Exit status: 0 done; 1 refused or failed (at the provider, even partly, or the config); 2 usage',
    '(unknown command, bad options or input).',
  ].join('\n');
}

export function commandHelp(entry: HelpEntry): string {
  return [
    `Usage: cdnops ${entry.name} ${entry.usage}`,
    '',
    entry.summary,
    '',
    'Examples:',
    ...entry.examples.map((example) => `  cdnops ${example}`),
    '',
    entry.json
      ? '--json prints the result as JSON (README "Command line" describes the shape).'
      : '--json: not available for this command.',
    `In Slack it needs ${entry.role}; the command line runs as admin.`,
  ].join('\n');
}

/** Definitions are written for Slack: no backticks or `*bold*` in a terminal, and `/cdn x` is `cdnops x` here. */
function plain(text: string): string {
  return text
    .replaceAll('`', '')
    .replace(/(^|\s)\*([^*\n]+)\*(?=\s|$|[.,;:])/g, '$1$2')
    .replaceAll('/cdn ', 'cdnops ');
}
