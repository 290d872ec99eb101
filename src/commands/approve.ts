import * as z from 'zod';
import { mayDecideApprovals } from '../changes/authorize-decision.ts';
import { decideChange } from '../changes/decide-change.ts';
import { defineCommand } from './app-services.ts';

export const approve = defineCommand({
  name: 'approve',
  summary: 'Approve a waiting change (the text twin of the Approve button)',
  usage: '<request id>',
  examples: ['approve K7F3Q2'],
  // Who may approve is decided per request (approvers, never the requester), not by a role floor here.
  role: 'viewer',
  offeredTo: (ctx) => mayDecideApprovals(ctx.approvals, ctx.caller.userId, ctx.caller.role),
  flags: {},
  args: z.object({
    positionals: z
      .array(z.string())
      .length(1, 'Give the request id from the card, e.g. `/cdn approve K7F3Q2`.'),
  }),
  async handler(args, ctx) {
    await decideChange(ctx, {
      changeId: args.positionals[0]!,
      decision: 'approve',
      userId: ctx.caller.userId,
    });
    return {
      visibility: 'ephemeral',
      text: `You approved request ${args.positionals[0]!.toUpperCase()}; the card shows how it goes.`,
    };
  },
});
