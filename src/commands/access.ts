import * as z from 'zod';
import { UsageError } from '../errors.ts';
import { isObject } from '../providers/account-failure.ts';
import { describeDomain, requireDomainName } from '../providers/domain-name.ts';
import { requireOperation } from '../providers/require-operation.ts';
import type { AccessRule } from '../providers/types.ts';
import { context, divider, fitBlocks, header, sectionsFromLines } from '../render/blocks.ts';
import { code, escapeMrkdwn } from '../render/format.ts';
import { defineCommand } from './app-services.ts';

/** `cdnops access --json` prints this (README "Command line"): the domain's rules, highest priority first. */
export const AccessData = z.object({
  account: z.string(),
  domain: z.string(),
  rules: z.array(z.custom<AccessRule>(isObject)),
});

export const access = defineCommand({
  name: 'access',
  summary: 'Visit-control (anti-leech) rules of a domain: IP, referer and user-agent allow/deny lists',
  usage: '<domain>',
  examples: ['access www.example.com'],
  role: 'viewer',
  flags: {},
  json: { data: AccessData },
  args: z.object({
    positionals: z.array(z.string()).length(1, 'Name one domain, e.g. `/cdn access www.example.com`.'),
  }),
  async handler(args, ctx) {
    const [typed] = args.positionals as [string];
    const domain = requireDomainName(typed);
    const resolution = await ctx.inventory.resolve([domain], ctx.caller.accounts);
    const owner = resolution.found.get(domain);
    if (!owner) {
      if (resolution.failures[0]) throw resolution.failures[0];
      throw new UsageError(
        `${code(describeDomain(typed, domain))} is not served by any account this channel may use.`,
        '`/cdn hosts` lists the domains available here.',
      );
    }
    const provider = ctx.providers.get(owner.accountId)!;
    const rules = await requireOperation(provider, 'accessRules', 'Visit control')(owner.summary.domain);
    const sorted = [...rules].sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0));
    const shown = describeDomain(typed, owner.summary.domain);
    const blocks = [
      header(`Visit control: ${shown}`),
      context(
        `Account ${code(owner.accountId)} (${provider.kind}) · ${rules.length} ${rules.length === 1 ? 'rule' : 'rules'}${rules.some((rule) => rule.priority !== undefined) ? ', highest priority first' : ''}`,
      ),
    ];
    if (sorted.length === 0) {
      blocks.push(
        ...sectionsFromLines(['_No visit-control rules: every client, referer and user agent is served._']),
      );
    }
    sorted.forEach((rule, index) => {
      if (index > 0) blocks.push(divider());
      blocks.push(...sectionsFromLines(renderRule(rule, index + 1)));
    });
    return {
      visibility: 'ephemeral',
      text: `Visit control of ${shown}: ${rules.length} rules`,
      blocks: fitBlocks(blocks, (hidden) => `${hidden} more blocks not shown.`),
      data: {
        account: owner.accountId,
        domain: owner.summary.domain,
        rules: sorted,
      } satisfies z.input<typeof AccessData>,
    };
  },
});

function list(values: readonly string[]): string {
  return values.map(code).join(' ');
}

/** One rule as a person reads it: what it covers, who gets through, who is refused and what they get. */
export function renderRule(rule: AccessRule, number: number): string[] {
  const title = [
    `*Rule ${number}*`,
    rule.id ? `(id ${code(rule.id)})` : '',
    rule.priority !== undefined ? `· priority ${rule.priority}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const lines = [title, `Applies to: ${rule.appliesTo.map(escapeMrkdwn).join('; ')}`];
  if (rule.except.length > 0) lines.push(`Except: ${rule.except.map(escapeMrkdwn).join('; ')}`);
  if (rule.ip) {
    if (rule.ip.allow.length > 0) lines.push(`IP allowed: ${list(rule.ip.allow)}`);
    if (rule.ip.deny.length > 0) lines.push(`IP denied: ${list(rule.ip.deny)}`);
  }
  if (rule.referer) {
    if (rule.referer.allow.length > 0) lines.push(`Referer allowed: ${list(rule.referer.allow)}`);
    if (rule.referer.deny.length > 0) lines.push(`Referer denied: ${list(rule.referer.deny)}`);
    if (rule.referer.allowEmpty !== undefined) {
      lines.push(`Empty referer: ${rule.referer.allowEmpty ? 'allowed' : 'denied'}`);
    }
  }
  if (rule.userAgent) {
    if (rule.userAgent.allow.length > 0) lines.push(`User agents allowed: ${list(rule.userAgent.allow)}`);
    if (rule.userAgent.deny.length > 0) lines.push(`User agents denied: ${list(rule.userAgent.deny)}`);
  }
  lines.push(
    rule.action.kind === 'redirect'
      ? `Refused requests: 302 redirect to ${code(rule.action.location)}`
      : `Refused requests: HTTP ${rule.action.status}`,
  );
  return lines;
}
