import { describe, expect, it } from 'vitest';
import { readCacheStatus } from '../../src/check/cache-status.ts';

function read(headers: Record<string, string>, age?: number) {
  return readCacheStatus((name) => headers[name], age);
}

describe('readCacheStatus', () => {
  it.each([
    ['Hit From MemCache', 'HIT (MemCache)'],
    ['Hit From Disktank', 'HIT (Disktank)'],
    ['Hit From Upstream', 'HIT (Upstream)'],
    ['Cache Miss', 'MISS'],
    ['Return Directly', 'BYPASS'],
    ['Hit From Disktank, Cache Miss', 'HIT (Disktank)'],
    ['Cache Hit', 'HIT'],
  ])('reads Tencent X-Cache-Lookup %j as %s', (value, status) => {
    expect(read({ 'x-cache-lookup': value })).toEqual({
      cacheStatus: status,
      cacheHeader: `X-Cache-Lookup: ${value}`,
    });
  });

  it("reads Wangsu X-Via's first hop, believing an explicit hit or miss", () => {
    expect(
      read({ 'x-via': '1.1 PS-CTU-01abc:7 (Cdn Cache Server V2.0 hit), 1.1 zj:3 (Cdn Cache Server V2.0)' }),
    ).toEqual({
      cacheStatus: 'HIT',
      cacheHeader: 'X-Via: 1.1 PS-CTU-01abc:7 (Cdn Cache Server V2.0 hit)',
    });
    expect(read({ 'x-via': '1.1 PS-CTU-01abc:7 (Cdn Cache Server V2.0, miss)' })).toMatchObject({
      cacheStatus: 'MISS',
    });
  });

  it('takes a positive Age with X-Via as a hint of a hit, and without one says nothing', () => {
    const via = { 'x-via': '1.1 PS-CTU-01abc:7 (Cdn Cache Server V2.0)' };

    expect(read(via, 30)).toEqual({
      cacheStatus: 'likely HIT',
      cacheHeader: 'X-Via: 1.1 PS-CTU-01abc:7 (Cdn Cache Server V2.0)',
    });
    expect(read(via, 0)).toEqual({ cacheHeader: 'X-Via: 1.1 PS-CTU-01abc:7 (Cdn Cache Server V2.0)' });
  });

  it("believes a Wangsu node's X-Cache over Age when X-Via has no hit or miss word", () => {
    const via = { 'x-via': '1.1 PS-CTU-01abc:7 (Cdn Cache Server V2.0)' };

    expect(read({ ...via, 'x-cache': 'MISS from PS-CTU-01abc' }, 30)).toEqual({
      cacheStatus: 'MISS',
      cacheHeader: 'X-Via: 1.1 PS-CTU-01abc:7 (Cdn Cache Server V2.0)',
    });
    expect(read({ ...via, 'x-cache': 'HIT from PS-CTU-01abc' }, 0)).toMatchObject({ cacheStatus: 'HIT' });
  });

  it('falls back to X-Cache, Cache-Status, Age and Via', () => {
    expect(read({ 'x-cache': 'TCP_MEM_HIT from edge-1' })).toMatchObject({ cacheStatus: 'HIT' });
    expect(read({ 'x-cache': 'MISS' })).toMatchObject({ cacheStatus: 'MISS' });
    expect(read({ 'cache-status': 'ExampleCDN; hit' })).toMatchObject({ cacheStatus: 'HIT' });
    expect(read({ 'cache-status': 'ExampleCDN; fwd=miss' })).toMatchObject({ cacheStatus: 'MISS' });
    expect(read({}, 5)).toEqual({ cacheStatus: 'likely HIT', cacheHeader: 'Age: 5' });
    expect(read({ via: '1.1 varnish' })).toEqual({ cacheHeader: 'Via: 1.1 varnish' });
    expect(read({})).toEqual({});
  });
});
