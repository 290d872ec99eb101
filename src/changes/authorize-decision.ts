/**
 * Who may take which decision on a change request, on its own so that showing Approve on the App Home does not load
 * what running a change needs.
 */
import type { Role } from '../auth/roles.ts';
import type { Services } from '../dispatch/command-context.ts';
import { PermissionError } from '../errors.ts';
import type { ChangeRequest } from '../store/store.ts';

export type Decision = 'confirm' | 'cancel' | 'approve' | 'reject';

/** The least role that may request (and so confirm) each action, as the commands declare it. */
const ACTION_ROLES: Readonly<Record<string, Role>> = { add: 'admin' };

/** Whether this person may approve or reject other people's requests: an approver, or any admin when none are configured. */
export function mayDecideApprovals(approvals: Services['approvals'], userId: string, role: Role): boolean {
  return approvals.approvers ? approvals.approvers.includes(userId) : role === 'admin';
}

/**
 * Throws PermissionError unless this person may take this decision: confirm and cancel are the requester's own,
 * approve and reject someone else's who is an approver (every admin of the channel when none are configured).
 */
export function authorizeDecision(
  services: Services,
  request: ChangeRequest,
  decision: Decision,
  userId: string,
  role: Role,
): void {
  if (decision === 'confirm' || decision === 'cancel') {
    if (userId !== request.requestedBy) {
      throw new PermissionError(
        `Only <@${request.requestedBy}>, who asked for this change, can ${decision} it.`,
      );
    }
    // Withdrawing takes nothing from anyone, so it needs no role; confirming sets the change off and does.
    if (decision === 'cancel') return;
    const required = ACTION_ROLES[request.action] ?? 'operator';
    services.guardrails.requireRole(
      { userId, channelId: request.channel, role, userRole: role, channelRole: role, accounts: [] },
      required,
      request.action,
    );
    return;
  }
  if (userId === request.requestedBy) {
    throw new PermissionError(
      'You asked for this change, so someone else has to approve it; Reject withdraws it.',
    );
  }
  const approvers = services.approvals.approvers;
  if (!mayDecideApprovals(services.approvals, userId, role)) {
    throw new PermissionError(
      approvers
        ? `Only the configured approvers (${approvers.map((id) => `<@${id}>`).join(', ')}) may ${decision} changes.`
        : `Only an admin of <#${request.channel}> may ${decision} changes; you are ${role} there.`,
    );
  }
}
