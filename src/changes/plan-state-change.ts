import type { PlannedChange } from './change-plan.ts';
import type { ChangeTarget } from './request-change.ts';

const WORDING = {
  start: {
    verb: 'start',
    consequence: 'The domain will serve traffic from the CDN again.',
    after: 'online',
  },
  stop: {
    verb: 'stop',
    consequence: 'Edge nodes will answer 404 for this domain until it is started again. Move DNS away first.',
    after: 'offline',
  },
  delete: {
    verb: 'delete',
    consequence: 'The domain and its whole CDN configuration are removed. This cannot be undone.',
    after: 'deleted',
  },
} as const;

/** The plan for starting, stopping or deleting a domain, with the words its card and preview use. */
export function planStateChange(operation: keyof typeof WORDING) {
  return (target: ChangeTarget): PlannedChange => {
    const wording = WORDING[operation];
    const status = target.detail?.status ?? 'unknown';
    return {
      plan: { kind: 'state', operation },
      summary: `${wording.verb} ${target.shown} on ${target.accountId}`,
      consequence: wording.consequence,
      preview: [`Status: ${status} → ${wording.after}`],
      statusBefore: status,
    };
  };
}
