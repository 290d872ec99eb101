import * as z from 'zod';
import { roleAllows } from '../auth/roles.ts';
import { mayDecideApprovals } from '../changes/authorize-decision.ts';
import { decideChange } from '../changes/decide-change.ts';
import { defineCommand } from './app-services.ts';

export const reject = defineCommand({
  name: 'reject',
  summary: 'Reject a waiting change, or withdraw your own (the text twin of the Reject button)',
  usage: '<request id>',
  examples: ['reject K7F3Q2'],
  role: 'viewer',
  // Approvers reject others' requests; whoever may ask for a change (an operator at least) may withdraw their own.
  offeredTo: (ctx) =>
    mayDecideApprovals(ctx.approvals, ctx.caller.userId, ctx.caller.role) ||
    roleAllows(ctx.caller.role, 'operator'),
  flags: {},
  args: z.object({
    positionals: z
      .array(z.string())
      .length(1, 'Give the request id from the card, e.g. `/cdn reject K7F3Q2`.'),
  }),
  async handler(args, ctx) {
    const taken = await decideChange(ctx, {
      changeId: args.positionals[0]!,
      decision: 'reject',
      userId: ctx.caller.userId,
    });
    const done = taken === 'cancel' ? 'withdrew your' : 'rejected';
    return { visibility: 'ephemeral', text: `You ${done} request ${args.positionals[0]!.toUpperCase()}.` };
  },
});
