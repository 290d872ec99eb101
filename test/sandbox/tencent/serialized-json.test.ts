import { describe, expect, it } from 'vitest';
import { jsonText, SerializedJson, serializedOnce } from '../../../sandbox/tencent/serialized-json.ts';

describe('JSON worked out once', () => {
  it('writes each serialized part where it stands, as JSON.stringify would have written the value', () => {
    const entries = [{ Metric: 'flux', DetailData: [{ Time: '2026-11-22 00:00:00', Value: 1.5 }] }];
    const other = { Name: 'quote " and 中文', Value: 0 };
    const answer = {
      Response: {
        Data: [
          { Resource: 'a.example.com', CdnData: serializedOnce(entries) },
          { Resource: 'b.example.com', CdnData: serializedOnce(other) },
        ],
        RequestId: 'req-1',
      },
    };

    expect(jsonText(answer)).toBe(
      JSON.stringify({
        Response: {
          Data: [
            { Resource: 'a.example.com', CdnData: entries },
            { Resource: 'b.example.com', CdnData: other },
          ],
          RequestId: 'req-1',
        },
      }),
    );
  });

  it('works a value out once however often it is sent', () => {
    const entries = [{ Value: 1 }];

    expect(serializedOnce(entries)).toBe(serializedOnce(entries));
    expect(jsonText({ a: serializedOnce(entries), b: serializedOnce(entries) })).toBe(
      '{"a":[{"Value":1}],"b":[{"Value":1}]}',
    );
  });

  it('refuses to be written by plain JSON.stringify, which would send a mark instead of the data', () => {
    expect(() => JSON.stringify({ a: new SerializedJson('[1]') })).toThrow(/jsonText/);
  });
});
