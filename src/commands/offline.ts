import * as z from 'zod';
import { planStateChange } from '../changes/plan-state-change.ts';
import { requestChange } from '../changes/request-change.ts';
import { defineCommand } from './app-services.ts';

export const offline = defineCommand({
  name: 'offline',
  summary: 'Stop a domain; edges answer 404 until it is started (needs approval by default)',
  usage: '<domain> [--dry-run]',
  examples: ['offline www.example.com', 'offline www.example.com --dry-run'],
  role: 'operator',
  mutating: true,
  flags: { 'dry-run': 'boolean' },
  args: z.object({
    positionals: z.array(z.string()).length(1, 'Name one domain, e.g. `/cdn offline www.example.com`.'),
    'dry-run': z.boolean().default(false),
  }),
  handler: (args, ctx) =>
    requestChange(ctx, {
      action: 'offline',
      domain: args.positionals[0]!,
      dryRun: args['dry-run'],
      plan: planStateChange('stop'),
    }),
});
