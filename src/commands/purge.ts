import * as z from 'zod';
import { NO_PURGE_TARGETS } from '../cache-ops/normalize-targets.ts';
import { openPurgeModal } from '../cache-ops/open-purge-modal.ts';
import { submitCacheOperation } from '../cache-ops/submit-cache-operation.ts';
import { UsageError } from '../errors.ts';
import { defineCommand } from './app-services.ts';

export const purge = defineCommand({
  name: 'purge',
  summary:
    'Purge URLs (or directories with --dir) from the CDN cache; the answer is updated when they finish, and with --verify shows whether the edges serve the new copy',
  usage: '<url>... [--dir [--all]] [--verify] [--dry-run]',
  examples: [
    'purge https://www.example.com/app.js https://www.example.com/app.css',
    'purge https://www.example.com/app.js --verify',
    'purge --dir https://www.example.com/static/',
    'purge --dir --all https://www.example.com/static/ --dry-run',
  ],
  role: 'operator',
  mutating: true,
  flags: { dir: 'boolean', all: 'boolean', verify: 'boolean', 'dry-run': 'boolean' },
  args: z
    .object({
      // Empty is allowed here only so `/cdn purge` alone can open the modal; the handler refuses it otherwise.
      positionals: z.array(z.string()),
      dir: z.boolean().default(false),
      all: z.boolean().default(false),
      verify: z.boolean().default(false),
      'dry-run': z.boolean().default(false),
    })
    .refine((args) => args.dir || !args.all, {
      message: '--all only applies to directory purges: add --dir (purges everything under the directories).',
    })
    .refine((args) => !(args.dir && args.verify), {
      message:
        '--verify checks URLs, and a directory is not one: purge the directories without --verify, then `/cdn check` a few of their URLs.',
    }),
  async handler(args, ctx) {
    if (args.positionals.length === 0) {
      if (ctx.openModal && !args.dir && !args['dry-run']) {
        await openPurgeModal(ctx, ctx.openModal);
        return undefined;
      }
      throw new UsageError(NO_PURGE_TARGETS);
    }
    return submitCacheOperation(ctx, {
      command: 'purge',
      operation: args.dir ? 'purge-dir' : 'purge-url',
      inputs: args.positionals,
      dryRun: args['dry-run'],
      verify: args.verify,
      ...(args.dir ? { flushType: args.all ? ('delete' as const) : ('flush' as const) } : {}),
    });
  },
});
