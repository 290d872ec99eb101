import { describe, expect, it } from 'vitest';
import { SEED_VISIT_CONTROL_SAMPLE } from '../../../sandbox/wangsu/index.ts';
import { toAccessRule, toCacheRule, toStatus, ttlSeconds } from '../../../src/providers/wangsu/map.ts';
import { DomainList, VisitControl } from '../../../src/providers/wangsu/schema.ts';

/** The seed document's sample answer (003_ab960f98d892b853.txt), with its missing comma restored. */
const SEED_SAMPLE = {
  'domain-id': '123344',
  'domain-name': 'www.example.com',
  'visit-control-rules': SEED_VISIT_CONTROL_SAMPLE,
};

describe('Wangsu visit control mapping', () => {
  it('reads the seed sample as one rule: directory, IP deny, referer allow with empty allowed, UA allow, 403', () => {
    const rules = VisitControl.parse(SEED_SAMPLE)['visit-control-rules']!.map(toAccessRule);

    expect(rules).toEqual([
      {
        id: undefined,
        appliesTo: ['directories /home/'],
        except: [],
        ip: { allow: [], deny: ['1.2.3.4'] },
        referer: { allow: ['http://b.com', 'c.com', 'd.com'], deny: [], allowEmpty: true },
        userAgent: { allow: ['Android', 'iPhone'], deny: [] },
        action: { kind: 'status', status: 403 },
        priority: 9,
      },
    ]);
  });

  it('reads a 302 rule with its target, space-separated referer regexes and exceptions', () => {
    const [rule] = VisitControl.parse({
      'visit-control-rules': [
        {
          'data-id': 42,
          'custom-pattern': 'all',
          'except-file-type': 'm3u8;ts',
          'control-action': '302',
          'rewrite-to': 'https://www.example.com/hotlink.png',
          'referer-control-rule': {
            'allow-null-referer': 'false',
            'invalid-referer': '.*\\.bad\\.com .*\\.worse\\.net',
          },
        },
      ],
    })['visit-control-rules']!.map(toAccessRule);

    expect(rule).toMatchObject({
      id: '42',
      appliesTo: ['all files'],
      except: ['file types m3u8 ts'],
      referer: { allow: [], deny: ['.*\\.bad\\.com', '.*\\.worse\\.net'], allowEmpty: false },
      action: { kind: 'redirect', location: 'https://www.example.com/hotlink.png' },
    });
  });
});

describe('Wangsu domain list', () => {
  const domain = { 'domain-name': 'a.example.cn', 'domain-id': 7, status: 'Deployed', enabled: 'true' };

  it.each([
    ['{"domain-list": [...]}', { 'domain-list': [domain] }],
    ['a bare array', [domain]],
    ['{"domain-summary": [...]}', { 'domain-summary': [domain] }],
    ['{"domain-list": {"domain-summary": [...]}}', { 'domain-list': { 'domain-summary': [domain] } }],
  ])('accepts the wrapper %s', (_shape, body) => {
    expect(DomainList.parse(body).map((entry) => entry['domain-name'])).toEqual(['a.example.cn']);
  });

  it.each([
    [{ enabled: 'false', status: 'Deployed' }, 'offline'],
    [{ enabled: false, status: 'InProgress' }, 'offline'],
    [{ enabled: 'true', status: 'InProgress' }, 'processing'],
    [{ enabled: true, status: 'Deployed' }, 'online'],
  ])('maps %j to %s', (fields, status) => {
    const [parsed] = DomainList.parse([{ ...domain, ...fields }]);

    expect(toStatus(parsed!)).toBe(status);
  });
});

describe('Wangsu cache time', () => {
  it.each([
    ['20s', 20],
    ['30m', 1800],
    ['1h', 3600],
    ['2d', 172_800],
    ['600', 600],
    ['0', 0],
  ])('reads cache-ttl %s as %i seconds', (ttl, seconds) => {
    expect(ttlSeconds(ttl)).toBe(seconds);
  });

  it('maps file types, directories and "all" onto the shared rule types', () => {
    expect(
      [
        { 'file-type': 'jpg;png', 'cache-ttl': '1d' },
        { directory: '/static/', 'cache-ttl': '1h' },
        { 'custom-pattern': 'all', 'cache-ttl': '10m' },
      ].map(toCacheRule),
    ).toEqual([
      { type: 'file', contents: ['jpg', 'png'], seconds: 86_400 },
      { type: 'directory', contents: ['/static/'], seconds: 3_600 },
      { type: 'all', contents: ['*'], seconds: 600 },
    ]);
  });
});
