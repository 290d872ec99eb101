/** Wangsu's shapes onto the shared provider types. */
import type {
  AccessRule,
  CacheRule,
  DomainStatus,
  DomainSummary as SharedSummary,
  TaskRecord,
  TaskState,
} from '../types.ts';
import type { CacheTimeBehavior, CcmItem, DomainDetail, DomainSummary, VisitControlRule } from './schema.ts';

/**
 * Wangsu spreads a domain's state over three fields: `enabled` false means disabled ("offline"), `status`
 * InProgress means a change is deploying, and `cdn-service-status` false means traffic bypasses the CDN.
 */
export function toStatus(domain: DomainSummary): DomainStatus {
  if (domain.enabled === false) return 'offline';
  if (domain.status === 'InProgress') return 'processing';
  if (domain.status === 'Deployed' || domain.status == null) return 'online';
  return 'unknown';
}

export function toDomainSummary(domain: DomainSummary | DomainDetail): SharedSummary {
  const origins = 'origin-config' in domain ? splitList(domain['origin-config']?.['origin-ips']) : [];
  return {
    domain: domain['domain-name'],
    id: domain['domain-id'],
    status: toStatus(domain),
    cname: domain.cname ?? undefined,
    origins,
    serviceType: domain['service-type'] ?? undefined,
    area: 'mainland',
    projectId: undefined,
    disabledReason:
      domain['cdn-service-status'] === false ? 'CDN service cancelled (traffic goes to origin)' : undefined,
    updatedAt: domain['last-modified'] ?? undefined,
  };
}

/** Wangsu separates lists with `;` (IPs, domains, directories, file types). */
export function splitList(value: string | null | undefined, separator: RegExp = /;/): string[] {
  return (value ?? '')
    .split(separator)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** `A|B|(C|D)` → `A`, `B`, `(C|D)`: the alternatives at the top level of a regex, as Wangsu joins user agents. */
export function splitAlternatives(regex: string | null | undefined): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inClass = false;
  let current = '';
  for (let index = 0; index < (regex ?? '').length; index++) {
    const char = regex![index]!;
    if (char === '\\') {
      current += char + (regex![index + 1] ?? '');
      index++;
      continue;
    }
    if (inClass) inClass = char !== ']';
    else if (char === '[') inClass = true;
    else if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === '|' && depth === 0) {
      parts.push(current);
      current = '';
      continue;
    }
    current += char;
  }
  parts.push(current);
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim().length > 0 ? value.trim() : undefined;
}

/** What a visit-control or cache-time group matches, as people read it. */
function describeMatch(rule: VisitControlRule | CacheTimeBehavior): string[] {
  const parts: string[] = [];
  if (rule['custom-pattern'] === 'all') parts.push('all files');
  if (rule['custom-pattern'] === 'homepage') parts.push('home page');
  const types = [...splitList(rule['file-type']), ...splitList(rule['custom-file-type'])];
  if (types.includes('all')) parts.push('all file types');
  else if (types.length > 0) parts.push(`file types ${types.join(' ')}`);
  const directories = splitList(rule.directory);
  if (directories.length > 0) parts.push(`directories ${directories.join(' ')}`);
  const url = text(rule['specify-url-pattern']);
  if (url) parts.push(`URL ${url}`);
  const pattern = text(rule['path-pattern']);
  if (pattern) parts.push(`path pattern ${pattern}`);
  return parts.length > 0 ? parts : ['all requests'];
}

function describeExcept(rule: VisitControlRule): string[] {
  const parts: string[] = [];
  const types = [...splitList(rule['except-file-type']), ...splitList(rule['except-custom-file-type'])];
  if (types.length > 0) parts.push(`file types ${types.join(' ')}`);
  const directories = splitList(rule['except-directory']);
  if (directories.length > 0) parts.push(`directories ${directories.join(' ')}`);
  const pattern = text(rule['except-path-pattern']);
  if (pattern) parts.push(`path pattern ${pattern}`);
  return parts;
}

export function toAccessRule(rule: VisitControlRule): AccessRule {
  const ip = rule['ip-control-rule'] ?? {};
  const referer = rule['referer-control-rule'] ?? {};
  const ua = rule['ua-control-rule'] ?? {};
  const ipAllow = splitList(text(ip['allowed-ips']));
  const ipDeny = splitList(text(ip['forbidden-ips']));
  // valid-/invalid-referer are regexes separated by spaces; the url and domain lists use `;` (reference §2.6).
  const refererAllow = [
    ...splitList(text(referer['valid-referer']) ?? text(referer['valid-referers']), /\s+/),
    ...splitList(text(referer['valid-url'])),
    ...splitList(text(referer['valid-domain'])),
  ];
  const refererDeny = [
    ...splitList(text(referer['invalid-referer']) ?? text(referer['invalid-referers']), /\s+/),
    ...splitList(text(referer['invalid-url'])),
    ...splitList(text(referer['invalid-domain'])),
  ];
  const nullReferer = text(referer['allow-null-referer']);
  // One regex whose top-level alternatives are the user agents (`Android|iPhone`): listed one by one, as /cdn
  // block and unblock name them.
  const uaAllow = splitAlternatives(text(ua['valid-user-agents']));
  const uaDeny = splitAlternatives(text(ua['invalid-user-agents']));
  const action = text(rule['control-action'] ?? undefined);
  return {
    id: rule['data-id'] ?? undefined,
    appliesTo: describeMatch(rule),
    except: describeExcept(rule),
    ip: ipAllow.length + ipDeny.length > 0 ? { allow: ipAllow, deny: ipDeny } : undefined,
    referer:
      refererAllow.length + refererDeny.length > 0 || nullReferer
        ? {
            allow: refererAllow,
            deny: refererDeny,
            allowEmpty: nullReferer === undefined ? undefined : nullReferer.toLowerCase() === 'true',
          }
        : undefined,
    userAgent: uaAllow.length + uaDeny.length > 0 ? { allow: uaAllow, deny: uaDeny } : undefined,
    action:
      action === '302'
        ? { kind: 'redirect', location: text(rule['rewrite-to']) ?? '' }
        : { kind: 'status', status: action && /^\d{3}$/.test(action) ? Number(action) : 403 },
    priority: rule.priority ?? undefined,
  };
}

const TTL_UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3_600, d: 86_400 };

/** `cache-ttl` is a number with an optional unit (`20s`, `30m`, `1h`, `2d`); no unit means seconds. */
export function ttlSeconds(ttl: string | null | undefined): number {
  const match = /^(\d+)\s*([smhd]?)$/i.exec((ttl ?? '').trim());
  if (!match) return 0;
  return Number(match[1]) * (TTL_UNITS[(match[2] || 's').toLowerCase()] ?? 1);
}

export function toCacheRule(behavior: CacheTimeBehavior): CacheRule {
  const types = [...splitList(behavior['file-type']), ...splitList(behavior['custom-file-type'])];
  const directories = splitList(behavior.directory);
  const url = text(behavior['specify-url-pattern']);
  const pattern = text(behavior['path-pattern']);
  const seconds = ttlSeconds(behavior['cache-ttl'] ?? undefined);
  if (types.length > 0 && !types.includes('all')) return { type: 'file', contents: types, seconds };
  if (directories.length > 0) return { type: 'directory', contents: directories, seconds };
  if (url) return { type: 'path', contents: [url], seconds };
  if (pattern) return { type: 'pattern', contents: [pattern], seconds };
  if (behavior['custom-pattern'] === 'homepage') return { type: 'index', contents: ['/'], seconds };
  return { type: 'all', contents: ['*'], seconds };
}

const ITEM_STATES: Readonly<Record<string, TaskState>> = {
  success: 'done',
  failure: 'fail',
  wait: 'process',
  run: 'process',
};

export function toTaskRecord(
  item: CcmItem,
  taskId: string,
  kind: 'url' | 'dir' | 'prefetch',
  parseTime: (text: string) => number | undefined,
): TaskRecord {
  return {
    taskId,
    url: item.url,
    state: ITEM_STATES[item.status] ?? 'process',
    // isDir: 0 file, 1 regex, 2 directory, 3 tag.
    kind: kind === 'prefetch' ? 'prefetch' : item.isDir === 2 ? 'dir' : 'url',
    flushType: undefined,
    createdAt: item.createTime ? parseTime(item.createTime) : undefined,
  };
}
