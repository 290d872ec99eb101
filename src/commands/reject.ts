import { z } from 'zod';
import { decideChange } from '../changes/decide-change.ts';
import { defineCommand } from './app-services.ts';

export const reject = defineCommand({
  name: 'reject',
  summary: 'Reject a waiting change (the text twin of the Reject button)',
  usage: '<request id>',
  examples: ['reject K7F3Q2'],
  role: 'viewer',
  flags: {},
  args: z.object({
    positionals: z
      .array(z.string())
      .length(1, 'Give the request id from the card, e.g. `/cdn reject K7F3Q2`.'),
  }),
  async handler(args, ctx) {
    await decideChange(ctx, {
      changeId: args.positionals[0]!,
      decision: 'reject',
      userId: ctx.caller.userId,
    });
    return { visibility: 'ephemeral', text: `You rejected request ${args.positionals[0]!.toUpperCase()}.` };
  },
});
