/**
 * The Wangsu (ChinaNetCenter) CDN provider, as one object satisfying CdnProvider. Endpoints: wangsu-cdn.md §2.
 * Purge and prefetch go through the /ccm content API (an itemId per request); domain and config changes are
 * asynchronous (HTTP 202 + x-cnc-request-id) and are followed until Wangsu says SUCCESS or FAIL. Traffic reports
 * and log links: traffic.ts.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Clock } from '../../clock.ts';
import { isAmbiguousFailure, ProviderError, UsageError } from '../../errors.ts';
import { formatChinaTime, parseChinaTime } from '../china-time.ts';
import type { ProviderFactory } from '../provider-factory.ts';
import {
  notAppliedError,
  reconcileWindowStart,
  recordsOfLostSubmission,
  unreconciledError,
} from '../reconcile.ts';
import type {
  CdnProvider,
  ChangeResult,
  DomainStatus,
  OriginSetting,
  DomainDetail as SharedDetail,
  SubmittedTask,
  TaskHistory,
  TaskQuery,
  TaskRecord,
} from '../types.ts';
import type { WangsuAccount } from './account.ts';
import { withBlock } from './blocking.ts';
import { wangsuCertificateOperations } from './certificates.ts';
import { createWangsuClient, type WangsuClient } from './client.ts';
import { cacheTimeBody, refuseUnsupported, withReferer } from './config-writes.ts';
import { toAccessRule, toCacheRule, toDomainSummary, toStatus, toTaskRecord } from './map.ts';
import { checkWangsuHostHeader, checkWangsuOrigin, originConfigBody } from './origin.ts';
import { WANGSU_CONFIG_FIELDS, wangsuProfile } from './profile.ts';
import {
  AsyncResult,
  CacheTime,
  CcmQuery,
  CcmSubmit,
  DomainDetail,
  DomainList,
  FetchLimits,
  PurgeLimits,
  VisitControl,
  type VisitControlRule,
} from './schema.ts';
import { wangsuTrafficOperations } from './traffic.ts';

/** Per /ccm/purge call: at most 500 URLs and directories together; prefetch: 400 URLs (reference §2.3). */
const PURGE_BATCH = 500;
const PREFETCH_BATCH = 400;
/** ItemIdQuery only answers for the last 3 days. */
const DAY_MS = 24 * 60 * 60 * 1000;
const TASK_HISTORY_MS = 3 * DAY_MS;
/** A prefetch status query by time spans at most a day (reference §2.3). */
const PREFETCH_QUERY_SPAN_MS = DAY_MS;
/** With a keyword every record is read to count the matches; past this many, counting stops. */
const KEYWORD_SCAN_LIMIT = 5000;
const TASKS_PAGE = 100;
/** Following an async change: Wangsu deploys in minutes, terraform-provider-wangsu waits up to 15. */
const FOLLOW = { firstMs: 3_000, maxMs: 30_000, giveUpMs: 15 * 60_000 };

/** The implementation the registry loads on the first call to a Wangsu account; its profile is profile.ts. */
export const wangsu: ProviderFactory<typeof WangsuAccount> = {
  ...wangsuProfile,
  create(accountId, account, deps): CdnProvider & WangsuExtras {
    return createWangsuProvider(accountId, createWangsuClient({ accountId, account, ...deps }), deps.clock);
  },
};

/** Operations only Wangsu offers in this form; used by config commands. */
export interface WangsuExtras {
  /**
   * Read-modify-write of the whole visit-control list: `change` gets the current groups and returns the wanted ones.
   * Groups keep their data-id, dropped groups are cleared by data-id, new ones are added, so a PUT never silently
   * replaces rules it did not mean to touch.
   */
  updateVisitControl(
    domain: string,
    change: (rules: VisitControlRule[]) => VisitControlRule[],
  ): Promise<ChangeResult>;
}

/** Non-ASCII characters must reach /ccm already UTF-8 percent-encoded; existing escapes are left alone. */
function encodeNonAscii(url: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find anything outside ASCII.
  return url.replace(/[^\x00-\x7f]+/g, (chars) => encodeURIComponent(chars));
}

export function createWangsuProvider(
  accountId: string,
  client: WangsuClient,
  clock: Clock,
): CdnProvider & WangsuExtras {
  function ccmFailure(
    code: number,
    message: string | null | undefined,
    requestId: string | undefined,
  ): ProviderError {
    return new ProviderError({
      account: accountId,
      // /ccm answers only Code 1 (ok) or 0 (refused) and a Message (reference §3): name the field, not a bare 0.
      providerCode: `Code=${code}`,
      message: message || 'Wangsu refused the request',
      requestId,
    });
  }

  /**
   * Sends a purge or prefetch once. When the answer is lost after the request left, the status query says whether
   * Wangsu created the items: sending again would spend quota twice and leave the first items unfollowed. That
   * query by time does not return itemIds, so a task found this way is followed by its URLs (`since`).
   */
  async function submit(
    kind: 'purge' | 'fetch',
    body: Record<string, unknown>,
    items: string[],
  ): Promise<SubmittedTask> {
    const sentAt = clock.now();
    try {
      const { data, requestId } = await client.json(
        { method: 'POST', path: `/ccm/${kind}/ItemIdReceiver`, body },
        CcmSubmit,
      );
      if (data.Code !== 1 || !data.itemId) throw ccmFailure(data.Code, data.Message, requestId);
      return { taskId: data.itemId, requestId, items };
    } catch (error) {
      if (!isAmbiguousFailure(error)) throw error;
      let records: TaskRecord[];
      try {
        records = await tasks(
          `/ccm/${kind}/ItemIdQuery`,
          { from: reconcileWindowStart(sentAt), to: clock.now() },
          kind === 'fetch' ? 'prefetch' : 'url',
        );
      } catch (check) {
        throw unreconciledError(error, check, '`/cdn purges` shows the tasks Wangsu has');
      }
      // Wangsu lists the URLs as they were sent: non-ASCII already percent-encoded.
      const sent = [
        ...((body.urls as string[] | undefined) ?? []),
        ...((body.dirs as string[] | undefined) ?? []),
      ];
      if (recordsOfLostSubmission(records, sent, sentAt).length === 0) {
        throw notAppliedError(error, 'Wangsu has no item for these URLs since the request was sent');
      }
      return { taskId: '', requestId: undefined, items, reconciled: true, since: sentAt };
    }
  }

  async function tasks(path: string, query: TaskQuery, kind: 'url' | 'prefetch'): Promise<TaskRecord[]> {
    if (!query.taskId) {
      const from = query.from ?? (query.to ?? clock.now()) - TASK_HISTORY_MS;
      if (clock.now() - from > TASK_HISTORY_MS) {
        throw new UsageError(
          `Wangsu keeps purge and prefetch status for 3 days only (account ${accountId}).`,
          'Use a --from within the last 3 days.',
        );
      }
    }
    return (await history(path, query, kind)).records;
  }

  /**
   * The status query, newest first: by itemId, or by time in windows Wangsu accepts (prefetch spans at most a day),
   * paged until `limit` records. The total is Wangsu's `count`, or with a keyword (matched here: Wangsu only filters
   * on one exact URL) the number of matching records, which means reading them all.
   */
  async function history(path: string, query: TaskQuery, kind: 'url' | 'prefetch'): Promise<TaskHistory> {
    const keyword = query.keyword?.toLowerCase();
    const limit = query.limit ?? 1000;
    const wanted = keyword ? KEYWORD_SCAN_LIMIT : limit;
    const windows: Record<string, unknown>[] = [];
    let clamped: TaskHistory['clamped'];
    if (query.taskId) {
      windows.push({ itemId: query.taskId });
    } else {
      const now = clock.now();
      const to = Math.min(query.to ?? now, now);
      // A minute's margin: the oldest time Wangsu answers for moves on while the query travels.
      const oldest = now - TASK_HISTORY_MS + 60_000;
      let from = query.from ?? to - TASK_HISTORY_MS;
      if (from < oldest) {
        from = oldest;
        clamped = { from, keptDays: TASK_HISTORY_MS / DAY_MS };
      }
      const span = kind === 'prefetch' ? PREFETCH_QUERY_SPAN_MS : TASK_HISTORY_MS;
      // Both ends are inclusive to the second: the next (older) window ends a second before this one starts.
      for (let end = Math.floor(to / 1000) * 1000; end >= from; ) {
        const start = Math.max(from, end - span);
        windows.push({ startTime: formatChinaTime(start), endTime: formatChinaTime(end) });
        end = Math.floor(start / 1000) * 1000 - 1000;
      }
    }
    const records: TaskRecord[] = [];
    let total = 0;
    for (const window of windows) {
      let seen = 0;
      for (let pageNo = 1; ; pageNo++) {
        const { data, requestId } = await client.json(
          { method: 'POST', effect: 'read', path, body: { ...window, pageNo, pageSize: TASKS_PAGE } },
          CcmQuery,
        );
        if (data.Code !== 1) throw ccmFailure(data.Code, data.Message, requestId);
        const items = data.resultDetail ?? [];
        if (pageNo === 1) total += data.count ?? items.length;
        seen += items.length;
        const page = items.map((item) => toTaskRecord(item, query.taskId ?? '', kind, parseChinaTime));
        records.push(
          ...(keyword ? page.filter((record) => record.url.toLowerCase().includes(keyword)) : page),
        );
        if (items.length < TASKS_PAGE || seen >= (data.count ?? seen) || records.length >= wanted) break;
      }
      // Later windows are still asked once each, for their count.
      if (records.length >= wanted && keyword) break;
    }
    return {
      records: records.slice(0, limit),
      total: keyword ? records.length : total,
      ...(clamped ? { clamped } : {}),
    };
  }

  /** Polls /api/request/{id} with growing gaps until Wangsu says SUCCESS or FAIL, or we stop waiting. */
  async function follow(requestId: string | undefined): Promise<ChangeResult> {
    if (!requestId)
      return { requestId, state: 'pending', message: 'Wangsu accepted the change without a request id' };
    const started = clock.now();
    for (let wait = FOLLOW.firstMs; ; wait = Math.min(FOLLOW.maxMs, wait * 2)) {
      await clock.sleep(wait);
      const { data } = await client.json(
        { method: 'GET', path: `/api/request/${encodeURIComponent(requestId)}` },
        AsyncResult,
      );
      const result = data['async-result'].toUpperCase();
      const message = data['async-message'] ?? undefined;
      if (result === 'SUCCESS') return { requestId, state: 'done', message };
      if (result === 'FAIL') return { requestId, state: 'failed', message };
      if (clock.now() - started >= FOLLOW.giveUpMs) return { requestId, state: 'pending', message };
    }
  }

  async function domainDetail(domain: string) {
    return (
      await client.json({ method: 'GET', path: `/api/domain/${encodeURIComponent(domain)}` }, DomainDetail)
    ).data;
  }

  /** The domain's status now, or undefined once the account no longer has it (404). */
  async function statusOf(domain: string): Promise<DomainStatus | undefined> {
    try {
      return toStatus(await domainDetail(domain));
    } catch (error) {
      if (error instanceof ProviderError && error.httpStatus === 404) return undefined;
      throw error;
    }
  }

  /**
   * A state change whose 202 was lost: the x-cnc-request-id went with it, so the domain itself is asked. `InProgress`
   * (processing) or the target status mean Wangsu took the change; then its status is polled until it settles.
   */
  async function reconcileStateChange(
    error: ProviderError,
    domain: string,
    target: DomainStatus | undefined,
  ): Promise<ChangeResult> {
    let status: DomainStatus | undefined;
    try {
      status = await statusOf(domain);
    } catch (check) {
      throw unreconciledError(error, check, `\`/cdn host ${domain}\` shows where it stands`);
    }
    if (status !== 'processing' && status !== target) {
      throw notAppliedError(
        error,
        status === undefined ? `${domain} is not in the account` : `${domain} is still ${status}`,
      );
    }
    const settled = await settle(error, domain);
    if ('result' in settled) return settled.result;
    const what = target ?? 'deleted';
    return settled.status === target
      ? reconciledResult(error, 'done', `${domain} is ${what}.`)
      : reconciledResult(
          error,
          'failed',
          `${domain} ended ${settled.status ?? 'deleted'} instead of ${what}.`,
        );
  }

  function reconciledResult(
    error: ProviderError,
    state: ChangeResult['state'],
    message: string,
  ): ChangeResult {
    return {
      requestId: undefined,
      state,
      message: `Outcome reconciled: the answer was lost (${error.providerCode}), so Wangsu was asked what happened. ${message}`,
      reconciled: true,
    };
  }

  /**
   * Waits until a domain whose change Wangsu took (but whose request id was lost) stops deploying: its status once
   * it is no longer InProgress, or a pending result when that takes too long or reading it back fails.
   */
  async function settle(
    error: ProviderError,
    domain: string,
  ): Promise<{ status: DomainStatus | undefined } | { result: ChangeResult }> {
    const started = clock.now();
    for (let wait = FOLLOW.firstMs; ; wait = Math.min(FOLLOW.maxMs, wait * 2)) {
      let status: DomainStatus | undefined;
      try {
        status = await statusOf(domain);
      } catch (check) {
        // Wangsu took the change; only watching it failed, so it is in flight, not failed.
        const code = check instanceof ProviderError ? check.providerCode : String(check);
        return {
          result: reconciledResult(
            error,
            'pending',
            `Wangsu took the change, but reading ${domain} back failed (${code}).`,
          ),
        };
      }
      if (status !== 'processing') return { status };
      if (clock.now() - started >= FOLLOW.giveUpMs) {
        return { result: reconciledResult(error, 'pending', `${domain} is still deploying.`) };
      }
      await clock.sleep(wait);
    }
  }

  /**
   * A config PUT whose 202 was lost: read the configuration back. When sending the change again would change
   * nothing, Wangsu took it; then wait for the deploy to end.
   */
  async function putConfig(
    domain: string,
    what: string,
    put: { path: string; body: Record<string, unknown> },
    isInPlace: () => Promise<boolean>,
  ): Promise<ChangeResult> {
    let requestId: string | undefined;
    try {
      ({ requestId } = await client.accepted({ method: 'PUT', ...put }));
    } catch (error) {
      if (!isAmbiguousFailure(error)) throw error;
      let inPlace: boolean;
      try {
        inPlace = await isInPlace();
      } catch (check) {
        throw unreconciledError(error, check, `\`/cdn host ${domain}\` shows its configuration`);
      }
      if (!inPlace) throw notAppliedError(error, `${domain} still has its previous ${what}`);
      const settled = await settle(error, domain);
      return 'result' in settled
        ? settled.result
        : reconciledResult(error, 'done', `The ${what} of ${domain} is as asked.`);
    }
    return follow(requestId);
  }

  async function changeDomainState(domain: string, action: 'enable' | 'disable'): Promise<ChangeResult> {
    // enable/disable take the numeric domain-id (reference §2.2); resolve the name first.
    const detail = await domainDetail(domain);
    let requestId: string | undefined;
    try {
      ({ requestId } = await client.accepted({
        method: 'PUT',
        path: `/api/domain/${encodeURIComponent(detail['domain-id'])}/${action}`,
      }));
    } catch (error) {
      if (!isAmbiguousFailure(error)) throw error;
      return reconcileStateChange(error, domain, action === 'enable' ? 'online' : 'offline');
    }
    return follow(requestId);
  }

  async function updateVisitControl(
    domain: string,
    change: (rules: VisitControlRule[]) => VisitControlRule[],
  ): Promise<ChangeResult> {
    const path = `/api/config/visitcontrol/${encodeURIComponent(domain)}`;
    const before =
      (await client.json({ method: 'GET', path }, VisitControl)).data['visit-control-rules'] ?? [];
    const after = change(structuredClone(before));
    return putConfig(
      domain,
      'visit-control rules',
      { path, body: { 'visit-control-rules': visitControlPutBody(before, after) } },
      async () => {
        const now =
          (await client.json({ method: 'GET', path }, VisitControl)).data['visit-control-rules'] ?? [];
        return isDeepStrictEqual(change(structuredClone(now)), now);
      },
    );
  }

  /** EditDomainConfig with the domain's whole origin-config, read first. */
  async function updateOrigin(
    domain: string,
    setting: OriginSetting | undefined,
    host: string | undefined,
  ): Promise<ChangeResult> {
    if (setting) checkWangsuOrigin(accountId, setting);
    if (host !== undefined) checkWangsuHostHeader(host);
    const wanted = {
      ...(setting ? { origins: setting.origins } : {}),
      ...(host !== undefined ? { host } : {}),
    };
    const read = await domainDetail(domain);
    return putConfig(
      domain,
      'origin',
      {
        path: `/api/domain/${encodeURIComponent(domain)}`,
        body: originConfigBody(read['origin-config'], wanted),
      },
      async () => {
        const now = (await domainDetail(domain))['origin-config'];
        return isDeepStrictEqual(originConfigBody(now, wanted), originConfigBody(now, {}));
      },
    );
  }

  async function listDomains() {
    const { data } = await client.json({ method: 'GET', path: '/api/domain' }, DomainList);
    return data.map(toDomainSummary);
  }

  const certificates = wangsuCertificateOperations(accountId, client, async () =>
    (await listDomains()).map((domain) => domain.domain),
  );

  /** Deploys an uploaded certificate to one domain; a lost answer is read back from the certificate list. */
  function deployCertificate(domain: string, certificateId: string): Promise<ChangeResult> {
    return putConfig(
      domain,
      'certificate',
      { path: '/api/config/certificate/batch', body: { certificateId, domainNames: [domain] } },
      async () => (await certificates.certificateIdOf(domain)) === certificateId,
    );
  }

  return {
    kind: 'wangsu',
    accountId,

    listDomains,
    certificates: certificates.certificates,
    certificate: certificates.certificate,

    async describeDomains(names) {
      const details: SharedDetail[] = [];
      for (const name of [...new Set(names)]) {
        let detail: DomainDetail;
        try {
          detail = await domainDetail(name);
        } catch (error) {
          // Unknown names are simply absent, as the contract says.
          if (error instanceof ProviderError && error.httpStatus === 404) continue;
          throw error;
        }
        const cache = await client.json(
          { method: 'GET', path: `/api/config/cachetime/${encodeURIComponent(name)}` },
          CacheTime,
        );
        const originHost = detail['origin-config']?.['default-origin-host-header'];
        details.push({
          ...toDomainSummary(detail),
          originHost: originHost || undefined,
          originType: undefined,
          // Wangsu's domain detail does not say which scheme it fetches the origin with.
          originProtocol: undefined,
          fullUrlCache: undefined,
          cacheRules: (cache.data['cache-time-behaviors'] ?? []).map(toCacheRule),
          followOrigin: undefined,
          // Wangsu's referer rules live in visit control: `/cdn access` shows them with the IP and UA rules.
          referer: undefined,
          https: undefined,
        });
      }
      return details;
    },

    async getQuota() {
      const [purge, fetch] = await Promise.all([
        client.json({ method: 'GET', path: '/ccm/upperQuery', query: { type: 'purge' } }, PurgeLimits),
        client.json({ method: 'GET', path: '/ccm/upperQuery', query: { type: 'fetch' } }, FetchLimits),
      ]);
      return [
        {
          kind: 'url-purge',
          area: 'mainland',
          batch: PURGE_BATCH,
          total: purge.data.urlUpper,
          available: purge.data.urlRemain,
        },
        {
          kind: 'dir-purge',
          area: 'mainland',
          batch: PURGE_BATCH,
          total: purge.data.dirUpper,
          available: purge.data.dirRemain,
        },
        {
          kind: 'prefetch',
          area: 'mainland',
          batch: PREFETCH_BATCH,
          total: fetch.data.fetchUpper,
          available: fetch.data.fetchRemain,
        },
      ];
    },

    purgeUrls: (urls) => submit('purge', { urls: urls.map(encodeNonAscii) }, urls),

    purgeDirs: (dirs, options) =>
      submit(
        'purge',
        // expire revalidates with the origin (changed files); delete drops everything and is off by default.
        { dirs: dirs.map(encodeNonAscii), dirAction: options.flushType === 'delete' ? 'delete' : 'expire' },
        dirs,
      ),

    prefetchUrls: (urls) => submit('fetch', { urls: urls.map(encodeNonAscii) }, urls),

    purgeTasks: (query) => tasks('/ccm/purge/ItemIdQuery', query, 'url'),
    prefetchTasks: (query) => tasks('/ccm/fetch/ItemIdQuery', query, 'prefetch'),
    taskHistory: (kind, query) =>
      kind === 'purge'
        ? history('/ccm/purge/ItemIdQuery', query, 'url')
        : history('/ccm/fetch/ItemIdQuery', query, 'prefetch'),

    async accessRules(domain) {
      const { data } = await client.json(
        { method: 'GET', path: `/api/config/visitcontrol/${encodeURIComponent(domain)}` },
        VisitControl,
      );
      return (data['visit-control-rules'] ?? []).map(toAccessRule);
    },

    startDomain: (domain) => changeDomainState(domain, 'enable'),
    stopDomain: (domain) => changeDomainState(domain, 'disable'),
    async deleteDomain(domain) {
      let requestId: string | undefined;
      try {
        ({ requestId } = await client.accepted({
          method: 'DELETE',
          path: `/api/domain/${encodeURIComponent(domain)}`,
        }));
      } catch (error) {
        if (!isAmbiguousFailure(error)) throw error;
        return reconcileStateChange(error, domain, undefined);
      }
      return follow(requestId);
    },

    configFields: WANGSU_CONFIG_FIELDS,

    checkOrigin: (setting) => checkWangsuOrigin(accountId, setting),

    async updateDomainConfig(domain, change) {
      if (change.fullUrlCache !== undefined) refuseUnsupported('full-URL caching');
      if (change.projectId !== undefined) refuseUnsupported('the project');
      let result: ChangeResult = { requestId: undefined, state: 'done', message: undefined };
      if (change.origin || change.originHost !== undefined) {
        result = await updateOrigin(domain, change.origin, change.originHost);
        if (result.state !== 'done') return result;
      }
      if (change.cacheRules) {
        const path = `/api/config/cachetime/${encodeURIComponent(domain)}`;
        const existing =
          (await client.json({ method: 'GET', path }, CacheTime)).data['cache-time-behaviors'] ?? [];
        const rules = change.cacheRules;
        result = await putConfig(
          domain,
          'cache rules',
          { path, body: { 'cache-time-behaviors': cacheTimeBody(existing, rules) } },
          async () => {
            const now =
              (await client.json({ method: 'GET', path }, CacheTime)).data['cache-time-behaviors'] ?? [];
            // Both sides through the same mapping, so formatting differences (ttl units, separators) do not count.
            return isDeepStrictEqual(cacheTimeBody(now, rules), cacheTimeBody(now, now.map(toCacheRule)));
          },
        );
        if (result.state !== 'done') return result;
      }
      if (change.referer) {
        const setting = change.referer;
        result = await updateVisitControl(domain, (rules) => withReferer(rules, setting));
        if (result.state !== 'done') return result;
      }
      if (change.blocking) {
        const blocking = change.blocking;
        result = await updateVisitControl(domain, (rules) => withBlock(rules, blocking, domain));
        if (result.state !== 'done') return result;
      }
      if (change.certificateId !== undefined) result = await deployCertificate(domain, change.certificateId);
      return result;
    },

    updateVisitControl,

    ...wangsuTrafficOperations(accountId, client, () => clock.now()),
  };
}

/**
 * The PUT list that turns `before` into `after` under Wangsu's data-id rules (reference §2.6): a group with a
 * data-id is modified, one with only its data-id is cleared, one without is added; a list where no group has a
 * data-id replaces everything, and an empty list clears everything.
 */
export function visitControlPutBody(
  before: VisitControlRule[],
  after: VisitControlRule[],
): VisitControlRule[] {
  if (after.length === 0) return [];
  const kept = new Set(after.map((rule) => rule['data-id']).filter((id): id is string => id != null));
  if (kept.size === 0) return after;
  const cleared = before
    .map((rule) => rule['data-id'])
    .filter((id): id is string => id != null && !kept.has(id))
    .map((id) => ({ 'data-id': id }));
  return [...after, ...cleared];
}
