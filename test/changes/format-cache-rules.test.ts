import { describe, expect, it } from 'vitest';
import { formatCacheRules } from '../../src/changes/format-cache-rules.ts';
import { parseCacheRules } from '../../src/changes/parse-cache-rules.ts';
import type { CacheRule } from '../../src/providers/types.ts';

describe('formatCacheRules', () => {
  it.each([
    ['all=30d', 'all → 30d'],
    ['.jpg,.js=1h', '.jpg .js → 1h'],
    ['/www/html=50m', '/www/html (directory) → 50m'],
    ['/www/html/,/static/=50m', '/www/html /static (directories) → 50m'],
    ['/a/b.html=0', '/a/b.html (path) → no cache'],
    ['/a/b.html,/c.js=90s', '/a/b.html /c.js (paths) → 90s'],
    ['/=10m', '/ (home page) → 10m'],
    ['.mp4=2w', '.mp4 → 14d'],
    ['all=5400', 'all → 90m'],
  ])('shows the rule %s as %s', (text, line) => {
    const lines = formatCacheRules(parseCacheRules(text));

    expect(lines).toEqual([line]);
  });

  it('shows a whole key=time rule set in order, one line each', () => {
    const rules = parseCacheRules('all=30d .jpg,.js=1h /www/html=50m /a/b.html=0 /=10m');

    const lines = formatCacheRules(rules);

    expect(lines).toEqual([
      'all → 30d',
      '.jpg .js → 1h',
      '/www/html (directory) → 50m',
      '/a/b.html (path) → no cache',
      '/ (home page) → 10m',
    ]);
  });

  it('shows the legacy list the same way as its key=time twin', () => {
    const legacy = formatCacheRules(
      parseCacheRules('[[0,"all",1000],[1,".jpg;.js",2000],[2,"/www/html",3000]]'),
    );

    const readable = formatCacheRules(parseCacheRules('all=1000 .jpg,.js=2000 /www/html=3000'));

    expect(legacy).toEqual(['all → 1000s', '.jpg .js → 2000s', '/www/html (directory) → 50m']);
    expect(readable).toEqual(legacy);
  });

  it.each<[CacheRule, string]>([
    [{ type: 'pattern', contents: ['/img/*.png'], seconds: 60 }, '/img/*.png (pattern) → 1m'],
    [{ type: 'regex', contents: ['^/a'], seconds: 3600 }, '^/a (regex) → 1h'],
    [{ type: 'file', contents: ['.png'], seconds: 60 }, '.png → 1m'],
    [{ type: 'all', contents: [], seconds: 0 }, 'all → no cache'],
  ])('shows a rule read from a provider, %j, as %s', (rule, line) => {
    const lines = formatCacheRules([rule]);

    expect(lines).toEqual([line]);
  });

  it('shows no lines for no rules', () => {
    expect(formatCacheRules([])).toEqual([]);
  });
});
