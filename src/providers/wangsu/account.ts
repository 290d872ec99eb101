import * as z from 'zod';

const trimmed = z.string().trim().min(1, 'must not be empty');

/**
 * A Wangsu (ChinaNetCenter) account in `providers.<id>`: either the API-key pair (`username` + `apiKey`, HTTP Basic
 * over an HMAC of the Date header) or an AccessKey pair (`accessKey` + `secretKey`, CNC-HMAC-SHA256).
 */
export const WangsuAccount = z
  .object({
    kind: z.literal('wangsu'),
    username: trimmed.optional(),
    apiKey: trimmed.optional(),
    accessKey: trimmed.optional(),
    secretKey: trimmed.optional(),
    /** CDNetworks accounts use https://api.cdnetworks.com. */
    endpoint: z.url({ protocol: /^https?$/ }).default('https://open.chinanetcenter.com'),
  })
  .strict()
  .superRefine((account, ctx) => {
    const basic = account.username !== undefined || account.apiKey !== undefined;
    const aksk = account.accessKey !== undefined || account.secretKey !== undefined;
    if (basic && aksk) {
      ctx.addIssue({
        code: 'custom',
        path: ['accessKey'],
        message: 'give either username + apiKey or accessKey + secretKey, not both',
      });
      return;
    }
    const pairs: [boolean, 'username' | 'apiKey' | 'accessKey' | 'secretKey', string][] = aksk
      ? [
          [account.accessKey === undefined, 'accessKey', 'the AccessKey ID (console → Account → AccessKey)'],
          [account.secretKey === undefined, 'secretKey', 'the AccessKey Secret'],
        ]
      : [
          [
            account.username === undefined,
            'username',
            'the API user name (console → Account → API management)',
          ],
          [account.apiKey === undefined, 'apiKey', 'the API key of that user'],
        ];
    for (const [missing, key, what] of pairs) {
      if (missing) ctx.addIssue({ code: 'custom', path: [key], message: `required: ${what}` });
    }
  });
export type WangsuAccount = z.infer<typeof WangsuAccount>;
