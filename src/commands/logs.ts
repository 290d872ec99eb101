import * as z from 'zod';
import type { Block } from '../messaging/message.ts';
import { isObject } from '../providers/account-failure.ts';
import { logLinkLifetime } from '../providers/registry.ts';
import type { LogPackage } from '../providers/traffic-types.ts';
import { context, fitBlocks, header, section, sectionsFromLines } from '../render/blocks.ts';
import { code, escapeMrkdwn, plural } from '../render/format.ts';
import { formatUnits } from '../render/format-units.ts';
import { formatWallTime } from '../time/zoned-time.ts';
import { listDayPackages } from '../traffic/list-day-packages.ts';
import { defineCommand } from './app-services.ts';

/** A day of hourly packages, in both areas, is at most 48; a page of 24 keeps signed links inside the limits. */
const PAGE_SIZE = 24;

/**
 * `cdnops logs --json` prints this (README "Command line"): every package of the day (not one page), oldest first;
 * `day` is YYYY-MM-DD in the configured timezone, and the links expire.
 */
export const LogsData = z.object({
  account: z.string(),
  domain: z.string(),
  day: z.string(),
  packages: z.array(z.custom<LogPackage>(isObject)),
});

export const logs = defineCommand({
  name: 'logs',
  summary: 'Access-log download links of a domain for one day (yesterday by default; last 30 days)',
  usage: '<domain> [--day YYYY-MM-DD|today|yesterday] [--page N]',
  examples: [
    'logs www.example.com',
    'logs www.example.com --day 2026-11-20',
    'logs www.example.com --day today',
  ],
  role: 'viewer',
  flags: { day: 'string', page: 'string' },
  json: { data: LogsData },
  args: z.object({
    positionals: z
      .array(z.string())
      .length(1, 'Name one domain, e.g. `/cdn logs www.example.com --day yesterday`.'),
    day: z.string().optional(),
    page: z.coerce
      .number({ error: '--page must be a number, e.g. --page 2.' })
      .int('--page must be a whole number.')
      .min(1, '--page starts at 1.')
      .default(1),
  }),
  async handler(args, ctx) {
    const listed = await listDayPackages({
      domain: args.positionals[0]!,
      day: args.day,
      caller: ctx.caller,
      inventory: ctx.inventory,
      providers: ctx.providers,
      timeZone: ctx.timezone,
      now: ctx.clock.now(),
    });
    const { domain, day, packages, accountId, provider } = listed;
    const pages = Math.max(1, Math.ceil(packages.length / PAGE_SIZE));
    const page = Math.min(args.page, pages);
    const shown = packages.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    const known = packages.filter((entry) => entry.size !== undefined);
    const totalSize = known.reduce((sum, entry) => sum + (entry.size ?? 0), 0);
    const lifetime = logLinkLifetime(provider.kind);

    const blocks: Block[] = [
      header(`Logs: ${listed.shown}, ${day.label}`),
      context(
        [
          plural(packages.length, 'package'),
          known.length > 0
            ? `${formatUnits(totalSize, 'bytes')}${known.length < packages.length ? ' known' : ''}`
            : '',
          `account ${code(accountId)}`,
          `times ${ctx.timezone}`,
        ]
          .filter(Boolean)
          .join(' · '),
      ),
      ...(shown.length > 0
        ? sectionsFromLines(shown.map((entry) => renderPackage(entry, ctx.timezone)))
        : [
            section(
              '_No log packages for this day. Providers make none for hours without traffic, and the latest hours can take a while to appear._',
            ),
          ]),
    ];
    if (pages > 1) {
      blocks.push(
        context(
          page < pages
            ? `Page ${page} of ${pages}. Next: \`/cdn logs ${domain} --day ${day.label} --page ${page + 1}\``
            : `Page ${page} of ${pages}.`,
        ),
      );
    }
    if (packages.length > 0) {
      blocks.push(
        context(
          `:hourglass_flowing_sand: The links expire${lifetime ? ` ${lifetime} after they are issued` : ''}; run this again for fresh ones. To download the day as one file: \`cdnops logs fetch ${domain} --day ${day.label} --dest DIR\``,
        ),
      );
    }
    return {
      visibility: 'ephemeral',
      text: `${plural(packages.length, 'log package')} for ${listed.shown} on ${day.label}`,
      blocks: fitBlocks(blocks, (hidden) => `${hidden} more blocks not shown; use --page.`),
      data: { account: accountId, domain, day: day.label, packages } satisfies z.input<typeof LogsData>,
    };
  },
});

/** `00:00–01:00 · 1.23 MB · <link|name>`: the hours it covers, its size, and the download link. */
function renderPackage(entry: LogPackage, timeZone: string): string {
  const hours = `${formatWallTime(entry.start, timeZone).slice(11)}–${formatWallTime(entry.end, timeZone).slice(11)}`;
  const size = entry.size === undefined ? 'size unknown' : formatUnits(entry.size, 'bytes');
  // Inside <…|…> Slack reads `|` as the label separator and `>` as the end; signed links keep their meaning escaped.
  const link = escapeMrkdwn(entry.url).replace(/\|/g, '%7C');
  return `${hours} · ${size} · <${link}|${escapeMrkdwn(entry.name).replace(/\|/g, '¦')}>`;
}
