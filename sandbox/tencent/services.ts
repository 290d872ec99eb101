/**
 * The Tencent Cloud services this sandbox answers: CDN (2018-06-06) and SSL Certificate (2019-12-05), each with
 * its actions and its documented per-action limit a second. Tencent tells services apart by Host
 * (cdn.tencentcloudapi.com, ssl.tencentcloudapi.com); the sandbox serves both on one address, so a request is for
 * the service its TC3 credential scope names, and its signature is checked for that service. A CDN action signed
 * for `ssl` is then `InvalidAction`, as it would be at ssl.tencentcloudapi.com.
 */
import type { ActionHandler } from './action-context.ts';
import { describeCertificateDetail } from './actions/describe-certificate-detail.ts';
import { ACTIONS } from './actions/index.ts';

export interface SandboxService {
  name: 'cdn' | 'ssl';
  version: string;
  actions: ReadonlyMap<string, ActionHandler>;
  callsPerSecond: number;
}

export const CDN_SERVICE: SandboxService = {
  name: 'cdn',
  version: '2018-06-06',
  actions: ACTIONS,
  callsPerSecond: 20,
};

/** "默认接口请求频率限制：10次/秒" (https://cloud.tencent.com/document/product/400/41673). */
export const SSL_SERVICE: SandboxService = {
  name: 'ssl',
  version: '2019-12-05',
  actions: new Map([['DescribeCertificateDetail', describeCertificateDetail]]),
  callsPerSecond: 10,
};

export function serviceNamed(name: string): SandboxService {
  return name === SSL_SERVICE.name ? SSL_SERVICE : CDN_SERVICE;
}
