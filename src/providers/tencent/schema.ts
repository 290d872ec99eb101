/**
 * Schemas of the Tencent Cloud API 3.0 responses cdnops reads. Only the fields we use are named, so Tencent
 * adding fields cannot break us; many fields arrive as null rather than absent, hence `.nullish()`.
 * Field reference: tencentcloud-sdk-nodejs src/services/cdn/v20180606/cdn_models.ts.
 */
import * as z from 'zod';

export const ApiError = z.object({ Code: z.string(), Message: z.string() });
export type ApiError = z.infer<typeof ApiError>;

/** Every answer, success or failure, is `{"Response": {...}}` with HTTP 200; business errors carry `Error`. */
export const Envelope = z.object({
  Response: z
    .object({
      RequestId: z.string().optional(),
      Error: ApiError.optional(),
    })
    .loose(),
});
export type Envelope = z.infer<typeof Envelope>;

export const Origin = z
  .object({
    Origins: z.array(z.string()).nullish(),
    OriginType: z.string().nullish(),
    ServerName: z.string().nullish(),
    OriginPullProtocol: z.string().nullish(),
    BackupOrigins: z.array(z.string()).nullish(),
  })
  .nullish();

export const BriefDomain = z.object({
  ResourceId: z.string(),
  Domain: z.string(),
  Cname: z.string().nullish(),
  Status: z.string(),
  ProjectId: z.number().nullish(),
  ServiceType: z.string().nullish(),
  UpdateTime: z.string().nullish(),
  Origin,
  Disable: z.string().nullish(),
  Area: z.string().nullish(),
});
export type BriefDomain = z.infer<typeof BriefDomain>;

export const DescribeDomainsResponse = z.object({
  Domains: z.array(BriefDomain).nullish(),
  TotalNumber: z.number(),
});

const OnOff = z.string().nullish();

export const SimpleCacheRule = z.object({
  CacheType: z.string(),
  CacheContents: z.array(z.string()).nullish(),
  CacheTime: z.number(),
});

export const RefererRule = z.object({
  RuleType: z.string(),
  RulePaths: z.array(z.string()).nullish(),
  RefererType: z.string(),
  Referers: z.array(z.string()).nullish(),
  AllowEmpty: z.boolean().nullish(),
});

const FilterType = z.enum(['whitelist', 'blacklist']);

export const IpFilter = z
  .object({
    Switch: z.string(),
    FilterType: FilterType.nullish(),
    Filters: z.array(z.string()).nullish(),
    FilterRules: z
      .array(
        z.object({
          FilterType,
          Filters: z.array(z.string()).nullish(),
          RuleType: z.string(),
          RulePaths: z.array(z.string()).nullish(),
        }),
      )
      .nullish(),
  })
  .loose();
export type IpFilter = z.infer<typeof IpFilter>;

export const UserAgentFilter = z
  .object({
    Switch: z.string(),
    FilterRules: z
      .array(
        z.object({
          FilterType,
          UserAgents: z.array(z.string()).nullish(),
          RuleType: z.string(),
          RulePaths: z.array(z.string()).nullish(),
        }),
      )
      .nullish(),
  })
  .loose();
export type UserAgentFilter = z.infer<typeof UserAgentFilter>;

export const DetailDomain = BriefDomain.extend({
  IpFilter: IpFilter.nullish(),
  UserAgentFilter: UserAgentFilter.nullish(),
  Cache: z
    .object({
      SimpleCache: z
        .object({
          CacheRules: z.array(SimpleCacheRule).nullish(),
          FollowOrigin: OnOff,
        })
        .loose()
        .nullish(),
    })
    .loose()
    .nullish(),
  Referer: z
    .object({ Switch: z.string(), RefererRules: z.array(RefererRule).nullish() })
    .loose()
    .nullish(),
  CacheKey: z.object({ FullUrlCache: OnOff }).loose().nullish(),
  Https: z
    .object({ Switch: OnOff, CertInfo: z.object({}).loose().nullish() })
    .loose()
    .nullish(),
});
export type DetailDomain = z.infer<typeof DetailDomain>;

export const DescribeDomainsConfigResponse = z.object({
  Domains: z.array(DetailDomain).nullish(),
  TotalNumber: z.number(),
});

export const TaskIdResponse = z.object({ TaskId: z.string() });

export const PurgeLog = z.object({
  TaskId: z.string(),
  Url: z.string(),
  Status: z.string(),
  PurgeType: z.string().nullish(),
  FlushType: z.string().nullish(),
  CreateTime: z.string().nullish(),
});
export type PurgeLog = z.infer<typeof PurgeLog>;

export const DescribePurgeTasksResponse = z.object({
  // Documented as "may be null" when nothing matches.
  PurgeLogs: z.array(PurgeLog).nullish(),
  TotalCount: z.number(),
});

export const PushLog = z.object({
  TaskId: z.string(),
  Url: z.string(),
  Status: z.string(),
  CreateTime: z.string().nullish(),
});
export type PushLog = z.infer<typeof PushLog>;

export const DescribePushTasksResponse = z.object({
  PushLogs: z.array(PushLog).nullish(),
  TotalCount: z.number(),
});

export const TencentQuota = z.object({
  Batch: z.number(),
  Total: z.number(),
  Available: z.number(),
  Area: z.string(),
});
export type TencentQuota = z.infer<typeof TencentQuota>;

export const DescribePurgeQuotaResponse = z.object({
  UrlPurge: z.array(TencentQuota),
  PathPurge: z.array(TencentQuota),
});

export const DescribePushQuotaResponse = z.object({
  UrlPush: z.array(TencentQuota),
});
