import * as z from 'zod';
import { requestChange } from '../changes/request-change.ts';
import { asciiDomain, describeDomain } from '../providers/domain-name.ts';
import { defineCommand } from './app-services.ts';

const DOMAIN = /^(?=.{1,253}$)(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const ORIGIN = /^([a-z0-9.-]+|\d{1,3}(\.\d{1,3}){3})(:\d{1,5})?$/i;

export const add = defineCommand({
  name: 'add',
  summary: 'Add a domain to an account (admin, confirmed first)',
  usage: '<domain> --origin O[,O2] [--type web|download|media] [--project N] [--account A] [--dry-run]',
  examples: [
    'add static2.example.com --origin 203.0.113.10,203.0.113.11 --type web --account tencent-prod',
    'add dl.example.com --origin origin.example.com --type download --project 1001 --account tencent-prod',
  ],
  role: 'admin',
  mutating: true,
  flags: { origin: 'string[]', type: 'string', project: 'string', account: 'string', 'dry-run': 'boolean' },
  args: z.object({
    // International names are added in punycode, the form the providers take and list.
    positionals: z
      .array(
        z
          .string()
          .transform((typed) => ({ typed, ascii: asciiDomain(typed) }))
          .refine(({ ascii }) => DOMAIN.test(ascii), {
            message: 'That is not a domain name; write it like static.example.com (or 中文.example.com).',
          }),
      )
      .length(1, 'Name the one domain to add, e.g. `/cdn add static2.example.com --origin 203.0.113.10`.'),
    origin: z
      .array(z.string().regex(ORIGIN, 'An origin is an IP or a host name, with an optional :port.'), {
        error: '--origin is required: the IPs (or one host name) the CDN fetches from.',
      })
      .min(1, '--origin is required: the IPs (or one host name) the CDN fetches from.'),
    type: z.enum(['web', 'download', 'media'], { error: '--type is web, download or media.' }).default('web'),
    project: z
      .string()
      .regex(/^\d{1,10}$/, '--project takes a number.')
      .optional(),
    account: z.string().optional(),
    'dry-run': z.boolean().default(false),
  }),
  handler: (args, ctx) => {
    const { typed, ascii: domain } = args.positionals[0]!;
    const shown = describeDomain(typed, domain);
    const spec = {
      domain,
      origins: args.origin,
      serviceType: args.type,
      ...(args.project !== undefined ? { projectId: Number(args.project) } : {}),
    };
    return requestChange(ctx, {
      action: 'add',
      domain,
      dryRun: args['dry-run'],
      ...(args.account ? { accountId: args.account } : {}),
      plan: (target) => ({
        plan: { kind: 'add', spec },
        summary: `add ${shown} to ${target.accountId} (${spec.serviceType}, origin ${spec.origins.join(', ')})`,
        consequence:
          'Point the domain’s DNS at the CNAME shown by `/cdn host` once it is online; the provider may ask to verify ownership.',
        preview: [
          `Origin: ${spec.origins.join(', ')}`,
          `Service type: ${spec.serviceType}`,
          `Project: ${spec.projectId ?? 0}`,
        ],
        statusBefore: 'not added',
      }),
    });
  },
});
