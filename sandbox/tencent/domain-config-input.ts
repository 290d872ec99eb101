/**
 * The complex objects UpdateDomainConfig (and AddCdnDomain) take, as Tencent's request models define them
 * (tencentcloud-sdk-nodejs cdn_models.ts). Sub-fields are optional: whatever a request leaves out goes back to its
 * default, because the object sent replaces the stored one whole (see `resolve-domain-config.ts`). Every field
 * DescribeDomainsConfig shows for these objects is accepted, so a client can send back what it read; fields Tencent
 * prints as null accept null.
 */
import { z } from 'zod';

const OnOff = z.enum(['on', 'off']);

export const OriginInput = z.strictObject({
  Origins: z.array(z.string()),
  OriginType: z.string(),
  ServerName: z.string().nullish(),
  CosPrivateAccess: OnOff.nullish(),
  OriginPullProtocol: z.enum(['http', 'https', 'follow']).nullish(),
  BackupOrigins: z.array(z.string()).nullish(),
  BackupOriginType: z.string().nullish(),
  BackupServerName: z.string().nullish(),
});
export type OriginInput = z.infer<typeof OriginInput>;

const SimpleCacheRuleInput = z.strictObject({
  CacheType: z.string(),
  CacheContents: z.array(z.string()),
  CacheTime: z.int(),
});

export const CacheInput = z.strictObject({
  SimpleCache: z
    .strictObject({
      CacheRules: z.array(SimpleCacheRuleInput),
      FollowOrigin: OnOff.nullish(),
      IgnoreCacheControl: OnOff.nullish(),
      IgnoreSetCookie: OnOff.nullish(),
      CompareMaxAge: OnOff.nullish(),
      Revalidate: z.strictObject({ Switch: OnOff, Path: z.string().nullish() }).nullish(),
    })
    .nullish(),
});
export type CacheInput = z.infer<typeof CacheInput>;

export const RefererInput = z.strictObject({
  Switch: OnOff,
  RefererRules: z
    .array(
      z.strictObject({
        RuleType: z.enum(['all', 'file', 'directory', 'path']),
        RulePaths: z.array(z.string()),
        RefererType: z.enum(['whitelist', 'blacklist']),
        Referers: z.array(z.string()),
        AllowEmpty: z.boolean().nullish(),
      }),
    )
    .nullish(),
});
export type RefererInput = z.infer<typeof RefererInput>;

export const CacheKeyInput = z.strictObject({
  FullUrlCache: OnOff.nullish(),
  IgnoreCase: OnOff.nullish(),
});
export type CacheKeyInput = z.infer<typeof CacheKeyInput>;
