import { describe, expect, it } from 'vitest';
import { WangsuAccount } from '../../../src/providers/wangsu/account.ts';

describe('a Wangsu account in the config', () => {
  it.each([[{ username: 'u', apiKey: 'k' }], [{ accessKey: 'ak', secretKey: 'sk' }]])(
    'accepts one credential pair %j',
    (credentials) => {
      expect(WangsuAccount.safeParse({ kind: 'wangsu', ...credentials }).success).toBe(true);
    },
  );

  it.each([
    [{ username: 'u' }, 'apiKey', 'required: the API key of that user'],
    [{ accessKey: 'ak' }, 'secretKey', 'required: the AccessKey Secret'],
    [
      { username: 'u', apiKey: 'k', accessKey: 'ak', secretKey: 'sk' },
      'accessKey',
      'give either username + apiKey or accessKey + secretKey, not both',
    ],
    [{}, 'username', 'required: the API user name (console → Account → API management)'],
  ])('refuses %j naming %s', (credentials, key, message) => {
    const result = WangsuAccount.safeParse({ kind: 'wangsu', ...credentials });

    expect(result.success).toBe(false);
    expect(result.error?.issues.find((issue) => issue.path[0] === key)?.message).toBe(message);
  });
});
