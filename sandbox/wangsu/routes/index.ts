import { classicError } from '../api-error.ts';
import { deployCertificate, listCertificates } from '../certificates.ts';
import { deleteDomain, disableDomain, enableDomain } from './change-domain-state.ts';
import { CACHE_TIME, getConfig, putConfig, VISIT_CONTROL } from './domain-config.ts';
import { editDomain } from './edit-domain.ts';
import { getDomain } from './get-domain.ts';
import { getRequestStatus } from './get-request-status.ts';
import { listDomains } from './list-domains.ts';
import { logDownloadLink } from './log-download-link.ts';
import { queryItems } from './query-items.ts';
import { reportHitRatio } from './report-hit-ratio.ts';
import { reportStatusCode } from './report-status-code.ts';
import { domainBandwidth, domainFlow, domainHit } from './report-traffic.ts';
import type { RouteHandler } from './route-context.ts';
import { submitPrefetch } from './submit-prefetch.ts';
import { submitPurge } from './submit-purge.ts';
import { upperQuery } from './upper-query.ts';

interface Route {
  /** Anchored; each group captures one path segment. */
  pattern: RegExp;
  methods: Readonly<Record<string, RouteHandler>>;
}

/** The endpoints the sandbox answers (reference §2). Anything else is 404 `NotFound`. */
const ROUTES: readonly Route[] = [
  { pattern: /^\/api\/domain$/, methods: { GET: listDomains } },
  { pattern: /^\/api\/domain\/([^/]+)$/, methods: { GET: getDomain, PUT: editDomain, DELETE: deleteDomain } },
  { pattern: /^\/api\/domain\/([^/]+)\/enable$/, methods: { PUT: enableDomain } },
  { pattern: /^\/api\/domain\/([^/]+)\/disable$/, methods: { PUT: disableDomain } },
  { pattern: /^\/api\/request\/([^/]+)$/, methods: { GET: getRequestStatus, POST: getRequestStatus } },
  {
    pattern: /^\/api\/config\/visitcontrol\/([^/]+)$/,
    methods: { GET: getConfig(VISIT_CONTROL), PUT: putConfig(VISIT_CONTROL) },
  },
  {
    pattern: /^\/api\/config\/cachetime\/([^/]+)$/,
    methods: { GET: getConfig(CACHE_TIME), PUT: putConfig(CACHE_TIME) },
  },
  { pattern: /^\/api\/terraform\/certificates$/, methods: { POST: listCertificates } },
  { pattern: /^\/api\/config\/certificate\/batch$/, methods: { PUT: deployCertificate } },
  { pattern: /^\/api\/report\/domainflow$/, methods: { POST: domainFlow } },
  { pattern: /^\/api\/report\/domainbandwidth$/, methods: { POST: domainBandwidth } },
  { pattern: /^\/api\/report\/domainhit$/, methods: { POST: domainHit } },
  { pattern: /^\/api\/report\/status-code$/, methods: { POST: reportStatusCode } },
  { pattern: /^\/api\/report\/request\/hit-ratio\/total$/, methods: { POST: reportHitRatio } },
  { pattern: /^\/api\/report\/log\/downloadLink$/, methods: { POST: logDownloadLink } },
  { pattern: /^\/ccm\/purge\/ItemIdReceiver$/, methods: { POST: submitPurge } },
  { pattern: /^\/ccm\/purge\/ItemIdQuery$/, methods: { POST: queryItems('purge') } },
  { pattern: /^\/ccm\/fetch\/ItemIdReceiver$/, methods: { POST: submitPrefetch } },
  { pattern: /^\/ccm\/fetch\/ItemIdQuery$/, methods: { POST: queryItems('fetch') } },
  { pattern: /^\/ccm\/upperQuery$/, methods: { GET: upperQuery } },
];

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The handler for a method and path, with its decoded segments; 404 `NotFound` or 405 `MethodNotAllowed`. */
export function findRoute(method: string, path: string): { handler: RouteHandler; params: string[] } {
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    const handler = Object.hasOwn(route.methods, method) ? route.methods[method] : undefined;
    if (!handler) {
      throw classicError(
        405,
        'MethodNotAllowed',
        `${method} is not supported on ${path}; use ${Object.keys(route.methods).join(' or ')}.`,
      );
    }
    return { handler, params: match.slice(1).map(decodeSegment) };
  }
  throw classicError(404, 'NotFound', `No API at ${method} ${path}.`);
}
