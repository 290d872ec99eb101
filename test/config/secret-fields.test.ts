import { describe, expect, it } from 'vitest';
import { collectSecrets, isSecretField } from '../../src/config/secret-fields.ts';

describe('isSecretField', () => {
  it.each([
    'secretKey',
    'apiKey',
    'secret',
    'password',
    'token',
    'accessToken',
    'client_secret',
    'SLACK_BOT_TOKEN',
  ])('%s holds a secret', (key) => {
    expect(isSecretField(key)).toBe(true);
  });

  it.each(['secretId', 'username', 'endpoint', 'kind', 'key', 'CDNOPS_CONFIG'])(
    '%s is not a secret',
    (key) => {
      expect(isSecretField(key)).toBe(false);
    },
  );
});

describe('collectSecrets', () => {
  it('collects values under secret fields at any depth, including wrong-typed ones, as text', () => {
    const tree = {
      providers: {
        a: { kind: 'tencent', secretId: 'AKID1', secretKey: ' padded-key ' },
        b: { apiKey: 123456789, nested: [{ password: ['p-one'] }] },
      },
      store: './data/cdnops.db',
    };

    expect(collectSecrets(tree).sort()).toEqual(['123456789', ' padded-key ', 'p-one', 'padded-key'].sort());
  });
});
