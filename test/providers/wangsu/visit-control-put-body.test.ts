import { describe, expect, it } from 'vitest';
import { visitControlPutBody } from '../../../src/providers/wangsu/index.ts';

const a = { 'data-id': '1', directory: '/a/' };
const b = { 'data-id': '2', directory: '/b/' };

describe('the visit-control PUT body under Wangsu data-id rules', () => {
  it('sends every kept group with its data-id, so untouched groups stay as they are', () => {
    const changedB = { ...b, 'control-action': '302', 'rewrite-to': 'https://x.example/' };

    expect(visitControlPutBody([a, b], [a, changedB])).toEqual([a, changedB]);
  });

  it('clears a dropped group by sending only its data-id', () => {
    expect(visitControlPutBody([a, b], [a])).toEqual([a, { 'data-id': '2' }]);
  });

  it('adds a new group without a data-id next to the kept ones', () => {
    const added = { directory: '/c/' };

    expect(visitControlPutBody([a, b], [a, b, added])).toEqual([a, b, added]);
  });

  it('replaces everything when no group keeps a data-id, and clears everything with an empty list', () => {
    const fresh = { directory: '/new/' };

    expect(visitControlPutBody([a, b], [fresh])).toEqual([fresh]);
    expect(visitControlPutBody([a, b], [])).toEqual([]);
  });
});
