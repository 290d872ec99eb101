/**
 * Schemas for the domain changes. Unlike schema.ts, the configuration objects are read whole: UpdateDomainConfig
 * resets every sub-field an object leaves out (tencent-cdn.md §5.9), so what we send back must carry every field
 * Tencent gave us, including ones cdnops has never heard of. Hence `.loose()` on each object we rewrite.
 */
import * as z from 'zod';

/** A configuration object kept whole. */
const WholeObject = z.object({}).loose();

export const ConfigDomain = z.object({
  Domain: z.string(),
  Status: z.string(),
  Origin: WholeObject.nullish(),
  Cache: z.object({ SimpleCache: WholeObject.nullish() }).loose().nullish(),
  Referer: WholeObject.nullish(),
  CacheKey: WholeObject.nullish(),
  IpFilter: WholeObject.nullish(),
  UserAgentFilter: WholeObject.nullish(),
  Https: WholeObject.nullish(),
});
export type ConfigDomain = z.infer<typeof ConfigDomain>;

export const DescribeConfigDomainsResponse = z.object({
  Domains: z.array(ConfigDomain).nullish(),
  TotalNumber: z.number(),
});

/** What Start/Stop/Delete/UpdateDomainConfig and AddCdnDomain answer: nothing but the RequestId. */
export const WriteResponse = z.object({ RequestId: z.string().optional() });
