import * as z from 'zod';
import { planStateChange } from '../changes/plan-state-change.ts';
import { requestChange } from '../changes/request-change.ts';
import { defineCommand } from './app-services.ts';

export const online = defineCommand({
  name: 'online',
  summary: 'Start a stopped domain (it serves traffic again)',
  usage: '<domain> [--dry-run]',
  examples: ['online api.example.com', 'online api.example.com --dry-run'],
  role: 'operator',
  mutating: true,
  flags: { 'dry-run': 'boolean' },
  args: z.object({
    positionals: z.array(z.string()).length(1, 'Name one domain, e.g. `/cdn online www.example.com`.'),
    'dry-run': z.boolean().default(false),
  }),
  handler: (args, ctx) =>
    requestChange(ctx, {
      action: 'online',
      domain: args.positionals[0]!,
      dryRun: args['dry-run'],
      plan: planStateChange('start'),
    }),
});
