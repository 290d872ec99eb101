import { isIP } from 'node:net';
import * as z from 'zod';
import { Role } from '../auth/roles.ts';
import { asciiDomain } from '../providers/domain-name.ts';
import { AccountConfig } from '../providers/registry.ts';
import { scheduleProblem } from '../time/parse-schedule.ts';
import { cidrProblem } from '../util/address-policy.ts';
import { parseHostPort } from '../util/host-port.ts';
import { Duration } from './duration.ts';
import { storeUrlProblem } from './store-url.ts';
import { parseCondition } from './watch-condition.ts';

/** The key of `providers.<id>`: what users type after `--account` and what audit rows record. */
export const AccountId = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]*$/,
    'account id must be lower-case letters, digits, - and _, starting with a letter or digit, e.g. tencent-prod',
  );
export type AccountId = z.infer<typeof AccountId>;

/** Slack channel (C…), private channel (G…) or direct message (D…) ID. Names change; IDs do not. */
export const ChannelId = z
  .string()
  .regex(
    /^[CGD][A-Z0-9]{2,}$/,
    'must be a channel ID like C0123456789, not a name; in Slack open the channel details, the ID is at the bottom',
  );
export type ChannelId = z.infer<typeof ChannelId>;

const MEMBER_ID_HINT = "in Slack open the person's profile, ⋮ → Copy member ID";

/** A Slack user (U…, or W… on Enterprise Grid). */
export const UserId = z
  .string()
  .regex(/^[UW][A-Z0-9]{2,}$/, `must be a user ID like U0123456789, not a name; ${MEMBER_ID_HINT}`);
export type UserId = z.infer<typeof UserId>;

/** A key of `users`: a user (U…/W…) or a user group (S…), whose members all get the role. */
export const UserOrGroupId = z
  .string()
  .regex(
    /^[UWS][A-Z0-9]{2,}$/,
    `must be a user ID like U0123456789 or a user-group ID like S0123456789, not a name; ${MEMBER_ID_HINT}`,
  );
export type UserOrGroupId = z.infer<typeof UserOrGroupId>;

export const APPROVAL_ACTIONS = [
  'offline',
  'delete',
  'online',
  'add',
  'cache',
  'referer',
  'config',
  'project',
  'purge',
  'origin',
  'cert',
  'block',
  'unblock',
] as const;
/** A command that can be put behind a second person's approval in `approvals.actions`. */
export const ApprovalAction = z.enum(APPROVAL_ACTIONS);
export type ApprovalAction = z.infer<typeof ApprovalAction>;

export const DIGEST_METRICS = ['flux', 'bandwidth', 'request', 'statusCode', 'hitRate'] as const;
export const DigestMetric = z.enum(DIGEST_METRICS);
export type DigestMetric = z.infer<typeof DigestMetric>;

const DOMAIN_HINT = 'must be a domain name such as www.example.com or *.example.com';

/** A domain in ASCII, the form providers list: `中文.example.com` is kept as `xn--fiq228c.example.com`. */
export const Domain = z
  .string()
  .trim()
  .transform(asciiDomain)
  .pipe(z.string().regex(/^(\*\.)?([a-z0-9-]+\.)+[a-z0-9-]+$/, DOMAIN_HINT));
export type Domain = z.infer<typeof Domain>;

/** An IANA name that this Node's Intl knows, so date-fns and Intl formatting will accept it later. */
export const TimeZone = z
  .string()
  .trim()
  .refine(isTimeZone, 'must be an IANA time zone name such as Asia/Shanghai or UTC');
export type TimeZone = z.infer<typeof TimeZone>;

export const ChannelConfig = z.strictObject({
  /** The most this channel allows; a user's own role is capped by it. */
  role: Role.describe("The most this channel allows; a user's own role is capped by it."),
  /** Accounts this channel may touch; absent means all. */
  providers: z
    .array(z.string())
    .min(1, 'list at least one account, or leave providers out to allow every account')
    .optional()
    .describe('The accounts this channel may touch; default: all.'),
  /**
   * The channel's name without `#` (e.g. `web-ops`), for the command line: `--channel #web-ops` there means this
   * channel, and its output names it. Slack itself sends the id, so the bot never needs it.
   */
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_.-]*$/, 'a Slack channel name without #, in lower case, e.g. web-ops')
    .optional()
    .describe('The channel name without #, so the command line takes --channel #name.'),
});
export type ChannelConfig = z.infer<typeof ChannelConfig>;

export const ApprovalsConfig = z.strictObject({
  actions: z
    .array(ApprovalAction)
    .default((): ApprovalAction[] => ['offline', 'delete'])
    .describe("The commands that need a second person's approval before they run."),
  /** Who may approve; absent means every admin. The requester never approves their own request. */
  approvers: z
    .array(UserId)
    .min(1, 'list at least one approver, or leave approvers out so that every admin may approve')
    .optional()
    .describe('Who may approve (user IDs); default: every admin. Never the requester.'),
  expiresAfter: Duration.prefault('1h').describe(
    'How long a request waits for a decision before it expires.',
  ),
});
export type ApprovalsConfig = z.infer<typeof ApprovalsConfig>;

export const DigestConfig = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lower-case letters, digits, - and _, e.g. daily-traffic'),
  channel: ChannelId,
  /** Five-field cron, read in `timezone`; at most one run an hour (see time/parse-schedule.ts). */
  schedule: z.string().superRefine((cron, ctx) => {
    const problem = scheduleProblem(cron);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  domains: z.union([z.literal('all'), z.array(Domain).min(1, 'list at least one domain, or write "all"')], {
    error: (issue) =>
      issue.input === undefined
        ? 'required: "all" or a list of domains, e.g. [www.example.com]'
        : 'must be "all" or a list of domains, e.g. [www.example.com]',
  }),
  metrics: z
    .array(DigestMetric)
    .min(1, 'list at least one metric')
    .default((): DigestMetric[] => ['flux', 'bandwidth', 'request', 'statusCode']),
});
export type DigestConfig = z.infer<typeof DigestConfig>;

/** The longest `for` a watch takes: a condition that must hold for a day is a digest's business. */
export const MAX_WATCH_FOR_MS = 24 * 3_600_000;

/** What a watch rule is, wherever it is defined (cdnops.yml `watches:`, or `/cdn watch add` into the store). */
const watchFields = {
  name: DigestConfig.shape.name,
  /** Where its alerts post: a channel on the allowlist. */
  channel: ChannelId,
  domains: DigestConfig.shape.domains,
  /** The condition as typed (`5xx > 2%`); see watch-condition.ts. Kept as text, parsed by every reader. */
  when: z.string({ error: 'required: a condition such as "5xx > 2%"' }).superRefine((text, ctx) => {
    const parsed = parseCondition(text);
    if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
  }),
  /** Who is mentioned when an alert fires: a user group (S…) or a user (U…). */
  mention: z
    .string()
    .transform((id) => id.replace(/^@/, ''))
    .pipe(UserOrGroupId)
    .optional(),
  /** Requests an interval must hold before a rate or change is judged; each condition has its own default. */
  minRequests: z.int('must be a whole number of requests').min(0).optional(),
};

export const WatchConfig = z.strictObject({
  ...watchFields,
  /** How long the condition must hold before the alert fires; counted in the providers' 5-minute intervals. */
  for: Duration.prefault('5m').refine((ms) => ms <= MAX_WATCH_FOR_MS, 'must be at most 24h'),
});
export type WatchConfig = z.infer<typeof WatchConfig>;

/** A watch rule as it runs: the config's and the store's alike (`for` in ms). */
export const WatchRule = z.object({
  ...watchFields,
  forMs: z.int().min(0).max(MAX_WATCH_FOR_MS),
});
export type WatchRule = z.infer<typeof WatchRule>;

/** How the purge follower polls a provider task until it finishes. */
export const FollowConfig = z
  .strictObject({
    pollInitial: Duration.prefault('10s').describe('The first wait before asking the provider again.'),
    pollMax: Duration.prefault('60s').describe('The longest wait between two polls; waits double up to it.'),
    giveUpAfter: Duration.prefault('30m').describe('Stop following a task that has not finished by then.'),
  })
  .superRefine((follow, ctx) => {
    if (follow.pollMax < follow.pollInitial) {
      ctx.addIssue({ code: 'custom', path: ['pollMax'], message: 'must not be shorter than pollInitial' });
    }
  });
export type FollowConfig = z.infer<typeof FollowConfig>;

/** Most edge addresses one URL may be checked on; `/cdn check --edges` is held to the same range. */
export const MAX_CHECK_EDGES = 16;

const RESOLVER_HINT =
  'must be the IP address of a DNS server, optionally with a port, e.g. 10.0.0.53, 10.0.0.53:5353 or [2001:db8::53]:53';

/** How `/cdn check` and purge verification ask the edges and the origin (see src/check/check-settings.ts). */
export const CheckConfig = z.strictObject({
  /** Edge addresses asked per URL by default. */
  edges: z
    .int('must be a whole number from 1 to 16')
    .min(1, `must be from 1 to ${MAX_CHECK_EDGES}`)
    .max(MAX_CHECK_EDGES, `must be from 1 to ${MAX_CHECK_EDGES}`)
    .default(4)
    .describe('Edge addresses asked per URL (1 to 16); --edges N overrides it per check.'),
  /** Per DNS lookup and per HTTP request; a whole check is bounded by three times this. */
  timeout: Duration.prefault('5s').describe(
    'Per DNS lookup and per HTTP request; a whole check stops after three times this.',
  ),
  /** A DNS server to ask instead of the system's (c-ares takes IP addresses only, not names). */
  resolver: z
    .string()
    .trim()
    .refine(isResolverAddress, RESOLVER_HINT)
    .optional()
    .describe("A DNS server's IP address, optionally with a port, instead of the system's."),
  /** A PEM file of extra CAs to trust for edge and origin HTTPS; read at start-up. */
  caFile: z
    .string()
    .trim()
    .min(1, 'must be the path of a PEM file, or leave caFile out')
    .optional()
    .describe('A PEM file of extra CAs to trust for edge and origin HTTPS; read at start-up.'),
  /**
   * Internal networks (CIDR) that edges, origins, redirects and log links may point into. Without it every loopback,
   * private, link-local, CGNAT, multicast and reserved address is refused: a domain's CNAME or origin must not make
   * cdnops reach the services beside it.
   */
  allowNetworks: z
    .array(
      z
        .string()
        .trim()
        .superRefine((cidr, ctx) => {
          const problem = cidrProblem(cidr);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }),
      { error: 'must be a list of networks in CIDR form, e.g. [10.20.0.0/16, fd00:20::/32]' },
    )
    .optional()
    .describe('Internal networks (CIDR) that edges, origins, redirects and log links may point into.'),
  /**
   * Lets `cdnops logs fetch` download a log link over plain http when it names a loopback IP (still only where
   * allowNetworks allows it): the sandboxes of the tests and the demo serve their log links that way. Production
   * leaves it out: log links are https only.
   */
  allowHttpLogLinksOnLoopback: z
    .boolean()
    .optional()
    .describe('Tests and the demo only: lets logs fetch take a plain-http link to a loopback IP.'),
});
export type CheckConfig = z.infer<typeof CheckConfig>;

const DAY_MS = 86_400_000;

/** A retention period: a duration of at least a day, which is all pruning can tell apart (it runs hourly). */
const RetentionPeriod = Duration.refine(
  (ms) => ms >= DAY_MS,
  'must be at least 1d; use a number followed by d or w, e.g. 30d',
);

/**
 * How long the store keeps rows (see src/housekeeping). Coordination rows only let replicas agree and let people look
 * back a little: digest runs, ended purge follow-ups, decided or expired change requests, idle provider budgets.
 * The audit log is the record of who changed what, so it is kept unless the operator says otherwise.
 */
export const RetentionConfig = z.strictObject({
  coordination: RetentionPeriod.prefault('30d').describe(
    'Digest runs, ended follow-ups and change requests, idle budgets: pruned when older than this (at least 1d, longer than digestGrace).',
  ),
  audit: z
    .union([z.literal('forever'), RetentionPeriod], {
      error: (issue) =>
        issue.code === 'invalid_union'
          ? 'must be forever or a duration of at least 1d, e.g. 400d'
          : undefined,
    })
    .prefault('forever')
    .describe('Audit entries are kept forever, or pruned when older than this duration (at least 1d).'),
});
export type RetentionConfig = z.infer<typeof RetentionConfig>;

/**
 * The whole config file (see PRODUCT.md "Config file"). Every object is strict: in a file that grants
 * permissions, a misspelt key (`chanels:`) must stop start-up rather than be ignored.
 */
export const Config = z
  .strictObject({
    timezone: TimeZone.default('Asia/Shanghai').describe(
      'IANA time zone for the dates people type (--from 2026-11-20) and for digest schedules.',
    ),
    /** The SQLite file, or a PostgreSQL URL (a secret as a whole; its password must be URL-encoded). */
    store: z
      .string()
      .trim()
      .min(1)
      .superRefine((store, ctx) => {
        const problem = storeUrlProblem(store);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .default('./data/cdnops.db')
      .describe(
        'The SQLite file (created if missing), or a postgres:// URL shared by several replicas; URL-encode its password.',
      ),
    providers: z
      .record(AccountId, AccountConfig, {
        error: (issue) =>
          issue.input === undefined
            ? 'required: add at least one account, e.g. tencent-prod with kind: tencent (see cdnops.example.yml)'
            : undefined,
      })
      .refine((providers) => Object.keys(providers).length > 0, 'add at least one account')
      .describe(
        'CDN accounts by id (lower-case letters, digits, - and _): what people pass to --account and see in answers.',
      ),
    channels: z
      .record(ChannelId, ChannelConfig, {
        error: (issue) =>
          issue.input === undefined
            ? 'required: list the channels where /cdn may be used (see cdnops.example.yml)'
            : undefined,
      })
      .refine(
        (channels) => Object.keys(channels).length > 0,
        'list at least one channel; /cdn answers only in channels listed here',
      )
      .describe('The allowlist: /cdn answers only in these channels, keyed by channel ID (C…), not name.'),
    users: z
      .record(UserOrGroupId, Role)
      .default(() => ({}))
      .describe(
        "A user's (U…) or user group's (S…) own role; the effective role is the lower of it and the channel's.",
      ),
    defaultRole: Role.default('viewer').describe('The role of users not listed under users.'),
    approvals: ApprovalsConfig.prefault({}).describe("Commands that need a second person's approval."),
    digests: z
      .array(DigestConfig)
      .default(() => [])
      .describe("Scheduled reports of yesterday's traffic, posted to a listed channel."),
    watches: z
      .array(WatchConfig)
      .default(() => [])
      .describe('Alert rules (README "Alerts"); more can be added from Slack with /cdn watch add.'),
    /**
     * How late a digest run may still be posted: a run missed while cdnops was down is posted once at start-up when
     * it was due at most this long ago, and skipped (with a log line) when it is older.
     */
    digestGrace: Duration.prefault('2h').describe(
      'A digest run missed while cdnops was down is posted at start-up if it was due at most this long ago.',
    ),
    follow: FollowConfig.prefault({}).describe('How a purge or prefetch task is followed until it finishes.'),
    /**
     * How long a replica's hold on shared work (a followed purge, a digest run being posted) lasts without renewal.
     * When a replica dies, another one (or this one restarted) takes the work over after this long.
     */
    leaseTtl: Duration.prefault('60s').describe(
      "How long a replica's hold on shared work lasts without renewal; another replica takes over after it.",
    ),
    /**
     * On SIGTERM, how long commands, digests and purge polls already running get to finish before cdnops releases
     * what is left to other replicas and exits.
     */
    shutdownGrace: Duration.prefault('20s').describe(
      'On SIGTERM, how long running work gets to finish before the rest is released to other replicas.',
    ),
    inventoryTtl: Duration.prefault('5m').describe("How long an account's domain list is cached."),
    check: CheckConfig.prefault({}).describe(
      'How /cdn check and purge --verify ask a URL of the CDN edges and of the origin.',
    ),
    retention: RetentionConfig.prefault({}).describe(
      'How long the store keeps rows that only served coordination, and the audit log.',
    ),
  })
  // Cross-references are checked even when other keys failed, so one run reports every problem. The value may then
  // hold unvalidated input in the failed places, hence the defensive reads.
  .superRefine(checkReferences, { when: () => true });
export type Config = z.infer<typeof Config>;

function checkReferences(config: Config, ctx: z.RefinementCtx): void {
  const accounts = Object.keys(objectOrEmpty(config.providers));
  const channels = objectOrEmpty(config.channels);

  for (const [channelId, channel] of Object.entries(channels)) {
    const listed: unknown = isObject(channel) ? channel.providers : undefined;
    if (!Array.isArray(listed)) continue;
    listed.forEach((account: unknown, index) => {
      if (typeof account === 'string' && !accounts.includes(account)) {
        ctx.addIssue({
          code: 'custom',
          path: ['channels', channelId, 'providers', index],
          message: `unknown account "${account}"; known: ${accounts.join(', ') || '(none)'}`,
        });
      }
    });
  }

  // A digest run is claimed in the store until digestGrace has passed; pruning it earlier would let it post again.
  const coordination: unknown = isObject(config.retention) ? config.retention.coordination : undefined;
  if (
    typeof coordination === 'number' &&
    coordination >= DAY_MS &&
    typeof config.digestGrace === 'number' &&
    coordination <= config.digestGrace
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['retention', 'coordination'],
      message: 'must be longer than digestGrace, or a missed digest run could be posted twice',
    });
  }

  checkNamedInChannels('digests', config.digests, channels, ctx);
  checkNamedInChannels('watches', config.watches, channels, ctx);
}

/** Names unique within the list, channels on the allowlist: digests and watches post traffic figures. */
function checkNamedInChannels(
  key: 'digests' | 'watches',
  list: unknown,
  channels: Record<string, unknown>,
  ctx: z.RefinementCtx,
): void {
  const what = key === 'digests' ? 'digest' : 'watch';
  const entries: unknown[] = Array.isArray(list) ? list : [];
  const firstIndexByName = new Map<string, number>();
  entries.forEach((digest, index) => {
    if (!isObject(digest)) return;
    if (typeof digest.name === 'string') {
      const first = firstIndexByName.get(digest.name);
      if (first === undefined) {
        firstIndexByName.set(digest.name, index);
      } else {
        ctx.addIssue({
          code: 'custom',
          path: [key, index, 'name'],
          message: `"${digest.name}" is already the name of ${key}.${first}; ${what} names must be unique`,
        });
      }
    }
    // A digest or an alert posts traffic figures; only channels on the allowlist may receive them.
    if (typeof digest.channel === 'string' && !Object.hasOwn(channels, digest.channel)) {
      ctx.addIssue({
        code: 'custom',
        path: [key, index, 'channel'],
        message: `not listed in channels; add it there (a viewer entry is enough) so the ${what} may post to it`,
      });
    }
  });
}

function isResolverAddress(value: string): boolean {
  const { host, port } = parseHostPort(value);
  // parseHostPort drops a port outside 1–65535, so a value that had one must have kept it.
  const hadPort = /^\[.*\]:\d+$|^[^:]+:\d+$/.test(value);
  return isIP(host) !== 0 && (!hadPort || port !== undefined);
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectOrEmpty(value: unknown): Record<string, unknown> {
  return isObject(value) ? value : {};
}
