import { z } from 'zod';

const trimmed = z.string().trim().min(1, 'must not be empty');

/**
 * A Tencent Cloud account in `providers.<id>`. Keys are trimmed: stray whitespace in a copied key is the usual
 * cause of AuthFailure.SecretIdNotFound / SignatureFailure.
 */
export const TencentAccount = z
  .object({
    kind: z.literal('tencent'),
    secretId: trimmed,
    secretKey: trimmed,
    /** China site by default; international accounts use https://cdn.intl.tencentcloudapi.com. */
    endpoint: z.url({ protocol: /^https?$/ }).default('https://cdn.tencentcloudapi.com'),
    /** Language of provider error messages. */
    language: z.enum(['en-US', 'zh-CN']).default('en-US'),
  })
  .strict();
export type TencentAccount = z.infer<typeof TencentAccount>;
