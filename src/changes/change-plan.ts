/**
 * What a requested change will do, stored with the request so whoever confirms or approves it (maybe another
 * replica, maybe after a restart) runs exactly what was shown.
 */
import * as z from 'zod';

const CacheRule = z.object({ type: z.string(), contents: z.array(z.string()), seconds: z.number() });

const RefererSetting = z.union([
  z.object({ mode: z.literal('off') }),
  z.object({ mode: z.enum(['allow', 'deny']), referers: z.array(z.string()), allowEmpty: z.boolean() }),
]);

const OriginSetting = z.object({
  origins: z.array(z.string()),
  backup: z.array(z.string()).optional(),
  protocol: z.enum(['http', 'https', 'follow']).optional(),
});

export const ChangePlan = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('state'), operation: z.enum(['start', 'stop', 'delete']) }),
  z.object({
    kind: z.literal('config'),
    change: z.object({
      cacheRules: z.array(CacheRule).optional(),
      referer: RefererSetting.optional(),
      originHost: z.string().optional(),
      fullUrlCache: z.boolean().optional(),
      projectId: z.number().optional(),
      origin: OriginSetting.optional(),
      certificateId: z.string().optional(),
      blocking: z
        .object({
          kind: z.enum(['ip', 'ua']),
          action: z.enum(['block', 'unblock']),
          values: z.array(z.string()),
        })
        .optional(),
    }),
  }),
  z.object({
    kind: z.literal('add'),
    spec: z.object({
      domain: z.string(),
      origins: z.array(z.string()),
      serviceType: z.enum(['web', 'download', 'media']),
      projectId: z.number().optional(),
      certificateId: z.string().optional(),
      blocking: z
        .object({
          kind: z.enum(['ip', 'ua']),
          action: z.enum(['block', 'unblock']),
          values: z.array(z.string()),
        })
        .optional(),
    }),
  }),
]);
export type ChangePlan = z.infer<typeof ChangePlan>;

/** The plan plus what people are shown about it. */
export const PlannedChange = z.object({
  plan: ChangePlan,
  /** One line: "stop www.example.com on tencent-prod". */
  summary: z.string(),
  /** What will happen, for the card: "Edge nodes will answer 404 until it is started again." */
  consequence: z.string(),
  /** before → after lines. */
  preview: z.array(z.string()),
  /** The domain's status when the change was requested. */
  statusBefore: z.string(),
});
export type PlannedChange = z.infer<typeof PlannedChange>;
