export type { CacheTimeBehavior } from './cache-time-behavior.ts';
export { DEMO_WANGSU_ACCOUNT } from './demo-account.ts';
export type { WangsuFault, WangsuFaultQueue } from './fault-queue.ts';
export { DEFAULT_WANGSU_QUOTAS } from './quotas.ts';
export { SEED_VISIT_CONTROL_SAMPLE } from './seed-visit-control.ts';
export { startWangsuSandbox } from './start-wangsu-sandbox.ts';
export type {
  DomainListShape,
  WangsuCall,
  WangsuDeployStatus,
  WangsuDomainState,
  WangsuQuotas,
  WangsuSandbox,
  WangsuSandboxAccount,
  WangsuSandboxDomain,
  WangsuSandboxOptions,
} from './types.ts';
export type {
  IpControlRule,
  RefererControlRule,
  UaControlRule,
  VisitControlRule,
} from './visit-control-rule.ts';
