import * as z from 'zod';
import { submitCacheOperation } from '../cache-ops/submit-cache-operation.ts';
import { defineCommand } from './app-services.ts';

export const prefetch = defineCommand({
  name: 'prefetch',
  summary: 'Warm the CDN cache with URLs before traffic arrives; the answer is updated when they finish',
  usage: '<url>... [--dry-run]',
  examples: ['prefetch https://www.example.com/video/intro.mp4'],
  role: 'operator',
  mutating: true,
  flags: { 'dry-run': 'boolean' },
  args: z.object({
    positionals: z.array(z.string()).min(1, 'Give at least one URL to prefetch.'),
    'dry-run': z.boolean().default(false),
  }),
  handler: (args, ctx) =>
    submitCacheOperation(ctx, {
      command: 'prefetch',
      operation: 'prefetch',
      inputs: args.positionals,
      dryRun: args['dry-run'],
    }),
});
