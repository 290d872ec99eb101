export type { SandboxCertificate } from './certificates.ts';
export type { Fault, FaultQueue } from './fault-queue.ts';
export { DEFAULT_QUOTAS } from './quota.ts';
export { DEMO_TENCENT_ACCOUNT } from './seed-domains.ts';
export { startTencentSandbox } from './start-tencent-sandbox.ts';
export type {
  DomainState,
  QuotaKind,
  QuotaLimit,
  SandboxAccount,
  SandboxArea,
  SandboxCacheRule,
  SandboxCall,
  SandboxDomain,
  SandboxDomainStatus,
  SandboxIpFilter,
  SandboxReferer,
  SandboxRefererRule,
  SandboxSimpleCacheSwitches,
  SandboxUserAgentFilter,
  TencentSandbox,
  TencentSandboxOptions,
} from './types.ts';
