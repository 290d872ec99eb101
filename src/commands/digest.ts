import * as z from 'zod';
import type { Role } from '../auth/roles.ts';
import { DIGEST_METRICS, DigestConfig, type DigestMetric } from '../config/schema.ts';
import { buildDigest } from '../digests/build-digest.ts';
import { authorizeDigest, type DigestAccess, digestVisible } from '../digests/digest-access.ts';
import type { DigestDefinition } from '../digests/digest-definition.ts';
import { type DigestList, listDigests } from '../digests/list-digests.ts';
import { postDigest } from '../digests/post-digest.ts';
import { retentionNote } from '../digests/retention-note.ts';
import { readDomainsOption } from '../dispatch/read-domains-option.ts';
import { UsageError } from '../errors.ts';
import type { Reply } from '../messaging/message.ts';
import { context, fitBlocks, section, sectionsFromLines } from '../render/blocks.ts';
import { code, escapeMrkdwn, plural, truncate } from '../render/format.ts';
import type { StoredDigest } from '../store/store.ts';
import { parseSchedule, SCHEDULE_HINT, scheduleProblem } from '../time/parse-schedule.ts';
import { formatWallTime } from '../time/zoned-time.ts';
import { batchProgress } from '../traffic/batch-progress.ts';
import type { AppContext } from './app-services.ts';
import { defineCommand } from './app-services.ts';

const SUBCOMMANDS = ['list', 'add', 'remove', 'run'] as const;
/**
 * What every digest subcommand needs, in the channel it is typed in (checked by the dispatcher) and in the
 * digest's channel (checked here, through digest-access.ts).
 */
const DIGEST_ROLE: Role = 'operator';
type Subcommand = (typeof SUBCOMMANDS)[number];
const DEFAULT_METRICS: readonly DigestMetric[] = ['flux', 'bandwidth', 'request', 'statusCode'];
/** Options each subcommand takes; any other is refused with what it belongs to. */
const OPTIONS_OF: Readonly<Record<Subcommand, readonly string[]>> = {
  list: [],
  add: ['channel', 'schedule', 'domains', 'metrics', 'dry-run'],
  remove: ['dry-run'],
  run: ['dry-run'],
};
const ADD_USAGE =
  'digest add <name> --channel #channel --schedule "0 9 * * *" --domains a.example.com,b.example.com|all [--metrics flux,bandwidth,request,statusCode,hitRate]';
const DOMAINS_SHOWN = 8;

/** Every option of every subcommand; which subcommand may take which is checked by refuseOtherOptions. */
const DigestArgs = z.object({
  positionals: z.array(z.string()),
  channel: z.string().optional(),
  schedule: z.string().optional(),
  domains: z.array(z.string()).optional(),
  metrics: z.array(z.string()).optional(),
  'dry-run': z.boolean().optional(),
});
type DigestArgs = z.infer<typeof DigestArgs>;

/** `cdnops digest list --json` prints this (README "Command line"): the digests the caller can see; `running: false` when its channel left the allowlist. */
export const DigestListData = z.object({
  timezone: z.string(),
  digests: z.array(
    z.object({
      name: z.string(),
      source: z.enum(['config', 'added']),
      channel: z.string(),
      schedule: z.string(),
      domains: z.union([z.literal('all'), z.array(z.string())]),
      metrics: z.array(z.string()),
      nextRun: z.number().optional(),
      lastRun: z.object({ dueAt: z.number(), outcome: z.string() }).optional(),
      running: z.boolean(),
      createdBy: z.string().optional(),
    }),
  ),
  /** Added digests hidden by a cdnops.yml digest of the same name. */
  shadowed: z.array(z.object({ name: z.string(), channel: z.string(), createdBy: z.string().optional() })),
});

export const digest = defineCommand({
  name: 'digest',
  summary: 'Scheduled traffic digests for a channel: list them, add or remove one, or post one now',
  usage:
    'list | add <name> --channel #channel --schedule "0 9 * * *" --domains <a,b|all> [--metrics …] | remove <name> | run <name> [--dry-run]',
  examples: [
    'digest list',
    'digest add morning --channel #web-ops --schedule "0 9 * * *" --domains all',
    'digest add shop --channel #web-ops --schedule "30 8 * * 1-5" --domains www.example.com,static.example.com --metrics flux,request,statusCode',
    'digest run morning',
    'digest remove morning',
  ],
  role: DIGEST_ROLE,
  mutating: true,
  flags: {
    channel: 'string',
    schedule: 'string',
    domains: 'string[]',
    metrics: 'string[]',
    'dry-run': 'boolean',
  },
  args: DigestArgs,
  // Only `digest list` (or `digest` alone) reads; add, remove and run refuse --json before they do anything.
  json: { data: DigestListData, reads: (args) => (args.positionals[0] ?? 'list').toLowerCase() === 'list' },
  async handler(args, ctx) {
    const [word = 'list', name, ...extra] = args.positionals;
    const sub = SUBCOMMANDS.find((candidate) => candidate === word.toLowerCase());
    if (!sub) {
      throw new UsageError(
        `\`digest ${word}\` is not something digest does.`,
        'Write `digest list`, `digest add <name> …`, `digest remove <name>` or `digest run <name>`.',
      );
    }
    refuseOtherOptions(sub, args);
    if (sub === 'list') {
      if (name !== undefined)
        throw new UsageError('`digest list` takes nothing more.', 'Write `/cdn digest list`.');
      return list(ctx);
    }
    if (name === undefined) {
      throw new UsageError(
        `\`digest ${sub}\` needs the digest's name.`,
        sub === 'add'
          ? `Write \`/cdn ${ADD_USAGE}\`.`
          : `Write \`/cdn digest ${sub} <name>\`; \`/cdn digest list\` shows the names.`,
      );
    }
    if (extra.length > 0) {
      throw new UsageError(
        `\`digest ${sub}\` takes one name; ${extra.map(code).join(' ')} is left over.`,
        sub === 'add'
          ? `Give the rest as options: \`/cdn ${ADD_USAGE}\`. Quote the schedule: --schedule "0 9 * * *".`
          : `Write \`/cdn digest ${sub} <name>\`.`,
      );
    }
    const dryRun = args['dry-run'] ?? false;
    if (sub === 'add') return add(ctx, name, args, dryRun);
    if (sub === 'remove') return remove(ctx, name, dryRun);
    return run(ctx, name, dryRun);
  },
});

function refuseOtherOptions(sub: Subcommand, args: DigestArgs): void {
  const given = (['channel', 'schedule', 'domains', 'metrics', 'dry-run'] as const).filter(
    (option) => args[option] !== undefined,
  );
  const stray = given.filter((option) => !OPTIONS_OF[sub].includes(option));
  if (stray.length === 0) return;
  const belongs = stray.every((option) => option !== 'dry-run')
    ? ` ${stray.length === 1 ? 'It goes' : 'They go'} with \`digest add\`.`
    : '';
  throw new UsageError(
    `\`digest ${sub}\` does not take ${stray.map((option) => `--${option}`).join(', ')}.${belongs}`,
    sub === 'list'
      ? 'Write `/cdn digest list`.'
      : `Write \`/cdn digest ${sub} <name>\`${OPTIONS_OF[sub].includes('dry-run') ? ' [--dry-run]' : ''}.`,
  );
}

async function list(ctx: AppContext): Promise<Reply> {
  const { digests, shadowed } = await visibleDigests(ctx);
  const now = ctx.clock.now();
  const listed = await Promise.all(
    digests.map(async (entry) => {
      const [last] = await ctx.store.digestRuns.recent(entry.name, 1);
      const next = parseSchedule(entry.schedule, ctx.timezone).nextAfter(now);
      return { entry, last, next, running: ctx.digests.channelAccounts(entry.channel) !== undefined };
    }),
  );
  const data: z.input<typeof DigestListData> = {
    timezone: ctx.timezone,
    digests: listed.map(({ entry, last, next, running }) => ({
      name: entry.name,
      source: entry.source,
      channel: entry.channel,
      schedule: entry.schedule,
      domains: entry.domains === 'all' ? 'all' : [...entry.domains],
      metrics: [...entry.metrics],
      ...(next === undefined ? {} : { nextRun: next }),
      ...(last ? { lastRun: { dueAt: last.dueAt, outcome: last.outcome } } : {}),
      running,
      ...(entry.createdBy ? { createdBy: entry.createdBy } : {}),
    })),
    shadowed: shadowed.map((entry) => ({
      name: entry.name,
      channel: entry.channel,
      ...(entry.createdBy ? { createdBy: entry.createdBy } : {}),
    })),
  };
  if (digests.length === 0 && shadowed.length === 0) {
    return {
      visibility: 'ephemeral',
      text: 'No digests yet.',
      blocks: [section(`No digests yet. Add one:\n\`/cdn ${ADD_USAGE}\``)],
      data,
    };
  }
  const lines = await Promise.all(
    listed.map(async ({ entry, last, next }) => {
      const stranded = ctx.digests.channelAccounts(entry.channel)
        ? ''
        : ' · :warning: not running: its channel is no longer listed under `channels:`';
      return [
        `*${escapeMrkdwn(entry.name)}* · ${origin(entry, ctx.timezone)}${stranded}`,
        `      <#${entry.channel}> · ${code(entry.schedule)}${next === undefined ? '' : ` (next ${formatWallTime(next, ctx.timezone)})`} · ${describeDomains(entry.domains)} · ${entry.metrics.join(', ')}${last ? ` · last run ${formatWallTime(last.dueAt, ctx.timezone)} ${last.outcome}` : ''}`,
      ].join('\n');
    }),
  );
  for (const entry of shadowed) {
    lines.push(
      `*${escapeMrkdwn(entry.name)}* · added by <@${entry.createdBy}>, not running: cdnops.yml has a digest of the same name; \`/cdn digest remove ${entry.name}\` clears it`,
    );
  }
  return {
    visibility: 'ephemeral',
    text: plural(digests.length, 'digest'),
    blocks: fitBlocks(
      [
        section(`*${plural(digests.length, 'digest')}* · times in ${ctx.timezone}`),
        ...sectionsFromLines(lines),
        context(
          'Digests from cdnops.yml can be changed only there; added ones with `/cdn digest remove <name>` and add.',
        ),
      ],
      (hidden) => `${hidden} more blocks not shown.`,
    ),
    data,
  };
}

async function add(ctx: AppContext, name: string, args: DigestArgs, dryRun: boolean): Promise<Reply> {
  const validName = DigestConfig.shape.name.safeParse(name);
  if (!validName.success) {
    throw new UsageError(
      `${code(name)} is not a digest name I can use.`,
      'Use lower-case letters, digits, - and _, starting with a letter or digit, e.g. daily-traffic.',
    );
  }
  const configured = ctx.digests.configured.find((entry) => entry.name === name);
  if (configured) {
    throw new UsageError(
      `A digest named ${code(name)} is already defined in cdnops.yml.`,
      'Pick another name; `/cdn digest list` shows the names in use.',
    );
  }
  const channel = readChannel(ctx, args.channel);
  const schedule = readSchedule(ctx, args.schedule);
  const domains = readDomainsOption(args.domains, {
    subcommand: 'digest add',
    purpose: 'which domains the digest covers',
  });
  const metrics = readMetrics(args.metrics);
  const access = await authorize(ctx, 'digest add', channel, domains);
  await checkDomainsServed(ctx, domains, channel, access);
  if (await ctx.store.digests.get(name)) {
    throw new UsageError(
      `A digest named ${code(name)} already exists.`,
      `Pick another name, or \`/cdn digest remove ${name}\` first to replace it.`,
    );
  }
  const next = parseSchedule(schedule, ctx.timezone).nextAfter(ctx.clock.now());
  const summary = `posts to <#${channel}> on ${code(schedule)} (${ctx.timezone})${next === undefined ? '' : `, next ${formatWallTime(next, ctx.timezone)}`} · ${describeDomains(domains)} · ${metrics.join(', ')}`;
  if (dryRun) {
    return {
      visibility: 'ephemeral',
      text: `Dry run: digest ${name} would be added.`,
      blocks: [
        section(
          `:mag: *Dry run:* digest *${escapeMrkdwn(name)}* would be added: ${summary}. Nothing was saved.`,
        ),
      ],
    };
  }
  const stored: StoredDigest = {
    name,
    channel,
    schedule,
    domains,
    metrics: [...metrics],
    createdBy: ctx.caller.userId,
    createdAt: ctx.clock.now(),
  };
  if (!(await ctx.store.digests.add(stored))) {
    throw new UsageError(`A digest named ${code(name)} was added meanwhile.`, 'Pick another name.');
  }
  await audit(
    ctx,
    'digest add',
    `${name}: ${channel} ${schedule} ${describeDomains(domains)} ${metrics.join(',')}`,
  );
  const note = longPeriodNote(ctx, channel, schedule, metrics, next);
  return {
    visibility: 'in_channel',
    text: `Digest ${name} added`,
    blocks: [
      section(`:calendar: <@${ctx.caller.userId}> added digest *${escapeMrkdwn(name)}*: ${summary}.`),
      ...(note ? [context(`:information_source: ${escapeMrkdwn(note)}`)] : []),
    ],
  };
}

/** A note (not a refusal) when the schedule's runs are further apart than the channel's providers keep data. */
function longPeriodNote(
  ctx: AppContext,
  channel: string,
  schedule: string,
  metrics: readonly DigestMetric[],
  next: number | undefined,
): string | undefined {
  if (next === undefined) return undefined;
  const providers = (ctx.digests.channelAccounts(channel) ?? []).flatMap((account) => {
    const provider = ctx.providers.get(account);
    return provider ? [provider] : [];
  });
  return retentionNote({ schedule, timeZone: ctx.timezone, at: next, metrics, providers });
}

async function remove(ctx: AppContext, name: string, dryRun: boolean): Promise<Reply> {
  if (ctx.digests.configured.some((entry) => entry.name === name)) {
    throw new UsageError(
      `Digest ${code(name)} is defined in cdnops.yml, so it cannot be removed from Slack.`,
      'Ask an admin to delete it from `digests:` in cdnops.yml and restart cdnops.',
    );
  }
  const stored = await ctx.store.digests.get(name);
  if (!stored) throw await unknownDigest(ctx, name);
  await authorize(ctx, 'digest remove', stored.channel, stored.domains);
  if (dryRun) {
    return {
      visibility: 'ephemeral',
      text: `Dry run: digest ${name} would be removed.`,
      blocks: [
        section(
          `:mag: *Dry run:* digest *${escapeMrkdwn(name)}* (<#${stored.channel}>, ${code(stored.schedule)}) would be removed. Nothing was changed.`,
        ),
      ],
    };
  }
  if (!(await ctx.store.digests.remove(name))) throw await unknownDigest(ctx, name);
  await audit(ctx, 'digest remove', `${name}: ${stored.channel} ${stored.schedule}`);
  return {
    visibility: 'in_channel',
    text: `Digest ${name} removed`,
    blocks: [
      section(
        `:wastebasket: <@${ctx.caller.userId}> removed digest *${escapeMrkdwn(name)}*; it no longer posts to <#${stored.channel}>.`,
      ),
    ],
  };
}

async function run(ctx: AppContext, name: string, dryRun: boolean): Promise<Reply> {
  const { digests } = await listDigests(ctx.digests, ctx.store.digests);
  const entry = digests.find((candidate) => candidate.name === name);
  if (!entry) throw await unknownDigest(ctx, name);
  const access = await authorize(ctx, 'digest run', entry.channel, entry.domains);
  const built = await buildDigest(ctx, entry, ctx.clock.now(), {
    accounts: access.accounts,
    progress: batchProgress(ctx, `Reading the figures of digest ${entry.name}`),
  });
  const replies = built.messages.thread.length;
  if (dryRun) {
    const blocks = [
      context(
        `:mag: *Dry run:* this is what would be posted to <#${entry.channel}>${replies > 0 ? `, with ${plural(replies, 'thread reply', 'thread replies')} holding every domain in full` : ''}. Nothing was posted.`,
      ),
      ...(built.messages.main.blocks ?? []),
    ];
    return {
      visibility: 'ephemeral',
      text: built.messages.main.text,
      blocks: fitBlocks(blocks, (hidden) => `${hidden} more blocks not shown.`),
    };
  }
  const posted = await postDigest(ctx.messenger, entry.channel, built.messages, {
    // The command's response_url can post only where the command was typed.
    responseUrl: entry.channel === ctx.caller.channelId ? ctx.responseUrl : undefined,
  });
  await audit(
    ctx,
    'digest run',
    `${name}: posted to ${entry.channel}${built.missing.length > 0 ? `; no figures for ${built.missing.join(', ')}` : ''}`,
  );
  const notPosted = posted.failedReplies.length;
  return {
    visibility: 'ephemeral',
    text: `Posted digest ${name} to <#${entry.channel}>.`,
    blocks: [
      section(
        `:white_check_mark: Posted digest *${escapeMrkdwn(name)}* to <#${entry.channel}>${replies > 0 ? ` with ${plural(replies - notPosted, 'thread reply', 'thread replies')}` : ''}.${notPosted > 0 ? ` ${plural(notPosted, 'thread reply', 'thread replies')} could not be posted; the bot's log says why.` : ''}${built.missing.length > 0 ? ` ${plural(built.missing.length, 'domain')} had no figures; the digest names them.` : ''}`,
      ),
    ],
  };
}

/** `--channel #C0123456789` (what Slack makes of a picked #channel) or a bare ID; it must be on the allowlist. */
function readChannel(ctx: AppContext, typed: string | undefined): string {
  const pick = `Channels digests may post to: ${ctx.digests.channels.map((id) => `<#${id}>`).join(', ')}.`;
  if (typed === undefined) {
    throw new UsageError(
      '`digest add` needs --channel: where the digest is posted.',
      `Type --channel # and pick the channel. ${pick}`,
    );
  }
  const id = typed.replace(/^#/, '').toUpperCase();
  if (!/^[CG][A-Z0-9]{2,}$/.test(id)) {
    throw new UsageError(
      `--channel ${escapeMrkdwn(typed)} is not a channel I can recognise.`,
      `Type --channel # and pick the channel from the list, so Slack sends its ID, or give the ID itself (C0123456789). ${pick}`,
    );
  }
  if (!ctx.digests.channelAccounts(id)) {
    throw new UsageError(
      `<#${id}> is not listed under \`channels:\` in cdnops.yml, so no digest may post there.`,
      `${pick} An admin can add the channel (a viewer entry is enough).`,
    );
  }
  return id;
}

function readSchedule(ctx: AppContext, typed: string | undefined): string {
  if (typed === undefined) {
    throw new UsageError(
      '`digest add` needs --schedule: when the digest is posted.',
      `${SCHEDULE_HINT} (times are ${ctx.timezone}).`,
    );
  }
  const schedule = typed.trim().replace(/\s+/g, ' ');
  const problem = scheduleProblem(schedule);
  if (problem) {
    throw new UsageError(
      `--schedule "${escapeMrkdwn(schedule)}" ${problem}.`,
      `${SCHEDULE_HINT} (times are ${ctx.timezone}).`,
    );
  }
  return schedule;
}

function readMetrics(typed: readonly string[] | undefined): DigestMetric[] {
  if (typed === undefined) return [...DEFAULT_METRICS];
  const metrics: DigestMetric[] = [];
  for (const word of typed) {
    const metric = DIGEST_METRICS.find((candidate) => candidate.toLowerCase() === word.toLowerCase());
    if (!metric) {
      throw new UsageError(
        `--metrics: ${code(word)} is not a digest metric.`,
        `Choose from ${DIGEST_METRICS.join(', ')}, e.g. --metrics flux,request,statusCode (default: ${DEFAULT_METRICS.join(',')}).`,
      );
    }
    if (!metrics.includes(metric)) metrics.push(metric);
  }
  return metrics;
}

/**
 * The caller's role in the digest's channel, and accounts both channels may use for what it reads: refused (naming
 * the channel and what is missing) before anything is fetched or stored.
 */
function authorize(
  ctx: AppContext,
  action: string,
  channel: string,
  domains: 'all' | readonly string[],
): Promise<DigestAccess> {
  return authorizeDigest(ctx, ctx.caller, { action, required: DIGEST_ROLE, channel, domains });
}

/** The digests `digest list` shows here: this channel's, and those of channels the caller could manage from here. */
async function visibleDigests(ctx: AppContext): Promise<DigestList> {
  const all = await listDigests(ctx.digests, ctx.store.digests);
  const channels = [...new Set([...all.digests, ...all.shadowed].map((entry) => entry.channel))];
  const shown = new Set<string>();
  for (const channel of channels) {
    if (await digestVisible(ctx.guardrails, ctx.caller, channel, DIGEST_ROLE)) shown.add(channel);
  }
  return {
    digests: all.digests.filter((entry) => shown.has(entry.channel)),
    shadowed: all.shadowed.filter((entry) => shown.has(entry.channel)),
  };
}

/**
 * Named domains must be served by an account the digest's channel (and the caller's) may use, so a typo is caught
 * now, not at 09:00.
 */
async function checkDomainsServed(
  ctx: AppContext,
  domains: 'all' | readonly string[],
  channel: string,
  access: DigestAccess,
): Promise<void> {
  if (domains === 'all') return;
  const accounts = access.accounts;
  const resolution = await ctx.inventory.resolve(domains, accounts);
  const [ambiguous] = resolution.ambiguous;
  if (ambiguous) {
    throw new UsageError(
      `${code(ambiguous[0])} is served by more than one account (${ambiguous[1].map(code).join(', ')}).`,
      'Ask an admin to limit the channel to one of them with `providers:` in cdnops.yml.',
    );
  }
  if (resolution.unknown.length > 0) {
    if (resolution.failures[0]) throw resolution.failures[0];
    throw new UsageError(
      `Not served by any account <#${channel}> may use: ${resolution.unknown.map(code).join(', ')}.`,
      '`/cdn hosts` lists the domains there; or write --domains all.',
    );
  }
}

async function unknownDigest(ctx: AppContext, name: string): Promise<UsageError> {
  const { digests } = await visibleDigests(ctx);
  return new UsageError(
    `There is no digest named ${code(name)}.`,
    digests.length > 0
      ? `Digests: ${digests.map((entry) => code(entry.name)).join(', ')}.`
      : `There are none yet; add one with \`/cdn ${ADD_USAGE}\`.`,
  );
}

function origin(entry: DigestDefinition, timeZone: string): string {
  if (entry.source === 'config') return 'from cdnops.yml (change it there)';
  const when =
    entry.createdAt === undefined ? '' : ` on ${formatWallTime(entry.createdAt, timeZone).slice(0, 10)}`;
  return `added by <@${entry.createdBy}>${when}`;
}

function describeDomains(domains: 'all' | readonly string[]): string {
  if (domains === 'all') return 'all domains';
  const shown = domains.slice(0, DOMAINS_SHOWN).map(code).join(', ');
  return truncate(
    domains.length > DOMAINS_SHOWN ? `${shown} and ${domains.length - DOMAINS_SHOWN} more` : shown,
    1000,
  );
}

async function audit(ctx: AppContext, action: string, detail: string): Promise<void> {
  await ctx.store.audit.append({
    at: ctx.clock.now(),
    userId: ctx.caller.userId,
    channel: ctx.caller.channelId,
    commandText: ctx.commandText,
    action,
    accountId: null,
    domain: null,
    outcome: 'done',
    requestId: null,
    detail,
    changeId: null,
  });
}
