import * as z from 'zod';
import { checkOptions } from '../check/check-settings.ts';
import { checkUrls } from '../check/check-urls.ts';
import { type AccountUrl, describeCheckTargets } from '../check/describe-check-targets.ts';
import { parseCheckUrls } from '../check/parse-check-urls.ts';
import { renderCheck } from '../check/render-check.ts';
import type { UrlCheck } from '../check/types.ts';
import { MAX_CHECK_EDGES } from '../config/schema.ts';
import { UsageError } from '../errors.ts';
import { isObject } from '../providers/account-failure.ts';
import { code } from '../render/format.ts';
import type { AppContext } from './app-services.ts';
import { defineCommand } from './app-services.ts';

const EDGES_HINT = `--edges takes a whole number from 1 to ${MAX_CHECK_EDGES}, e.g. --edges 8.`;

/** `cdnops check --json` prints this (README "Command line"): per URL, the edges' and the origin's answers and the verdicts, as the check computed them. */
export const CheckData = z.object({ checks: z.array(z.custom<UrlCheck>(isObject)) });

export const check = defineCommand({
  name: 'check',
  summary:
    'Ask the CDN edges and the origin for URLs: what each edge serves (status, cache, Age, ETag) and whether it is stale',
  usage: `<url>... [--edges N]`,
  examples: [
    'check https://www.example.com/app.js',
    'check https://www.example.com/app.js https://www.example.com/app.css --edges 8',
  ],
  role: 'viewer',
  flags: { edges: 'string' },
  json: { data: CheckData },
  args: z.object({
    positionals: z
      .array(z.string())
      .min(1, 'Give at least one URL to check, e.g. https://www.example.com/app.js.'),
    edges: z.coerce
      .number({ error: EDGES_HINT })
      .int(EDGES_HINT)
      .min(1, EDGES_HINT)
      .max(MAX_CHECK_EDGES, EDGES_HINT)
      .optional(),
  }),
  async handler(args, ctx) {
    const urls = parseCheckUrls(args.positionals);
    const owned = await findAccounts(urls, ctx);
    const targets = await describeCheckTargets(owned, ctx.providers);
    const checks = await checkUrls(targets, checkOptions(ctx.check, args.edges));
    return {
      visibility: 'ephemeral',
      ...renderCheck(checks),
      data: { checks } satisfies z.input<typeof CheckData>,
    };
  },
});

/**
 * The account serving each URL's domain among those the channel may use. Nothing is resolved or requested for a
 * check with a URL on any other domain: the whole check is refused, naming the domains.
 */
async function findAccounts(urls: readonly string[], ctx: AppContext): Promise<AccountUrl[]> {
  const hosts = [...new Set(urls.map((url) => new URL(url).hostname.toLowerCase()))];
  const resolution = await ctx.inventory.resolve(hosts, ctx.caller.accounts);
  if (resolution.unknown.length > 0) {
    // An account whose list could not be read may well serve the domain: its error is the real answer.
    if (resolution.failures[0]) throw resolution.failures[0];
    const many = resolution.unknown.length > 1;
    throw new UsageError(
      `Nothing was checked: ${resolution.unknown.map(code).join(', ')} ${many ? 'are' : 'is'} not served by any account this channel may use.`,
      '`/cdn hosts` lists the domains available here.',
    );
  }
  return urls.map((url) => {
    const host = new URL(url).hostname.toLowerCase();
    // A domain in two accounts has one CNAME that clients follow; either account describes it.
    const accountId = resolution.found.get(host)?.accountId ?? resolution.ambiguous.get(host)?.[0];
    return { url, accountId: accountId! };
  });
}
