import { isIP } from 'node:net';
import { z } from 'zod';
import {
  FlagLike,
  IntegerLike,
  invalidParameter,
  isFilled,
  MATCHER_SHAPE,
  validateMatchers,
} from './rule-matchers.ts';

/**
 * One visit-control (anti-leech) group as `GET /api/config/visitcontrol/{domain}` shows it and PUT takes it: the
 * seed doc "查询防盗链配置" plus the newer optional blocks of the Python SDK models (reference §2.6). Keys are the
 * singular kebab-case JSON form (`valid-referer`, not myklst's XML `valid-referers`); an unknown key is refused so a
 * typo cannot be silently dropped.
 */
export const IpControlRule = z.strictObject({
  'forbidden-ips': z.string().optional(),
  'allowed-ips': z.string().optional(),
});
export type IpControlRule = z.infer<typeof IpControlRule>;

export const RefererControlRule = z.strictObject({
  'allow-null-referer': FlagLike.optional(),
  'valid-referer': z.string().optional(),
  'valid-url': z.string().optional(),
  'valid-domain': z.string().optional(),
  'invalid-referer': z.string().optional(),
  'invalid-url': z.string().optional(),
  'invalid-domain': z.string().optional(),
});
export type RefererControlRule = z.infer<typeof RefererControlRule>;

export const UaControlRule = z.strictObject({
  'valid-user-agents': z.string().optional(),
  'invalid-user-agents': z.string().optional(),
});
export type UaControlRule = z.infer<typeof UaControlRule>;

export const VisitControlRule = z.strictObject({
  'data-id': IntegerLike.optional(),
  ...MATCHER_SHAPE,
  /** `"403"` (default) or `"302"`; a JSON number is kept as its string. */
  'control-action': z.union([z.string(), z.int().transform(String)]).optional(),
  /** Required when control-action is 302. */
  'rewrite-to': z.string().optional(),
  /** Higher wins; a new group without one gets 10. */
  priority: IntegerLike.optional(),
  'ip-control-rule': IpControlRule.optional(),
  'referer-control-rule': RefererControlRule.optional(),
  'ua-control-rule': UaControlRule.optional(),
  // Newer blocks whose exact shapes the sources only sketch: stored and echoed as sent.
  'advance-control-rules': z.json().optional(),
  'cookie-control-rules': z.json().optional(),
  'custom-header-control-rules': z.json().optional(),
  'exceptional-request': z.string().optional(),
  'ignored-case': FlagLike.optional(),
});
export type VisitControlRule = z.infer<typeof VisitControlRule>;

/** What a group gets when added without these fields: the documented defaults. */
export function visitControlDefaults(rule: VisitControlRule): VisitControlRule {
  return { ...rule, 'control-action': rule['control-action'] ?? '403', priority: rule.priority ?? 10 };
}

/** The four referer categories; at most one may be used per data-id (seed doc, referer-control-rule note 3). */
const REFERER_CATEGORIES: readonly (readonly (keyof RefererControlRule)[])[] = [
  ['valid-referer'],
  ['valid-domain', 'valid-url'],
  ['invalid-referer'],
  ['invalid-domain', 'invalid-url'],
];

function validateIps(list: string, name: string, where: string): void {
  for (const entry of list.split(';').filter((part) => part.trim() !== '')) {
    const [address = '', prefix] = entry.trim().split('/');
    const version = isIP(address);
    const maxPrefix = version === 6 ? 128 : 32;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= maxPrefix);
    if (version === 0 || !prefixOk) {
      throw invalidParameter(where, `${name} entry "${entry}" is not an IP or CIDR block`);
    }
  }
}

function validateReferer(rule: RefererControlRule, where: string): void {
  const used = REFERER_CATEGORIES.filter((fields) => fields.some((field) => isFilled(rule[field])));
  if (used.length > 1) {
    throw invalidParameter(
      where,
      `referer-control-rule may use only one of valid-referer, valid-domain/valid-url, invalid-referer, invalid-domain/invalid-url per data-id; got ${used.map((fields) => fields.join('/')).join(' and ')}`,
    );
  }
  const allowNull = rule['allow-null-referer'];
  if (used.length === 1 && allowNull !== 'true' && allowNull !== 'false') {
    throw invalidParameter(where, 'allow-null-referer must be "true" or "false" when a referer list is set');
  }
  if (used.length === 0 && isFilled(allowNull)) {
    throw invalidParameter(where, 'allow-null-referer must be empty when no referer list is set');
  }
}

/** The seed doc's constraints on one whole group (after a data-id update is merged into it). */
export function validateVisitControlRule(rule: VisitControlRule, where: string): void {
  validateMatchers(rule, where);
  const action = rule['control-action'];
  if (action !== '403' && action !== '302') {
    throw invalidParameter(where, `control-action must be 403 or 302, got "${action ?? ''}"`);
  }
  if (action === '302' && !/^https?:\/\/\S+$/i.test(rule['rewrite-to'] ?? '')) {
    throw invalidParameter(where, 'control-action 302 needs rewrite-to, an http(s) URL to redirect to');
  }
  const ip = rule['ip-control-rule'];
  if (ip) {
    if (isFilled(ip['forbidden-ips']) && isFilled(ip['allowed-ips'])) {
      throw invalidParameter(where, 'ip-control-rule may set forbidden-ips or allowed-ips, not both');
    }
    validateIps(ip['forbidden-ips'] ?? '', 'forbidden-ips', where);
    validateIps(ip['allowed-ips'] ?? '', 'allowed-ips', where);
  }
  if (rule['referer-control-rule']) validateReferer(rule['referer-control-rule'], where);
  const ua = rule['ua-control-rule'];
  for (const name of ['valid-user-agents', 'invalid-user-agents'] as const) {
    if (/\s/.test(ua?.[name] ?? '')) {
      throw invalidParameter(where, `${name} is a regex without spaces, e.g. Android|iPhone`);
    }
  }
}
