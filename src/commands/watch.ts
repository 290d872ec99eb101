import * as z from 'zod';
import { readAlertState } from '../alerts/alert-state.ts';
import { describeDomains, describeRule, formatReading, mentionOf } from '../alerts/describe-watch.ts';
import { listWatches } from '../alerts/list-watches.ts';
import { measureWatch } from '../alerts/measure-watch.ts';
import { renderAlert } from '../alerts/render-alert.ts';
import { unjudgedAccounts } from '../alerts/unjudged-accounts.ts';
import { type WatchDefinition, watchFromStore } from '../alerts/watch-definition.ts';
import type { Role } from '../auth/roles.ts';
import { parseDuration } from '../config/duration.ts';
import { Domain, MAX_WATCH_FOR_MS, UserOrGroupId, WatchConfig, WatchRule } from '../config/schema.ts';
import { CONDITION_HINT, parseCondition } from '../config/watch-condition.ts';
import { authorizeDigest, type DigestAccess, digestVisible } from '../digests/digest-access.ts';
import { readDomainsOption } from '../dispatch/read-domains-option.ts';
import { UsageError } from '../errors.ts';
import type { Reply } from '../messaging/message.ts';
import { context, fitBlocks, section, sectionsFromLines } from '../render/blocks.ts';
import { code, escapeMrkdwn, plural } from '../render/format.ts';
import { describeLength } from '../time/describe-length.ts';
import { formatWallTime } from '../time/zoned-time.ts';
import type { AppContext } from './app-services.ts';
import { defineCommand } from './app-services.ts';

const SUBCOMMANDS = ['list', 'add', 'remove', 'mute', 'ack', 'test', 'history'] as const;
type Subcommand = (typeof SUBCOMMANDS)[number];
/** What every watch subcommand needs here (the dispatcher) and in the rule's channel (digest-access.ts). */
const WATCH_ROLE: Role = 'operator';
const OPTIONS = ['channel', 'domains', 'when', 'for', 'mention', 'min-requests', 'last', 'dry-run'] as const;
const OPTIONS_OF: Readonly<Record<Subcommand, readonly (typeof OPTIONS)[number][]>> = {
  list: [],
  add: ['channel', 'domains', 'when', 'for', 'mention', 'min-requests', 'dry-run'],
  remove: ['dry-run'],
  mute: ['dry-run'],
  ack: [],
  test: [],
  history: ['last'],
};
const ADD_USAGE =
  'watch add <name> --domains a.example.com,b.example.com|all --when "5xx > 2%" [--for 10m] [--mention @group] [--channel #channel]';
const LONGEST_MUTE_MS = 7 * 24 * 3_600_000;
const HISTORY_SHOWN = 20;

const WatchArgs = z.object({
  positionals: z.array(z.string()),
  channel: z.string().optional(),
  domains: z.array(z.string()).optional(),
  when: z.string().optional(),
  for: z.string().optional(),
  mention: z.string().optional(),
  'min-requests': z.string().optional(),
  last: z.string().optional(),
  'dry-run': z.boolean().optional(),
});
type WatchArgs = z.infer<typeof WatchArgs>;

/** `cdnops watch list --json` prints this (README "Command line"): the rules the caller can see, and their state. */
export const WatchListData = z.object({
  watches: z.array(
    z.object({
      name: z.string(),
      source: z.enum(['config', 'added']),
      channel: z.string(),
      when: z.string(),
      /** How long the condition must hold, ms (whole 5-minute intervals). */
      forMs: z.number(),
      domains: z.union([z.literal('all'), z.array(z.string())]),
      mention: z.string().optional(),
      minRequests: z.number(),
      /** The firing alert's start, epoch ms. */
      firingSince: z.number().optional(),
      mutes: z.array(z.object({ domain: z.string(), until: z.number() })),
      /** Accounts on which the rule judges no domain, and why (e.g. Wangsu bandwidth is only reported added up). */
      notJudged: z.array(z.object({ account: z.string(), why: z.string() })),
      createdBy: z.string().optional(),
      createdAt: z.number().optional(),
    }),
  ),
  /** Added rules hidden by a cdnops.yml rule of the same name, and added rules that no longer read: neither runs. */
  notRunning: z.array(z.object({ name: z.string(), problem: z.string() })),
});

export const watch = defineCommand({
  name: 'watch',
  summary:
    'Alert rules: post to a channel when domains cross a threshold, and edit that message while it lasts',
  usage:
    'list | add <name> --domains <a,b|all> --when "<condition>" [--for 10m] [--mention @group] [--channel #c] | remove <name> | mute <name> [domain] <1h> | ack <name> | test <name> | history [name] [--last 7d]',
  examples: [
    'watch list',
    'watch add errors --domains all --when "5xx > 2%" --for 10m',
    'watch test errors',
    'watch mute errors 1h',
    'watch history errors --last 7d',
    'watch remove errors',
  ],
  role: WATCH_ROLE,
  mutating: true,
  // Only `watch list` (or `watch` alone) prints JSON; the others change something or answer one person.
  json: { data: WatchListData, reads: (args) => (args.positionals[0] ?? 'list').toLowerCase() === 'list' },
  flags: {
    channel: 'string',
    domains: 'string[]',
    when: 'string',
    for: 'string',
    mention: 'string',
    'min-requests': 'string',
    last: 'string',
    'dry-run': 'boolean',
  },
  args: WatchArgs,
  async handler(args, ctx) {
    const [word = 'list', ...rest] = args.positionals;
    const sub = SUBCOMMANDS.find((candidate) => candidate === word.toLowerCase());
    if (!sub) {
      throw new UsageError(
        `\`watch ${word}\` is not something watch does.`,
        'Write `watch list`, `watch add <name> …`, `watch remove <name>`, `watch mute <name> [domain] 1h`, `watch test <name>` or `watch history [name]`.',
      );
    }
    refuseOtherOptions(sub, args);
    if (sub === 'list') {
      if (rest.length > 0)
        throw new UsageError('`watch list` takes nothing more.', 'Write `/cdn watch list`.');
      return list(ctx);
    }
    if (sub === 'history') {
      if (rest.length > 1) {
        throw new UsageError(
          '`watch history` takes at most one name.',
          'Write `/cdn watch history [name] [--last 7d]`.',
        );
      }
      return history(ctx, rest[0], args.last);
    }
    const [name, ...extra] = rest;
    if (name === undefined) {
      throw new UsageError(
        `\`watch ${sub}\` needs the rule's name.`,
        sub === 'add'
          ? `Write \`/cdn ${ADD_USAGE}\`.`
          : `Write \`/cdn watch ${sub} <name>${sub === 'mute' ? ' [domain] 1h' : ''}\`; \`/cdn watch list\` shows the names.`,
      );
    }
    const dryRun = args['dry-run'] ?? false;
    if (sub === 'mute') return mute(ctx, name, extra, dryRun);
    if (sub === 'ack' && extra.length === 0) return acknowledge(ctx, name);
    if (extra.length > 0) {
      throw new UsageError(
        `\`watch ${sub}\` takes one name; ${extra.map(code).join(' ')} is left over.`,
        sub === 'add'
          ? `Give the rest as options and quote the condition: \`/cdn ${ADD_USAGE}\`.`
          : `Write \`/cdn watch ${sub} <name>\`.`,
      );
    }
    if (sub === 'add') return add(ctx, name, args, dryRun);
    if (sub === 'remove') return remove(ctx, name, dryRun);
    return test(ctx, name);
  },
});

function refuseOtherOptions(sub: Subcommand, args: WatchArgs): void {
  const stray = OPTIONS.filter((option) => args[option] !== undefined && !OPTIONS_OF[sub].includes(option));
  if (stray.length === 0) return;
  throw new UsageError(
    `\`watch ${sub}\` does not take ${stray.map((option) => `--${option}`).join(', ')}.`,
    stray.every((option) => OPTIONS_OF.add.includes(option))
      ? `${stray.length === 1 ? 'It goes' : 'They go'} with \`watch add\`: \`/cdn ${ADD_USAGE}\`.`
      : 'Write `/cdn watch history [name] [--last 7d]` for --last.',
  );
}

async function add(ctx: AppContext, name: string, args: WatchArgs, dryRun: boolean): Promise<Reply> {
  if (!WatchConfig.shape.name.safeParse(name).success) {
    throw new UsageError(
      `${code(name)} is not a watch name I can use.`,
      'Use lower-case letters, digits, - and _, starting with a letter or digit, e.g. shop-errors.',
    );
  }
  if (ctx.watches.configured.some((entry) => entry.name === name)) {
    throw new UsageError(
      `A watch named ${code(name)} is already defined in cdnops.yml.`,
      'Pick another name; `/cdn watch list` shows the names in use.',
    );
  }
  const channel = readChannel(ctx, args.channel);
  const domains = readDomainsOption(args.domains, {
    subcommand: 'watch add',
    purpose: 'which domains the rule watches',
  });
  const when = readCondition(args.when);
  const forMs = readFor(args.for);
  const mention = readMention(args.mention);
  const minRequests = readMinRequests(args['min-requests']);
  const access = await authorize(ctx, 'watch add', channel, domains);
  await checkDomainsServed(ctx, domains, channel, access);
  if (await ctx.store.watches.get(name)) {
    throw new UsageError(
      `A watch named ${code(name)} already exists.`,
      `Pick another name, or \`/cdn watch remove ${name}\` first to replace it.`,
    );
  }
  const rule = WatchRule.parse({
    name,
    channel,
    domains,
    when,
    forMs,
    ...(mention ? { mention } : {}),
    ...(minRequests === undefined ? {} : { minRequests }),
  });
  // Said as it runs: in whole 5-minute intervals (`--for 7m` waits for two), as `watch list` shows it.
  const heldMs = Math.max(1, Math.ceil(forMs / FIVE_MINUTES)) * FIVE_MINUTES;
  const rounded =
    heldMs === forMs || args.for === undefined
      ? ''
      : ` (--for ${escapeMrkdwn(args.for)}, rounded up to whole 5-minute intervals)`;
  const summary = `posts to <#${channel}> when ${code(when)} holds for ${describeLength(heldMs)}${rounded} · ${describeDomains(domains)}${mention ? ` · mentions ${mentionOf(mention)}` : ''}`;
  // Said when the rule is added, not only by `watch list` later: nobody should count on a rule that stays silent.
  const unjudged = await notJudgedNotes(ctx, { name, channel, rule });
  if (dryRun) {
    return {
      visibility: 'ephemeral',
      text: `Dry run: watch ${name} would be added.`,
      blocks: [
        section(
          `:mag: *Dry run:* watch *${escapeMrkdwn(name)}* would be added: ${summary}. Nothing was saved.`,
        ),
        ...unjudged,
      ],
    };
  }
  const added = await ctx.store.watches.add({
    name,
    channel,
    rule,
    createdBy: ctx.caller.userId,
    createdAt: ctx.clock.now(),
  });
  if (!added) throw new UsageError(`A watch named ${code(name)} was added meanwhile.`, 'Pick another name.');
  await audit(
    ctx,
    'watch add',
    `${name}: ${channel} "${when}" for ${forMs}ms ${describeDomainsPlain(domains)}`,
  );
  return {
    visibility: 'in_channel',
    text: `Watch ${name} added`,
    blocks: [
      section(`:rotating_light: <@${ctx.caller.userId}> added watch *${escapeMrkdwn(name)}*: ${summary}.`),
      ...unjudged,
      context(`Try it now without posting anything: \`/cdn watch test ${name}\`.`),
    ],
  };
}

/** A note per account of the rule's channel on which the rule will judge none of its domains (unjudgedAccounts). */
async function notJudgedNotes(
  ctx: AppContext,
  watch: { name: string; channel: string; rule: WatchRule },
): Promise<ReturnType<typeof context>[]> {
  const definition = watchFromStore({ ...watch, createdBy: ctx.caller.userId, createdAt: ctx.clock.now() });
  if (!('condition' in definition)) return [];
  const unjudged = await unjudgedAccounts(ctx, definition, ctx.watches.channelAccounts(watch.channel) ?? []);
  return unjudged.map(({ accountId, why }) =>
    context(`:warning: Not judged on ${code(accountId)}: ${escapeMrkdwn(why)}`),
  );
}

async function list(ctx: AppContext): Promise<Reply> {
  const { watches, shadowed, broken } = await visibleWatches(ctx);
  const now = ctx.clock.now();
  const rows: z.input<typeof WatchListData>['watches'] = [];
  const notRunning = [
    ...shadowed.map((entry) => ({ name: entry.name, problem: 'cdnops.yml has a watch of the same name' })),
    ...broken,
  ];
  if (watches.length === 0 && shadowed.length === 0) {
    return {
      visibility: 'ephemeral',
      text: 'No watches yet.',
      blocks: [section(`No watches yet. Add one:\n\`/cdn ${ADD_USAGE}\``)],
      data: { watches: rows, notRunning } satisfies z.input<typeof WatchListData>,
    };
  }
  const lines = await Promise.all(
    watches.map(async (entry, index) => {
      const [firing, mutes] = await Promise.all([
        ctx.store.alerts.firing(entry.name),
        ctx.store.watchMutes.active(entry.name, now),
      ]);
      const state = [
        firing ? `:red_circle: firing since ${formatWallTime(firing.startedAt, ctx.timezone)}` : '',
        ...mutes.map(
          (mute) =>
            `:mute: ${mute.domain === '*' ? 'muted' : `${code(mute.domain)} muted`} until ${formatWallTime(mute.until, ctx.timezone)}`,
        ),
      ].filter(Boolean);
      const unjudged = await unjudgedAccounts(ctx, entry, ctx.watches.channelAccounts(entry.channel) ?? []);
      rows[index] = {
        name: entry.name,
        source: entry.source,
        channel: entry.channel,
        when: entry.when,
        forMs: entry.intervals * 5 * 60_000,
        domains: entry.domains === 'all' ? 'all' : [...entry.domains],
        ...(entry.mention ? { mention: entry.mention } : {}),
        minRequests: entry.minRequestsOrDefault,
        ...(firing ? { firingSince: firing.startedAt } : {}),
        mutes: mutes.map((mute) => ({ domain: mute.domain, until: mute.until })),
        notJudged: unjudged.map(({ accountId, why }) => ({ account: accountId, why })),
        ...(entry.createdBy === undefined ? {} : { createdBy: entry.createdBy }),
        ...(entry.createdAt === undefined ? {} : { createdAt: entry.createdAt }),
      };
      return [
        `*${escapeMrkdwn(entry.name)}* · ${origin(entry, ctx.timezone)}${state.length > 0 ? ` · ${state.join(' · ')}` : ''}`,
        `      <#${entry.channel}> · ${describeRule(entry)} · ${describeDomains(entry.domains)}${entry.mention ? ` · mentions ${mentionOf(entry.mention)}` : ''}`,
        ...unjudged.map(
          ({ accountId, why }) => `      :warning: Not judged on ${code(accountId)}: ${escapeMrkdwn(why)}`,
        ),
      ].join('\n');
    }),
  );
  for (const entry of shadowed) {
    lines.push(
      `*${escapeMrkdwn(entry.name)}* · added by <@${entry.createdBy}>, not running: cdnops.yml has a watch of the same name; \`/cdn watch remove ${entry.name}\` clears it`,
    );
  }
  for (const entry of broken) {
    lines.push(
      `*${escapeMrkdwn(entry.name)}* · not running: ${escapeMrkdwn(entry.problem)}; \`/cdn watch remove ${entry.name}\` clears it`,
    );
  }
  return {
    visibility: 'ephemeral',
    text: plural(watches.length, 'watch', 'watches'),
    blocks: fitBlocks(
      [
        section(`*${plural(watches.length, 'watch', 'watches')}* · times in ${ctx.timezone}`),
        ...sectionsFromLines(lines),
        context(
          'Rules from cdnops.yml change only there. To change a rule added here, remove it (`/cdn watch remove <name>`) and add it again.',
        ),
      ],
      (hidden) => `${hidden} more blocks not shown.`,
    ),
    data: { watches: rows, notRunning } satisfies z.input<typeof WatchListData>,
  };
}

async function remove(ctx: AppContext, name: string, dryRun: boolean): Promise<Reply> {
  if (ctx.watches.configured.some((entry) => entry.name === name)) {
    throw new UsageError(
      `Watch ${code(name)} is defined in cdnops.yml, so it cannot be removed from Slack.`,
      'Ask an admin to delete it from `watches:` in cdnops.yml and restart cdnops, or mute it: `/cdn watch mute <name> 1h`.',
    );
  }
  const stored = await ctx.store.watches.get(name);
  if (!stored) throw await unknownWatch(ctx, name);
  const rule = WatchRule.safeParse(stored.rule);
  await authorize(ctx, 'watch remove', stored.channel, rule.success ? rule.data.domains : 'all');
  if (dryRun) {
    return {
      visibility: 'ephemeral',
      text: `Dry run: watch ${name} would be removed.`,
      blocks: [
        section(
          `:mag: *Dry run:* watch *${escapeMrkdwn(name)}* (<#${stored.channel}>) would be removed. Nothing was changed.`,
        ),
      ],
    };
  }
  if (!(await ctx.store.watches.remove(name))) throw await unknownWatch(ctx, name);
  await audit(ctx, 'watch remove', `${name}: ${stored.channel}`);
  await closeFiring(ctx, name);
  return {
    visibility: 'in_channel',
    text: `Watch ${name} removed`,
    blocks: [
      section(
        `:wastebasket: <@${ctx.caller.userId}> removed watch *${escapeMrkdwn(name)}*; it no longer posts to <#${stored.channel}>.`,
      ),
    ],
  };
}

async function mute(ctx: AppContext, name: string, rest: readonly string[], dryRun: boolean): Promise<Reply> {
  const hint = `Write \`/cdn watch mute ${name} 1h\`, or \`/cdn watch mute ${name} www.example.com 1h\` for one domain (at most 7d).`;
  const [first, second, ...extra] = rest;
  if (first === undefined) throw new UsageError('`watch mute` needs how long, e.g. 1h.', hint);
  if (extra.length > 0)
    throw new UsageError(`\`watch mute\`: ${extra.map(code).join(' ')} is left over.`, hint);
  const typedDomain = second === undefined ? undefined : first;
  const typedLength = second ?? first;
  const ms = parseDuration(typedLength);
  if (ms === undefined || ms <= 0 || ms > LONGEST_MUTE_MS) {
    throw new UsageError(`\`watch mute\`: ${code(typedLength)} is not a length I can mute for.`, hint);
  }
  let domain = '*';
  if (typedDomain !== undefined) {
    const parsed = Domain.safeParse(typedDomain);
    if (!parsed.success)
      throw new UsageError(`\`watch mute\`: ${code(typedDomain)} is not a domain name.`, hint);
    domain = parsed.data;
  }
  const entry = await findWatch(ctx, name);
  if (domain !== '*' && entry.domains !== 'all' && !entry.domains.includes(domain)) {
    throw new UsageError(
      `Watch ${code(name)} does not watch ${code(domain)}.`,
      `It watches ${describeDomains(entry.domains)}. ${hint}`,
    );
  }
  await authorize(ctx, 'watch mute', entry.channel, entry.domains);
  const until = ctx.clock.now() + ms;
  const what =
    domain === '*' ? `watch *${escapeMrkdwn(name)}*` : `${code(domain)} in watch *${escapeMrkdwn(name)}*`;
  if (dryRun) {
    return {
      visibility: 'ephemeral',
      text: `Dry run: watch ${name} would be muted.`,
      blocks: [
        section(
          `:mag: *Dry run:* ${what} would be muted until ${formatWallTime(until, ctx.timezone)}. Nothing was changed.`,
        ),
      ],
    };
  }
  await ctx.store.watchMutes.mute({ name, domain, until, mutedBy: ctx.caller.userId });
  await audit(
    ctx,
    'watch mute',
    `${name}: ${domain === '*' ? 'all domains' : domain} for ${describeLength(ms)}`,
  );
  return {
    visibility: 'in_channel',
    text: `Watch ${name} muted`,
    blocks: [
      section(
        `:mute: <@${ctx.caller.userId}> muted ${what} for ${describeLength(ms)}, until ${formatWallTime(until, ctx.timezone)} (${ctx.timezone}): no new alerts for it until then.`,
      ),
    ],
  };
}

/** A removed rule is never evaluated again: its firing alert is closed now, or it would fire on in the App Home. */
async function closeFiring(ctx: AppContext, name: string): Promise<void> {
  const alert = await ctx.store.alerts.firing(name);
  const state = alert ? readAlertState(alert.state) : undefined;
  if (!alert || !state) return;
  const now = ctx.clock.now();
  const closed = await ctx.store.alerts.update(alert.id, alert.version, {
    phase: 'resolved',
    resolvedAt: now,
  });
  if (closed?.messageTs) {
    await ctx.messenger.post(
      closed.channel,
      { text: `:wastebasket: Closed: <@${ctx.caller.userId}> removed watch ${name}.` },
      { threadTs: closed.messageTs },
    );
  }
}

/** Acknowledge: records who took the alert on, on the alert and its message, so the channel knows. */
async function acknowledge(ctx: AppContext, name: string): Promise<Reply> {
  const entry = await findWatch(ctx, name);
  await authorize(ctx, 'watch ack', entry.channel, entry.domains);
  const alert = await ctx.store.alerts.firing(name);
  const state = alert ? readAlertState(alert.state) : undefined;
  if (!alert || !state) {
    throw new UsageError(
      `Watch ${code(name)} has no alert firing.`,
      '`/cdn watch history` lists its alerts.',
    );
  }
  if (alert.acknowledgedBy) {
    return {
      visibility: 'ephemeral',
      text: `Already acknowledged by <@${alert.acknowledgedBy}>.`,
      blocks: [
        section(
          `:eyes: The alert of *${escapeMrkdwn(name)}* was already acknowledged by <@${alert.acknowledgedBy}>.`,
        ),
      ],
    };
  }
  const now = ctx.clock.now();
  const next = { ...state, acknowledgedAt: now };
  const updated = await ctx.store.alerts.update(alert.id, alert.version, {
    acknowledgedBy: ctx.caller.userId,
    state: next,
  });
  if (!updated) {
    throw new UsageError(
      'The alert changed while you acknowledged it.',
      `Try again: \`/cdn watch ack ${name}\`.`,
    );
  }
  if (updated.messageTs) {
    await ctx.messenger.update(
      { channel: updated.channel, ts: updated.messageTs },
      renderAlert(entry, updated, next, { timeZone: ctx.timezone, now }),
    );
  }
  await audit(ctx, 'alert acknowledged', `${name}: ${alert.id}`);
  return {
    visibility: 'ephemeral',
    text: `Acknowledged the alert of ${name}.`,
    blocks: [
      section(
        `:eyes: You acknowledged the alert of *${escapeMrkdwn(name)}*; its message in <#${updated.channel}> says so.`,
      ),
    ],
  };
}

async function test(ctx: AppContext, name: string): Promise<Reply> {
  const entry = await findWatch(ctx, name);
  const access = await authorize(ctx, 'watch test', entry.channel, entry.domains);
  const now = ctx.clock.now();
  const measured = await measureWatch(ctx, entry, { accounts: access.accounts, now });
  const matching = measured.readings.filter((reading) => reading.matches);
  const judged = measured.readings.filter((reading) => reading.note === undefined);
  const notes = new Map<string, string[]>();
  for (const reading of measured.readings) {
    if (reading.note === undefined) continue;
    notes.set(reading.note, [...(notes.get(reading.note) ?? []), reading.domain]);
  }
  const latest = Math.max(...judged.map((reading) => reading.at ?? 0));
  const lines = [
    `:mag: *Test of watch ${escapeMrkdwn(name)}* (${describeRule(entry)}) · nothing was posted`,
    matching.length > 0
      ? `*Would count towards an alert now:* ${plural(matching.length, 'domain')} of ${judged.length} judged`
      : `*Nothing crosses the threshold* in the latest reported interval: ${plural(judged.length, 'domain')} judged.`,
    ...matching
      .slice(0, 20)
      .map(
        (reading) =>
          `• ${code(reading.domain)} ${reading.status ?? formatReading(entry.condition, reading.value)}${reading.at === undefined ? '' : ` at ${formatWallTime(reading.at, ctx.timezone)}`}`,
      ),
    ...(latest > 0
      ? [`Latest interval reported: ${formatWallTime(latest, ctx.timezone)} (${ctx.timezone}).`]
      : []),
    ...[...notes].map(([note, domains]) => `Not judged, ${escapeMrkdwn(note)}: ${describeDomains(domains)}`),
    ...measured.failures.map(
      (failure) =>
        `:warning: ${code(failure.accountId)} refused ${plural(failure.domains.length, 'domain')}: ${failure.providerCode} ${escapeMrkdwn(failure.message)}${failure.requestId ? ` (request id ${failure.requestId})` : ''}`,
    ),
    ...(measured.unknown.length > 0
      ? [`Not served by the channel's accounts: ${describeDomains(measured.unknown)}`]
      : []),
    ...(entry.intervals > 1
      ? [`An alert fires once the condition holds for ${entry.intervals} intervals in a row.`]
      : []),
  ];
  return {
    visibility: 'ephemeral',
    text: `Test of watch ${name}: ${plural(matching.length, 'domain')} over the threshold`,
    blocks: fitBlocks(sectionsFromLines(lines), (hidden) => `${hidden} more blocks not shown.`),
  };
}

async function history(ctx: AppContext, name: string | undefined, last: string | undefined): Promise<Reply> {
  const hint = 'Write `/cdn watch history [name] [--last 7d]`.';
  const lengthMs = last === undefined ? 7 * 24 * 3_600_000 : parseDuration(last);
  if (lengthMs === undefined || lengthMs <= 0)
    throw new UsageError(`--last ${code(last ?? '')} is not a length.`, hint);
  if (name !== undefined) await findWatch(ctx, name);
  const since = ctx.clock.now() - lengthMs;
  const channels = new Map<string, boolean>();
  const visible = async (channel: string) => {
    if (!channels.has(channel))
      channels.set(channel, await digestVisible(ctx.guardrails, ctx.caller, channel, WATCH_ROLE));
    return channels.get(channel)!;
  };
  const alerts = [];
  for (const alert of await ctx.store.alerts.recent(since, name, 200)) {
    if (await visible(alert.channel)) alerts.push(alert);
  }
  const title = `*Alerts${name ? ` of watch ${escapeMrkdwn(name)}` : ''} in the last ${describeLength(lengthMs)}*`;
  if (alerts.length === 0) {
    return { visibility: 'ephemeral', text: 'No alerts.', blocks: [section(`${title}: none.`)] };
  }
  const lines = alerts.slice(0, HISTORY_SHOWN).map((alert) => {
    const ended = alert.resolvedAt ?? ctx.clock.now();
    const domains = readDomainsOf(alert.state);
    return `• *${escapeMrkdwn(alert.name)}* ${formatWallTime(alert.startedAt, ctx.timezone)} · ${alert.phase === 'firing' ? ':red_circle: firing' : ':white_check_mark: resolved'} after ${describeLength(Math.max(0, ended - alert.startedAt))}${domains.length > 0 ? ` · ${describeDomains(domains)}` : ''}${alert.acknowledgedBy ? ` · acknowledged by <@${alert.acknowledgedBy}>` : ''}`;
  });
  return {
    visibility: 'ephemeral',
    text: plural(alerts.length, 'alert'),
    blocks: fitBlocks(
      [
        section(`${title} · ${plural(alerts.length, 'alert')} · times in ${ctx.timezone}`),
        ...sectionsFromLines(lines),
        ...(alerts.length > HISTORY_SHOWN
          ? [context(`${alerts.length - HISTORY_SHOWN} older not shown; narrow with --last.`)]
          : []),
      ],
      (hidden) => `${hidden} more blocks not shown.`,
    ),
  };
}

function readDomainsOf(state: unknown): string[] {
  const domains = (state as { domains?: unknown } | null)?.domains;
  return Array.isArray(domains)
    ? domains.filter((domain): domain is string => typeof domain === 'string')
    : [];
}

/** `--channel #C0123456789` (what Slack makes of a picked #channel) or a bare ID; by default this channel. */
function readChannel(ctx: AppContext, typed: string | undefined): string {
  const pick = `Channels alerts may post to: ${ctx.watches.channels.map((id) => `<#${id}>`).join(', ')}.`;
  if (typed === undefined) return ctx.caller.channelId;
  const id = typed.replace(/^#/, '').toUpperCase();
  if (!/^[CG][A-Z0-9]{2,}$/.test(id)) {
    throw new UsageError(
      `--channel ${escapeMrkdwn(typed)} is not a channel I can recognise.`,
      `Type --channel # and pick the channel from the list, so Slack sends its ID, or give the ID itself (C0123456789). ${pick}`,
    );
  }
  if (!ctx.watches.channelAccounts(id)) {
    throw new UsageError(
      `<#${id}> is not listed under \`channels:\` in cdnops.yml, so no alert may post there.`,
      `${pick} An admin can add the channel (a viewer entry is enough).`,
    );
  }
  return id;
}

function readCondition(typed: string | undefined): string {
  if (typed === undefined) {
    throw new UsageError(
      '`watch add` needs --when: the condition that raises the alert.',
      `${CONDITION_HINT} Quote it: --when "5xx > 2%".`,
    );
  }
  const parsed = parseCondition(typed);
  if (typeof parsed === 'string')
    throw new UsageError(`--when: ${escapeMrkdwn(parsed)}`, 'Quote the condition: --when "5xx > 2%".');
  return typed.trim().replace(/\s+/g, ' ');
}

/** The providers' finest granularity, in which `--for` is counted. */
const FIVE_MINUTES = 5 * 60_000;

function readFor(typed: string | undefined): number {
  if (typed === undefined) return 5 * 60_000;
  const ms = parseDuration(typed);
  if (ms === undefined || ms > MAX_WATCH_FOR_MS) {
    throw new UsageError(
      `--for ${code(typed)} is not a length I can wait for.`,
      'Write minutes or hours up to 24h, e.g. --for 10m; providers report every 5 minutes, so it is rounded up to 5-minute steps.',
    );
  }
  return ms;
}

function readMention(typed: string | undefined): string | undefined {
  if (typed === undefined) return undefined;
  const parsed = UserOrGroupId.safeParse(typed.replace(/^@/, ''));
  if (!parsed.success) {
    throw new UsageError(
      `--mention ${escapeMrkdwn(typed)} is not a user group or person I can mention.`,
      'Type --mention @ and pick the user group (or person) from the list, so Slack sends its ID.',
    );
  }
  return parsed.data;
}

function readMinRequests(typed: string | undefined): number | undefined {
  if (typed === undefined) return undefined;
  if (!/^\d{1,9}$/.test(typed)) {
    throw new UsageError(
      `--min-requests ${code(typed)} is not a whole number.`,
      'e.g. --min-requests 200: rates over fewer requests in 5 minutes are not judged.',
    );
  }
  return Number(typed);
}

function authorize(
  ctx: AppContext,
  action: string,
  channel: string,
  domains: 'all' | readonly string[],
): Promise<DigestAccess> {
  return authorizeDigest(ctx, ctx.caller, { action, required: WATCH_ROLE, channel, domains, noun: 'watch' });
}

/** Named domains must be served by an account both channels may use, so a typo is caught now, not at 3 a.m. */
async function checkDomainsServed(
  ctx: AppContext,
  domains: 'all' | readonly string[],
  channel: string,
  access: DigestAccess,
): Promise<void> {
  if (domains === 'all') return;
  const resolution = await ctx.inventory.resolve(domains, access.accounts);
  if (resolution.unknown.length > 0) {
    if (resolution.failures[0]) throw resolution.failures[0];
    throw new UsageError(
      `Not served by any account <#${channel}> may use: ${resolution.unknown.map(code).join(', ')}.`,
      '`/cdn hosts` lists the domains there; or write --domains all.',
    );
  }
}

async function visibleWatches(ctx: AppContext) {
  const all = await listWatches(ctx.watches, ctx.store.watches);
  const channels = [...new Set([...all.watches, ...all.shadowed].map((entry) => entry.channel))];
  const shown = new Set<string>();
  for (const channel of channels) {
    if (await digestVisible(ctx.guardrails, ctx.caller, channel, WATCH_ROLE)) shown.add(channel);
  }
  return {
    watches: all.watches.filter((entry) => shown.has(entry.channel)),
    shadowed: all.shadowed.filter((entry) => shown.has(entry.channel)),
    broken: all.broken,
  };
}

async function findWatch(ctx: AppContext, name: string): Promise<WatchDefinition> {
  const { watches } = await listWatches(ctx.watches, ctx.store.watches);
  const entry = watches.find((candidate) => candidate.name === name);
  if (!entry) throw await unknownWatch(ctx, name);
  return entry;
}

async function unknownWatch(ctx: AppContext, name: string): Promise<UsageError> {
  const { watches } = await visibleWatches(ctx);
  return new UsageError(
    `There is no watch named ${code(name)}.`,
    watches.length > 0
      ? `Watches: ${watches.map((entry) => code(entry.name)).join(', ')}.`
      : `There are none yet; add one with \`/cdn ${ADD_USAGE}\`.`,
  );
}

function origin(entry: WatchDefinition, timeZone: string): string {
  if (entry.source === 'config') return 'from cdnops.yml (change it there)';
  const when =
    entry.createdAt === undefined ? '' : ` on ${formatWallTime(entry.createdAt, timeZone).slice(0, 10)}`;
  return `added by <@${entry.createdBy}>${when}`;
}

function describeDomainsPlain(domains: 'all' | readonly string[]): string {
  return domains === 'all' ? 'all' : domains.join(',');
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
