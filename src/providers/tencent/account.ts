import * as z from 'zod';

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
    /**
     * The SSL Certificate API, where certificate details come from. Default: the CDN endpoint with `ssl` for its
     * first label (ssl.tencentcloudapi.com, ssl.intl.tencentcloudapi.com), or the CDN endpoint itself when its
     * host is not a `cdn.` one (a local stand-in serving both).
     */
    sslEndpoint: z.url({ protocol: /^https?$/ }).optional(),
    /** Language of provider error messages. */
    language: z.enum(['en-US', 'zh-CN']).default('en-US'),
  })
  .strict();
export type TencentAccount = z.infer<typeof TencentAccount>;

export function sslEndpoint(account: Pick<TencentAccount, 'endpoint' | 'sslEndpoint'>): string {
  if (account.sslEndpoint) return account.sslEndpoint;
  const url = new URL(account.endpoint);
  if (!url.hostname.startsWith('cdn.')) return account.endpoint;
  url.hostname = `ssl.${url.hostname.slice(4)}`;
  return url.toString();
}
