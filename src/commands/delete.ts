import * as z from 'zod';
import { planStateChange } from '../changes/plan-state-change.ts';
import { requestChange } from '../changes/request-change.ts';
import { defineCommand } from './app-services.ts';

export const deleteCommand = defineCommand({
  name: 'delete',
  summary: 'Delete a stopped domain for good (needs approval by default)',
  usage: '<domain> [--dry-run]',
  examples: ['delete api.example.com', 'delete api.example.com --dry-run'],
  role: 'operator',
  mutating: true,
  flags: { 'dry-run': 'boolean' },
  args: z.object({
    positionals: z.array(z.string()).length(1, 'Name one domain, e.g. `/cdn delete old.example.com`.'),
    'dry-run': z.boolean().default(false),
  }),
  handler: (args, ctx) =>
    requestChange(ctx, {
      action: 'delete',
      domain: args.positionals[0]!,
      dryRun: args['dry-run'],
      plan: planStateChange('delete'),
    }),
});
