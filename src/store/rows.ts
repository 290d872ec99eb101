/**
 * Rows of the audit log, change-request and followed-submission tables, read back through the same schemas whichever database holds
 * them: both stores use the same snake_case columns. SQLite returns JSON columns as text, PostgreSQL's jsonb as
 * values, so the caller says how to read them.
 */
import { AlertRecord, AuditEntry, ChangeRequest, DigestRun, FollowedSubmission } from './store.ts';

type Row = Record<string, unknown>;

export function auditEntryFromRow(row: Row): AuditEntry {
  return AuditEntry.parse({
    at: row.at,
    userId: row.user_id,
    channel: row.channel,
    commandText: row.command_text,
    action: row.action,
    accountId: row.account_id,
    domain: row.domain,
    outcome: row.outcome,
    requestId: row.request_id,
    detail: row.detail,
    changeId: row.change_id,
  });
}

export function changeRequestFromRow(row: Row, readJson: (value: unknown) => unknown): ChangeRequest {
  return ChangeRequest.parse({
    id: row.id,
    action: row.action,
    accountId: row.account_id,
    domain: row.domain,
    requestedBy: row.requested_by,
    channel: row.channel,
    commandText: row.command_text,
    plan: readJson(row.plan),
    state: row.state,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    messageTs: row.message_ts,
    responseUrl: row.response_url,
    result: row.result === null ? null : readJson(row.result),
  });
}

export function followedSubmissionFromRow(
  row: Row,
  readJson: (value: unknown) => unknown,
): FollowedSubmission {
  return FollowedSubmission.parse({
    id: row.id,
    channel: row.channel,
    ts: row.ts,
    responseUrl: row.response_url,
    payload: readJson(row.payload),
    createdAt: row.created_at,
    nextPollAt: row.next_poll_at,
    polls: row.polls,
    state: row.state,
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until,
    deliveringSince: row.delivering_since ?? undefined,
  });
}

/** Oldest poll first, as `claimDue` promises: neither database keeps an order in what an UPDATE returns. */
export function byNextPoll(a: FollowedSubmission, b: FollowedSubmission): number {
  return a.nextPollAt - b.nextPollAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function digestRunFromRow(row: Row): DigestRun {
  return DigestRun.parse({
    name: row.name,
    dueAt: row.due_at,
    claimedBy: row.claimed_by,
    claimedAt: row.claimed_at,
    leaseUntil: row.lease_until,
    outcome: row.outcome,
    messageTs: row.message_ts,
    detail: row.detail,
    finishedAt: row.finished_at,
  });
}

export function alertFromRow(row: Row, readJson: (value: unknown) => unknown): AlertRecord {
  return AlertRecord.parse({
    id: row.id,
    name: row.name,
    channel: row.channel,
    phase: row.phase,
    startedAt: row.started_at,
    resolvedAt: row.resolved_at,
    messageTs: row.message_ts,
    acknowledgedBy: row.acknowledged_by,
    state: readJson(row.state),
    version: row.version,
  });
}

/** The patch's fields as column names; only those given are written. */
export function alertColumns(patch: Partial<AlertRecord>): Record<string, unknown> {
  const names: Record<string, string> = {
    phase: 'phase',
    resolvedAt: 'resolved_at',
    messageTs: 'message_ts',
    acknowledgedBy: 'acknowledged_by',
    state: 'state',
  };
  const columns: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(names)) {
    const value = (patch as Record<string, unknown>)[field];
    if (value !== undefined) columns[column] = value;
  }
  return columns;
}
