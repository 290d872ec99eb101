import { describe, expect, it } from 'vitest';
import { errorFromBody } from '../../../src/providers/wangsu/errors.ts';

describe('Wangsu error bodies', () => {
  it.each([
    [
      'JSON code/message',
      400,
      '{"code":"InvalidParameter","message":"bad rule"}',
      'InvalidParameter',
      'bad rule',
    ],
    [
      'AK/SK status/result',
      401,
      '{"status":0,"result":"authorization is error! please check signature, accessKey!"}',
      'HTTP401',
      'authorization is error! please check signature, accessKey!',
    ],
    [
      'XML',
      400,
      '<error><code>DomainNotExist</code><message>no such domain</message></error>',
      'DomainNotExist',
      'no such domain',
    ],
    ['plain text', 502, 'Bad Gateway', 'HTTP502', 'Bad Gateway'],
    [
      'throttling',
      446,
      '{"code":"WPLUS_AccountApiTooFrequence","message":"too frequent"}',
      'WPLUS_AccountApiTooFrequence',
      'too frequent',
    ],
  ])('reads %s', (_kind, status, body, code, message) => {
    const error = errorFromBody({ account: 'wangsu-prod', status, body, requestId: 'req-1' });

    expect({ code: error.providerCode, message: error.message, requestId: error.requestId }).toEqual({
      code,
      message,
      requestId: 'req-1',
    });
  });

  it.each([
    [446, true],
    [503, true],
    [401, false],
    [404, false],
  ])('marks HTTP %i retryable: %s', (status, retryable) => {
    expect(errorFromBody({ account: 'w', status, body: '', requestId: undefined }).retryable).toBe(retryable);
  });
});
