/**
 * What one person's App Home shows, gathered with the same rules the commands use: the channels they may use
 * cdnops in, the quota of those channels' accounts, their own recent purges, the approvals waiting for them, and
 * the digests posted in those channels.
 */
import type { Caller } from '../auth/compile-guardrails.ts';
import { authorizeDecision } from '../changes/authorize-decision.ts';
import type { AppServices } from '../commands/app-services.ts';
import type { DigestDefinition } from '../digests/digest-definition.ts';
import { listDigests } from '../digests/list-digests.ts';
import { type CollectedCertificates, collectCertificates } from '../providers/collect-certificates.ts';
import type { Quota } from '../providers/types.ts';
import { daysLeft } from '../render/format-certificate.ts';
import type { AlertRecord, AuditEntry, ChangeRequest } from '../store/store.ts';
import { type Bounded, within } from '../util/within.ts';

/** Each account's quota gets this long; the Home is published with whatever came back. */
const QUOTA_BUDGET_MS = 3_000;
const RECENT_MS = 7 * 24 * 60 * 60 * 1000;
/** Audit lines read to find the person's purges among their other actions. */
const AUDIT_LINES = 200;
const RECENT_PURGES = 10;

export interface HomeData {
  userId: string;
  now: number;
  /**
   * Where the person may use cdnops: every allowlisted channel, with their role there. The config holds no channel
   * membership and cdnops asks Slack for none, so "their channels" means the channels cdnops is enabled in.
   */
  callers: Caller[];
  quotas: { accountId: string; quota: Bounded<Quota[]> }[];
  /** Open approval requests this person may decide: they are an approver there and not the requester. */
  approvals: ChangeRequest[];
  /** Their own purges of the last 7 days, newest first. */
  purges: AuditEntry[];
  /** Digests stored for their channels; `failed` when the store could not be read. */
  digests: DigestDefinition[] | 'failed';
  /** HTTPS certificates of their channels' accounts expiring within EXPIRING_DAYS, soonest first. */
  certificates: Bounded<CollectedCertificates>;
  /** Alerts firing in their channels; `failed` when the store could not be read. */
  alerts: AlertRecord[] | 'failed';
}

/** Certificates this close to expiry are listed on the Home, as digests call them out. */
export const EXPIRING_DAYS = 14;

export async function gatherHome(services: AppServices, userId: string): Promise<HomeData> {
  const now = services.clock.now();
  const resolved = await Promise.all(
    services.guardrails
      .channels()
      .map((channelId) => services.guardrails.resolveCaller(userId, channelId).catch(() => undefined)),
  );
  const callers = resolved.filter((caller) => caller !== undefined);
  const byChannel = new Map(callers.map((caller) => [caller.channelId, caller]));
  const accounts = [...new Set(callers.flatMap((caller) => caller.accounts))];

  const [quotas, approvals, purges, digests, certificates, alerts] = await Promise.all([
    Promise.all(
      accounts.map(async (accountId) => {
        const provider = services.providers.get(accountId);
        const quota: Bounded<Quota[]> = provider
          ? await within(provider.getQuota(), QUOTA_BUDGET_MS)
          : { state: 'failed', error: new Error(`account ${accountId} is not configured`) };
        return { accountId, quota };
      }),
    ),
    services.store.changes.listOpen().then((open) =>
      open.filter((request) => {
        const caller = byChannel.get(request.channel);
        if (request.state !== 'pending_approval' || request.expiresAt <= now || !caller) return false;
        try {
          authorizeDecision(services, request, 'approve', userId, caller.role);
          return true;
        } catch {
          return false;
        }
      }),
    ),
    services.store.audit
      .query({ since: now - RECENT_MS, userId, limit: AUDIT_LINES, offset: 0 })
      .then(({ entries }) => entries.filter((entry) => entry.action === 'purge').slice(0, RECENT_PURGES)),
    listDigests(services.digests, services.store.digests).then(
      ({ digests }) => digests.filter((digest) => byChannel.has(digest.channel)),
      (error: unknown) => {
        services.logger.warn('could not read the digests for the App Home', { error });
        return 'failed' as const;
      },
    ),
    within(
      collectCertificates(services.providers, accounts).then((collected) => ({
        ...collected,
        rows: collected.rows.filter((row) => {
          const days = daysLeft(row.certificate, now);
          return row.https && days !== undefined && days <= EXPIRING_DAYS;
        }),
      })),
      QUOTA_BUDGET_MS,
    ),
    services.store.alerts.allFiring().then(
      (firing) => firing.filter((alert) => byChannel.has(alert.channel)),
      (error: unknown) => {
        services.logger.warn('could not read the firing alerts for the App Home', { error });
        return 'failed' as const;
      },
    ),
  ]);
  return { userId, now, callers, quotas, approvals, purges, digests, certificates, alerts };
}
