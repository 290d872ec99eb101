import * as z from 'zod';
import { requestChange } from '../changes/request-change.ts';
import { UsageError } from '../errors.ts';
import { defineCommand } from './app-services.ts';

export const project = defineCommand({
  name: 'project',
  summary: 'Move a domain to another project (confirmed first)',
  usage: '<domain> <project id> [--dry-run]',
  examples: ['project www.example.com 1001'],
  role: 'operator',
  mutating: true,
  flags: { 'dry-run': 'boolean' },
  args: z.object({
    positionals: z.tuple(
      [
        z.string(),
        z.string().regex(/^\d{1,10}$/, 'The project id is a number, e.g. 1001 (0 is the default project).'),
      ],
      {
        error: 'Write the domain and the project id, e.g. `/cdn project www.example.com 1001`.',
      },
    ),
    'dry-run': z.boolean().default(false),
  }),
  handler: (args, ctx) => {
    const [domain, projectText] = args.positionals;
    const projectId = Number(projectText);
    return requestChange(ctx, {
      action: 'project',
      domain,
      dryRun: args['dry-run'],
      plan: (target) => {
        if (target.detail?.projectId === projectId)
          throw new UsageError(`${target.shown} is already in project ${projectId}; nothing to change.`);
        return {
          plan: { kind: 'config', change: { projectId } },
          summary: `move ${target.shown} on ${target.accountId} to project ${projectId}`,
          consequence: 'Permissions and billing that follow projects change with it.',
          preview: [`Project: ${target.detail?.projectId ?? '—'} → ${projectId}`],
          statusBefore: target.detail?.status ?? 'unknown',
        };
      },
    });
  },
});
