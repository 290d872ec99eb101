/**
 * The Tencent Cloud CDN provider (API 3.0, version 2018-06-06), as one object satisfying CdnProvider.
 * Action reference: tencent-cdn.md §4.
 */

import type { Clock } from '../../clock.ts';
import { isAmbiguousFailure, type ProviderError } from '../../errors.ts';
import { mapConcurrent } from '../../util/map-concurrent.ts';
import { formatChinaTime } from '../china-time.ts';
import type { ProviderFactory } from '../provider-factory.ts';
import {
  notAppliedError,
  reconcileWindowStart,
  recordsOfLostSubmission,
  unreconciledError,
} from '../reconcile.ts';
import { progressOfRecords } from '../task-progress.ts';
import type {
  Area,
  CdnProvider,
  SubmittedTask,
  TaskHistory,
  TaskProgress,
  TaskQuery,
  TaskRecord,
} from '../types.ts';
import type { TencentAccount } from './account.ts';
import { TENCENT_IP_DENY_LIMIT } from './blocking.ts';
import { tencentCertificateOperations } from './certificates.ts';
import { tencentChangeOperations } from './changes.ts';
import { createTencentClient, type TencentClient } from './client.ts';
import { purgeLogToTask, pushLogToTask, toDomainDetail, toDomainSummary, toQuota } from './map.ts';
import { toAccessRules } from './map-access.ts';
import { tencentNodeIpOperations } from './node-ips.ts';
import { checkTencentOrigin } from './origin.ts';
import { tencentProfile } from './profile.ts';
import {
  DescribeDomainsConfigResponse,
  DescribeDomainsResponse,
  DescribePurgeQuotaResponse,
  DescribePurgeTasksResponse,
  DescribePushQuotaResponse,
  DescribePushTasksResponse,
  TaskIdResponse,
} from './schema.ts';
import { tencentTrafficOperations } from './traffic.ts';

/** DescribeDomains allows 1000 a page, DescribeDomainsConfig 100 (tencent-cdn.md §5.7). */
const DOMAINS_PAGE = 1000;
const CONFIG_PAGE = 100;
/** A domain filter takes at most 5 values. */
const FILTER_VALUES = 5;
const TASKS_PAGE = 100;
/** As many pages in flight as the documented 20 calls a second can answer at once. */
const TASK_PAGES_IN_FLIGHT = 20;
/** Task history queries need a range; Tencent keeps about 30 days. */
const TASK_HISTORY_MS = 30 * 24 * 60 * 60 * 1000;

/** The implementation the registry loads on the first call to a Tencent account; its profile is profile.ts. */
export const tencent: ProviderFactory<typeof TencentAccount> = {
  ...tencentProfile,
  create(accountId, account, deps): CdnProvider {
    const client = createTencentClient({ accountId, account, ...deps });
    return createTencentProvider(accountId, client, deps.clock.now, deps.clock);
  },
};

/**
 * `clock` paces the following of domain changes; without one (tests that script the client) the provider offers no
 * change operations.
 */
export function createTencentProvider(
  accountId: string,
  client: TencentClient,
  now: () => number,
  clock?: Clock,
): CdnProvider {
  async function taskPages(
    action: 'DescribePurgeTasks' | 'DescribePushTasks',
    query: TaskQuery,
    extra: Record<string, unknown> = {},
  ): Promise<TaskHistory> {
    const limit = query.limit ?? 1000;
    const base: Record<string, unknown> = { ...extra };
    if (query.taskId) base.TaskId = query.taskId;
    if (query.keyword) base.Keyword = query.keyword;
    // Tencent requires TaskId or a time range; without either, ask for the retention window.
    if (!query.taskId || query.from !== undefined || query.to !== undefined) {
      const to = query.to ?? now();
      base.StartTime = formatChinaTime(query.from ?? to - TASK_HISTORY_MS);
      base.EndTime = formatChinaTime(to);
    }
    // Always full pages: the next page of /cdn purges then needs no call for what this one already brought.
    const page = async (offset: number): Promise<{ records: TaskRecord[]; total: number }> => {
      const params = { ...base, Offset: offset, Limit: TASKS_PAGE };
      if (action === 'DescribePurgeTasks') {
        const answer = await client.call(action, params, DescribePurgeTasksResponse);
        const logs = answer.PurgeLogs ?? [];
        return {
          records: logs.map(purgeLogToTask),
          total: Math.max(answer.TotalCount, offset + logs.length),
        };
      }
      const answer = await client.call(action, params, DescribePushTasksResponse);
      const logs = answer.PushLogs ?? [];
      return { records: logs.map(pushLogToTask), total: Math.max(answer.TotalCount, offset + logs.length) };
    };
    const first = await page(0);
    const records = [...first.records];
    let total = first.total;
    if (first.records.length === TASKS_PAGE && total > TASKS_PAGE && limit > TASKS_PAGE) {
      // The first page tells how many there are: the rest are asked together, paced by the account's budget,
      // so following a 10,000-URL purge is not 100 round trips one after another.
      const offsets: number[] = [];
      for (let offset = TASKS_PAGE; offset < Math.min(total, limit); offset += TASKS_PAGE)
        offsets.push(offset);
      const pages = await mapConcurrent(offsets, TASK_PAGES_IN_FLIGHT, page);
      for (const settled of pages) {
        if (settled.status === 'rejected') throw settled.reason;
        records.push(...settled.value.records);
        total = Math.max(total, settled.value.total);
      }
    }
    return { records: records.slice(0, limit), total };
  }

  /** How many records of a task there are (of one state, when given): one call, whatever the count. */
  async function countRecords(
    action: 'DescribePurgeTasks' | 'DescribePushTasks',
    taskId: string,
    status?: string,
  ): Promise<number> {
    const params = { TaskId: taskId, ...(status ? { Status: status } : {}), Offset: 0, Limit: 1 };
    const answer =
      action === 'DescribePurgeTasks'
        ? await client.call(action, params, DescribePurgeTasksResponse)
        : await client.call(action, params, DescribePushTasksResponse);
    return answer.TotalCount;
  }

  /**
   * A task of more than a page is counted rather than read: all its records, those done, and those failed (read,
   * to name them). It has ended once the done and failed add up to all; comparing with what Tencent counts, not with
   * the URLs sent, holds however many records a URL gets and whatever other states Tencent may report.
   */
  async function taskProgress(
    kind: 'purge' | 'prefetch',
    task: { taskId: string; items: number },
  ): Promise<TaskProgress> {
    const action = kind === 'purge' ? 'DescribePurgeTasks' : 'DescribePushTasks';
    if (task.items <= TASKS_PAGE)
      return progressOfRecords((await taskPages(action, { taskId: task.taskId })).records);
    // "invalid" is how a prefetch the origin refused ends.
    const failedStates = kind === 'purge' ? ['fail'] : ['fail', 'invalid'];
    const [all, done, ...failed] = await Promise.all([
      countRecords(action, task.taskId),
      countRecords(action, task.taskId, 'done'),
      ...failedStates.map((status) => taskPages(action, { taskId: task.taskId }, { Status: status })),
    ]);
    const failedCount = failed.reduce((sum, history) => sum + history.total, 0);
    if (all === 0 || done + failedCount < all) return { state: 'process' };
    return {
      state: done === 0 ? 'fail' : 'done',
      failedItems: failed.flatMap((history) => history.records.map((record) => record.url)),
    };
  }

  /**
   * Sends a purge or prefetch once. When the answer is lost after the request left, Tencent's task list says
   * whether the task exists: sending it again would spend quota twice and leave the first task unfollowed.
   */
  async function submitTask(
    action: 'PurgeUrlsCache' | 'PurgePathCache' | 'PushUrlsCache',
    params: Record<string, unknown>,
    items: string[],
    area: Area | undefined,
  ): Promise<SubmittedTask> {
    const sentAt = now();
    try {
      const result = await client.call(action, params, TaskIdResponse);
      return { taskId: result.TaskId, requestId: undefined, items };
    } catch (error) {
      if (!isAmbiguousFailure(error)) throw error;
      return reconcileTask(action === 'PushUrlsCache' ? 'DescribePushTasks' : 'DescribePurgeTasks', {
        error,
        items,
        sentAt,
        area,
      });
    }
  }

  async function reconcileTask(
    action: 'DescribePurgeTasks' | 'DescribePushTasks',
    lost: { error: ProviderError; items: string[]; sentAt: number; area: Area | undefined },
  ): Promise<SubmittedTask> {
    let records: TaskRecord[];
    try {
      ({ records } = await taskPages(
        action,
        { from: reconcileWindowStart(lost.sentAt), to: now() },
        lost.area ? { Area: lost.area } : {},
      ));
    } catch (check) {
      throw unreconciledError(lost.error, check, '`/cdn purges` shows the tasks Tencent has');
    }
    const found = recordsOfLostSubmission(records, lost.items, lost.sentAt);
    // Items of one request share one TaskId; the most common one among the found records is the lost task's.
    const counts = new Map<string, number>();
    for (const record of found) counts.set(record.taskId, (counts.get(record.taskId) ?? 0) + 1);
    const taskId = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
    if (taskId === undefined) {
      throw notAppliedError(lost.error, 'Tencent has no task for these URLs since the request was sent');
    }
    return { taskId, requestId: undefined, items: lost.items, reconciled: true };
  }

  const areas = new Map<string, Area>();
  return {
    kind: 'tencent',
    accountId,

    async listDomains() {
      const domains = [];
      for (let offset = 0; ; offset += DOMAINS_PAGE) {
        const page = await client.call(
          'DescribeDomains',
          { Offset: offset, Limit: DOMAINS_PAGE },
          DescribeDomainsResponse,
        );
        const batch = page.Domains ?? [];
        domains.push(...batch.map(toDomainSummary));
        if (batch.length === 0 || offset + batch.length >= page.TotalNumber) {
          // Statistics ask each area a domain serves (traffic.ts): remembered from the list every command reads.
          for (const domain of domains) if (domain.area) areas.set(domain.domain.toLowerCase(), domain.area);
          return domains;
        }
      }
    },

    async describeDomains(names) {
      const unique = [...new Set(names)];
      const details = [];
      for (let start = 0; start < unique.length; start += FILTER_VALUES) {
        const chunk = unique.slice(start, start + FILTER_VALUES);
        const page = await client.call(
          'DescribeDomainsConfig',
          { Offset: 0, Limit: CONFIG_PAGE, Filters: [{ Name: 'domain', Value: chunk }] },
          DescribeDomainsConfigResponse,
        );
        // The domain filter also matches on substrings on some accounts: keep exact names only.
        details.push(
          ...(page.Domains ?? []).filter((domain) => chunk.includes(domain.Domain)).map(toDomainDetail),
        );
      }
      return details;
    },

    async getQuota() {
      const [purge, push] = await Promise.all([
        client.call('DescribePurgeQuota', {}, DescribePurgeQuotaResponse),
        client.call('DescribePushQuota', {}, DescribePushQuotaResponse),
      ]);
      return [
        ...purge.UrlPurge.map((quota) => toQuota('url-purge', quota)),
        ...purge.PathPurge.map((quota) => toQuota('dir-purge', quota)),
        ...push.UrlPush.map((quota) => toQuota('prefetch', quota)),
      ];
    },

    async purgeUrls(urls, options) {
      const params: Record<string, unknown> = { Urls: urls };
      if (options.urlEncode) params.UrlEncode = true;
      if (options.area) params.Area = options.area;
      return submitTask('PurgeUrlsCache', params, urls, options.area);
    },

    async purgeDirs(dirs, options) {
      const params: Record<string, unknown> = { Paths: dirs, FlushType: options.flushType };
      if (options.urlEncode) params.UrlEncode = true;
      if (options.area) params.Area = options.area;
      return submitTask('PurgePathCache', params, dirs, options.area);
    },

    async prefetchUrls(urls, options) {
      const params: Record<string, unknown> = { Urls: urls };
      if (options.urlEncode) params.UrlEncode = true;
      if (options.area) params.Area = options.area;
      return submitTask('PushUrlsCache', params, urls, options.area);
    },

    purgeTasks: async (query) => (await taskPages('DescribePurgeTasks', query)).records,
    prefetchTasks: async (query) => (await taskPages('DescribePushTasks', query)).records,
    taskHistory: (kind, query) =>
      taskPages(kind === 'purge' ? 'DescribePurgeTasks' : 'DescribePushTasks', query),
    taskProgress,

    async accessRules(domain) {
      const page = await client.call(
        'DescribeDomainsConfig',
        { Offset: 0, Limit: CONFIG_PAGE, Filters: [{ Name: 'domain', Value: [domain] }] },
        DescribeDomainsConfigResponse,
      );
      const detail = (page.Domains ?? []).find((candidate) => candidate.Domain === domain);
      return detail ? toAccessRules(detail) : [];
    },

    ...tencentTrafficOperations(client, now, (domain) => areas.get(domain.toLowerCase())),
    ...tencentCertificateOperations(client),
    ipDenyLimit: TENCENT_IP_DENY_LIMIT,
    ...(clock ? tencentChangeOperations(client, clock) : {}),
    ...tencentNodeIpOperations(client),
    checkOrigin: (setting, current) => checkTencentOrigin(setting, current?.originProtocol),
  };
}
