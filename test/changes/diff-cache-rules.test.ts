import { describe, expect, it } from 'vitest';
import { diffCacheRules } from '../../src/changes/diff-cache-rules.ts';
import { parseCacheRules } from '../../src/changes/parse-cache-rules.ts';
import type { CacheRule } from '../../src/providers/types.ts';

describe('diffCacheRules', () => {
  it('sorts rules into added, removed, changed and unchanged', () => {
    const before = parseCacheRules('all=30d .jpg,.js=1h /www/html=50m');
    const after = parseCacheRules('all=30d .js,.jpg=2h /=10m');

    const diff = diffCacheRules(before, after);

    expect(diff).toEqual({
      added: [{ type: 'index', contents: ['/'], seconds: 600 }],
      removed: [{ type: 'directory', contents: ['/www/html'], seconds: 3000 }],
      changed: [
        {
          before: { type: 'file', contents: ['jpg', 'js'], seconds: 3600 },
          after: { type: 'file', contents: ['js', 'jpg'], seconds: 7200 },
        },
      ],
      unchanged: [{ type: 'all', contents: ['*'], seconds: 2_592_000 }],
    });
  });

  it('calls a reordered rule set unchanged', () => {
    const before = parseCacheRules('all=30d .jpg=1h /a/=1m');
    const after = parseCacheRules('/a/=1m .jpg=1h all=30d');

    const diff = diffCacheRules(before, after);

    expect(diff).toEqual({ added: [], removed: [], changed: [], unchanged: after });
  });

  it.each<[string, CacheRule, CacheRule]>([
    [
      'a trailing slash on a directory',
      { type: 'directory', contents: ['/www/'], seconds: 60 },
      { type: 'directory', contents: ['/www'], seconds: 60 },
    ],
    [
      'a leading dot on a suffix',
      { type: 'file', contents: ['.jpg'], seconds: 60 },
      { type: 'file', contents: ['jpg'], seconds: 60 },
    ],
  ])('matches rules that differ only by %s', (_, before, after) => {
    const diff = diffCacheRules([before], [after]);

    expect(diff).toEqual({ added: [], removed: [], changed: [], unchanged: [after] });
  });

  it('keeps rules of different types with the same contents apart', () => {
    const before: CacheRule[] = [{ type: 'directory', contents: ['/a'], seconds: 60 }];
    const after: CacheRule[] = [{ type: 'path', contents: ['/a'], seconds: 60 }];

    const diff = diffCacheRules(before, after);

    expect(diff).toEqual({ added: after, removed: before, changed: [], unchanged: [] });
  });

  it('matches a key listed twice pairwise, in order', () => {
    const rule = (seconds: number): CacheRule => ({ type: 'file', contents: ['jpg'], seconds });

    const diff = diffCacheRules([rule(1), rule(2), rule(3)], [rule(1), rule(5)]);

    expect(diff).toEqual({
      added: [],
      removed: [rule(3)],
      changed: [{ before: rule(2), after: rule(5) }],
      unchanged: [rule(1)],
    });
  });

  it('shows everything added when there was nothing before, and removed when nothing after', () => {
    const rules = parseCacheRules('all=1d .css=1h');

    expect(diffCacheRules([], rules)).toEqual({ added: rules, removed: [], changed: [], unchanged: [] });
    expect(diffCacheRules(rules, [])).toEqual({ added: [], removed: rules, changed: [], unchanged: [] });
  });
});
