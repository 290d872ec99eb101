import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWangsuFixture, type WangsuFixture } from './sandbox-fixture.ts';

const DOMAIN = 'cdn.example.cn';
/** cdn.example.cn's seeded cache-time groups; its visit-control groups took data-ids 1 and 2. */
const STATIC_GROUP = {
  'data-id': 3,
  'file-type': 'js;css;woff2;svg',
  'cache-ttl': '30d',
  'ignore-cache-control': 'true',
  priority: 20,
  'ignore-letter-case': 'true',
};
const DEFAULT_GROUP = {
  'data-id': 4,
  'custom-pattern': 'all',
  'cache-ttl': '1h',
  'is-respect-server': 'true',
  'ignore-letter-case': 'true',
  priority: 10,
};

describe('Wangsu sandbox cache time', () => {
  let fx: WangsuFixture;

  beforeEach(async () => {
    fx = await startWangsuFixture();
  });

  afterEach(async () => {
    await fx.sandbox.close();
  });

  function put(behaviors: unknown) {
    return fx.call({
      method: 'PUT',
      path: `/api/config/cachetime/${DOMAIN}`,
      body: { 'cache-time-behaviors': behaviors },
    });
  }

  it('answers the seeded behaviors with their data-ids and defaults', async () => {
    const body = await fx.json({ path: `/api/config/cachetime/${DOMAIN}` });

    expect(body).toEqual({
      'domain-id': '100002',
      'domain-name': DOMAIN,
      'cache-time-behaviors': [STATIC_GROUP, DEFAULT_GROUP],
    });
  });

  it('updates, adds and clears groups with the same data-id rules as visit control', async () => {
    const response = await put([
      { 'data-id': 3, 'cache-ttl': '7d' },
      { 'data-id': 4 },
      { directory: '/api/', 'cache-ttl': 0 },
    ]);

    expect(response.status).toBe(202);
    expect(fx.sandbox.cacheTime(DOMAIN)).toEqual([
      { ...STATIC_GROUP, 'cache-ttl': '7d' },
      { 'data-id': 5, directory: '/api/', 'cache-ttl': '0', 'ignore-letter-case': 'true', priority: 10 },
    ]);
  });

  it('replaces every group when none carries a data-id, and clears all for an empty list', async () => {
    await put([{ 'path-pattern': '.*', 'cache-ttl': '600', 'ignore-letter-case': false }]);
    const replaced = structuredClone(fx.sandbox.cacheTime(DOMAIN));
    await put([]);

    expect(replaced).toEqual([
      { 'data-id': 5, 'path-pattern': '.*', 'cache-ttl': '600', 'ignore-letter-case': 'false', priority: 10 },
    ]);
    expect(fx.sandbox.cacheTime(DOMAIN)).toEqual([]);
  });

  it.each([
    [
      'a cache-ttl with an unknown unit',
      { 'file-type': 'jpg', 'cache-ttl': '3w' },
      /cache-ttl must be an integer/,
    ],
    ['a new group without cache-ttl', { 'file-type': 'jpg' }, /cache-ttl must be an integer/],
    [
      'a flag that is not true or false',
      { 'file-type': 'jpg', 'cache-ttl': '1d', 'is-respect-server': 'yes' },
      /is-respect-server must be "true" or "false"/,
    ],
    [
      'an unknown reload-manage',
      { 'file-type': 'jpg', 'cache-ttl': '1d', 'reload-manage': 'always' },
      /reload-manage must be/,
    ],
    ['a group that matches nothing', { 'cache-ttl': '1d' }, /set at least one of/],
    ['an unknown key', { 'file-type': 'jpg', 'cache-ttl': '1d', ttl: 5 }, /Unrecognized key: "ttl"/],
  ])('refuses %s with 400 InvalidParameter and changes nothing', async (_label, behavior, message) => {
    const response = await put([behavior]);

    expect(response.status).toBe(400);
    expect(response.json).toEqual({ code: 'InvalidParameter', message: expect.stringMatching(message) });
    expect(fx.sandbox.cacheTime(DOMAIN)).toEqual([STATIC_GROUP, DEFAULT_GROUP]);
  });

  it('follows the change through the 202 request id', async () => {
    const response = await put([{ 'data-id': 3, 'cache-ttl': '1d' }]);
    fx.clock.advance(30_000);

    const result = await fx.json({ path: `/api/request/${response.requestId}` });

    expect(response.location).toBe(`${fx.sandbox.url}/api/config/cachetime/100002`);
    expect(result['async-result']).toBe('SUCCESS');
  });
});
