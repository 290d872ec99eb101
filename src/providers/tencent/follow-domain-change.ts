/**
 * Follows a Tencent domain change to its end. The write answers at once and the domain shows `processing` until the
 * change is live, so we poll DescribeDomains with growing gaps on the injected clock, as Terraform does after
 * Start/Stop/Add/UpdateDomainConfig (tencent-cdn.md §4, §5.8).
 */
import type { Clock } from '../../clock.ts';
import { ProviderError } from '../../errors.ts';
import type { ChangeResult } from '../types.ts';
import type { TencentClient } from './client.ts';
import { DescribeDomainsResponse } from './schema.ts';

/** First gap, longest gap and when to stop waiting, in clock milliseconds. */
export const FOLLOW = { firstMs: 2_000, maxMs: 30_000, giveUpMs: 10 * 60_000 } as const;

/**
 * When the change has ended: the domain reached a status (`online` after start or add, `offline` after stop), it
 * left `processing` whatever its status (a configuration update), or it is `gone` (a delete).
 */
export type ChangeTarget = 'online' | 'offline' | 'settled' | 'gone';

type Outcome = Omit<ChangeResult, 'requestId'>;

/** The domain's status now, or undefined once the account no longer has it. */
export async function currentStatus(client: TencentClient, domain: string): Promise<string | undefined> {
  const page = await client.call(
    'DescribeDomains',
    { Offset: 0, Limit: 100, Filters: [{ Name: 'domain', Value: [domain] }] },
    DescribeDomainsResponse,
  );
  // Some accounts match the domain filter as a substring; only the exact name counts.
  return (page.Domains ?? []).find((candidate) => candidate.Domain === domain)?.Status;
}

function judge(target: ChangeTarget, domain: string, status: string | undefined): Outcome | undefined {
  if (status === 'processing') return undefined;
  if (target === 'gone') {
    return status === undefined ? { state: 'done', message: `${domain} is deleted.` } : undefined;
  }
  if (status === undefined) {
    return { state: 'failed', message: `${domain} is no longer in the account.` };
  }
  if (target === 'settled' || status === target) return { state: 'done', message: `${domain} is ${status}.` };
  return { state: 'failed', message: `${domain} ended ${status} instead of ${target}.` };
}

export async function followDomainChange(input: {
  client: TencentClient;
  clock: Clock;
  domain: string;
  /** RequestId of the write being followed, returned as the result's requestId. */
  requestId: string | undefined;
  target: ChangeTarget;
}): Promise<ChangeResult> {
  const { client, clock, domain, requestId, target } = input;
  const started = clock.now();
  for (let wait: number = FOLLOW.firstMs; ; wait = Math.min(FOLLOW.maxMs, wait * 2)) {
    await clock.sleep(wait);
    let status: string | undefined;
    try {
      status = await currentStatus(client, domain);
    } catch (error) {
      // The write was accepted; only watching it failed, so the change is in flight, not failed.
      if (!(error instanceof ProviderError)) throw error;
      return {
        requestId,
        state: 'pending',
        message: `Tencent accepted the change, but reading ${domain} back failed (${error.providerCode}); check it with \`/cdn host ${domain}\`.`,
      };
    }
    const outcome = judge(target, domain, status);
    if (outcome) return { requestId, ...outcome };
    if (clock.now() - started >= FOLLOW.giveUpMs) {
      return {
        requestId,
        state: 'pending',
        message: `${domain} is still ${status ?? 'processing'} after ${FOLLOW.giveUpMs / 60_000} minutes; Tencent is still applying the change.`,
      };
    }
  }
}
