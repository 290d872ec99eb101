import { describe, expect, it } from 'vitest';
import { parseCacheRules } from '../../src/changes/parse-cache-rules.ts';
import { tokenize } from '../../src/dispatch/tokenize.ts';
import { UsageError } from '../../src/errors.ts';
import type { CacheRule } from '../../src/providers/types.ts';

const FORMS_HINT =
  'Write key=time rules, e.g. `all=30d .jpg,.js=1h /static/=10m /about.html=0 /=10m` ' +
  '(keys: all, file suffixes, a /directory/, a /full/path.html, / for the home page; ' +
  'times: 90s, 10m, 1h, 30d, 2w or seconds, 0 = no cache, at most 365d), ' +
  'or the legacy list `[[0,"all",2592000],[1,".jpg;.js",3600],[2,"/static",600],[3,"/about.html",0]]` ' +
  '(type 0 all, 1 file suffixes, 2 directories, 3 full paths; times in seconds).';
const TOO_LONG_HINT = 'Write 365d or less; 0 means do not cache.';
const DUPLICATE_HINT = 'Give each key once: one file, directory or path cannot have two cache times.';

const SEED_RULES: CacheRule[] = [
  { type: 'all', contents: ['*'], seconds: 1000 },
  { type: 'file', contents: ['jpg', 'js'], seconds: 2000 },
  { type: 'directory', contents: ['/www/html'], seconds: 3000 },
];

const READABLE_RULES: CacheRule[] = [
  { type: 'all', contents: ['*'], seconds: 2_592_000 },
  { type: 'file', contents: ['jpg', 'js'], seconds: 3600 },
  { type: 'directory', contents: ['/www/html'], seconds: 3000 },
  { type: 'path', contents: ['/a/b.html'], seconds: 0 },
  { type: 'index', contents: ['/'], seconds: 600 },
];

/** The text a handler passes: what follows `set`, tokenized as Slack input is, joined with spaces. */
function afterTokenize(text: string): string {
  return tokenize(text).join(' ');
}

function usageErrorOf(run: () => unknown): UsageError {
  try {
    run();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('expected a UsageError');
}

describe('parseCacheRules, legacy list form', () => {
  it('reads the legacy CLI example as printed, escaped quotes and line break included', () => {
    const seed = '[[0,\\"all\n\\",1000],[1,\\".jpg;.js\\",2000],[2,\\"/www/html\\",3000]]';

    const rules = parseCacheRules(seed);

    expect(rules).toEqual(SEED_RULES);
  });

  it.each([
    ['straight quotes', '[[0,"all",1000],[1,".jpg;.js",2000],[2,"/www/html",3000]]'],
    ['smart quotes', '[[0,“all”,1000],[1,“.jpg;.js”,2000],[2,“/www/html”,3000]]'],
    ['single smart quotes', '[[0,‘all’,1000],[1,‘.jpg;.js’,2000],[2,‘/www/html’,3000]]'],
    ['spaces after commas', '[ [0, "all", 1000], [1, ".jpg;.js", 2000], [2, "/www/html", 3000] ]'],
    ['no quotes', '[[0,all,1000],[1,.jpg;.js,2000],[2,/www/html,3000]]'],
    ['suffixes without dots', '[[0,"all",1000],[1,"jpg;js",2000],[2,"/www/html",3000]]'],
    ['suffixes split by a comma', '[[0,"all",1000],[1,".jpg,.js",2000],[2,"/www/html",3000]]'],
    ['a trailing slash on the directory', '[[0,"all",1000],[1,".jpg;.js",2000],[2,"/www/html/",3000]]'],
    ['entries without the outer list', '[0,"all",1000],[1,".jpg;.js",2000],[2,"/www/html",3000]'],
    ['a code span around it', '`[[0,"all",1000],[1,".jpg;.js",2000],[2,"/www/html",3000]]`'],
    ['full-width brackets', '［[0,"all",1000],[1,".jpg;.js",2000],[2,"/www/html",3000]］'],
  ])('reads the list with %s', (_, text) => {
    const rules = parseCacheRules(text);

    expect(rules).toEqual(SEED_RULES);
  });

  it.each([
    ['straight quotes', '[[0,"all",1000],[1,".jpg;.js",2000],[2,"/www/html",3000]]'],
    ['smart quotes', '[[0,“all”,1000],[1,“.jpg;.js”,2000],[2,“/www/html”,3000]]'],
    ['spaces', '[[0, "all", 1000], [1, ".jpg;.js", 2000], [2, "/www/html", 3000]]'],
  ])('reads the list with %s after the tokenizer split it at commas and dropped quotes', (_, text) => {
    const rules = parseCacheRules(afterTokenize(text));

    expect(rules).toEqual(SEED_RULES);
  });

  it('reads type 3 as full paths and several directories in one entry', () => {
    const rules = parseCacheRules('[[3,"/a/b.html",60],[2,"/abc;/def",120],[0,"*",0]]');

    expect(rules).toEqual([
      { type: 'path', contents: ['/a/b.html'], seconds: 60 },
      { type: 'directory', contents: ['/abc', '/def'], seconds: 120 },
      { type: 'all', contents: ['*'], seconds: 0 },
    ]);
  });

  it('accepts a time with a unit where seconds are expected', () => {
    const rules = parseCacheRules('[[0,"all",30d]]');

    expect(rules).toEqual([{ type: 'all', contents: ['*'], seconds: 2_592_000 }]);
  });
});

describe('parseCacheRules, key=time form', () => {
  it.each([
    ['as typed', 'all=30d .jpg,.js=1h /www/html=50m /a/b.html=0 /=10m'],
    ['after the tokenizer', afterTokenize('all=30d .jpg,.js=1h /www/html=50m /a/b.html=0 /=10m')],
    ['with spaces in the suffix list', 'all=30d .jpg, .js=1h /www/html=50m /a/b.html=0 /=10m'],
    ['with suffixes separated by semicolons', 'all=30d .jpg;.js=1h /www/html=50m /a/b.html=0 /=10m'],
    ['with spaces around =', 'all = 30d .jpg,.js = 1h /www/html = 50m /a/b.html = 0 / = 10m'],
    ['in seconds', 'all=2592000 .jpg,.js=3600 /www/html=3000 /a/b.html=0 /=600'],
    ['with smart-quoted keys', '“all”=30d “.jpg,.js”=1h /www/html=50m /a/b.html=0 /=10m'],
    ['quoted, after the tokenizer', afterTokenize('all=30d ".jpg .js"=1h /www/html=50m /a/b.html=0 /=10m')],
    ['with * for all', '*=30d .jpg,.js=1h /www/html=50m /a/b.html=0 /=10m'],
    ['with a slash-ended directory', 'all=30d .jpg,.js=1h /www/html/=50m /a/b.html=0 /=10m'],
    ['with rules on several lines', 'all=30d\n.jpg,.js=1h\n/www/html=50m\n/a/b.html=0\n/=10m'],
    ['with commas between rules', 'all=30d, .jpg,.js=1h, /www/html=50m, /a/b.html=0, /=10m'],
  ])('reads the rules %s', (_, text) => {
    const rules = parseCacheRules(text);

    expect(rules).toEqual(READABLE_RULES);
  });

  it.each([
    ['/www/', 'directory', '/www'],
    ['/www', 'directory', '/www'],
    ['/a/b.d/', 'directory', '/a/b.d'],
    ['/a/b.html', 'path', '/a/b.html'],
    ['/robots.txt', 'path', '/robots.txt'],
    ['/', 'index', '/'],
  ])('reads the key %s as a %s', (key, type, content) => {
    const rules = parseCacheRules(`${key}=1h`);

    expect(rules).toEqual([{ type, contents: [content], seconds: 3600 }]);
  });

  it.each([
    ['90s', 90],
    ['10m', 600],
    ['1h', 3600],
    ['2d', 172_800],
    ['2w', 1_209_600],
    ['600', 600],
    ['0', 0],
    ['365d', 31_536_000],
  ])('reads the time %s as %i seconds', (time, seconds) => {
    const rules = parseCacheRules(`all=${time}`);

    expect(rules).toEqual([{ type: 'all', contents: ['*'], seconds }]);
  });

  it('reads several directories in one rule, like the list form', () => {
    const rules = parseCacheRules('/abc/,/def=2m');

    expect(rules).toEqual([{ type: 'directory', contents: ['/abc', '/def'], seconds: 120 }]);
  });

  it('gives the same rules as the equivalent legacy list', () => {
    const readable = parseCacheRules('all=1000 .jpg,.js=2000 /www/html=3000');

    const legacy = parseCacheRules('[[0,"all",1000],[1,".jpg;.js",2000],[2,"/www/html",3000]]');

    expect(readable).toEqual(legacy);
  });
});

describe('parseCacheRules errors', () => {
  it.each([
    ['', 'No cache rules were given.'],
    ['   ', 'No cache rules were given.'],
    ['[]', 'No cache rules were given.'],
    ['[[]]', 'Rule 1 `[]` is not [type,"rule",seconds].'],
    ['[[0,"all"]]', 'Rule 1 `[0,all]` is not [type,"rule",seconds].'],
    ['[[0,"all",1000]', 'The list of rules starts with `[[` but does not end with `]]`.'],
    ['[[0,"all",1000],[1,".jpg",2000]', 'The list of rules starts with `[[` but does not end with `]]`.'],
    ['[[0,"all",1000,[1,".jpg",2000]]', 'Rule 1 `[0,all,1000` has no closing `]`.'],
    ['[[0,"all",1000],[1,".jpg",2000]]]', '`]` is outside any [type,"rule",seconds] entry.'],
    ['[[0,"all",1000] x [1,".jpg",2000]]', '`x` is outside any [type,"rule",seconds] entry.'],
    [
      '[[0,"all",1000],[5,"x",10]]',
      'Rule 2 `[5,"x",10]`: type 5 is not 0 (all), 1 (file suffixes), 2 (directories) or 3 (full paths).',
    ],
    [
      '[[4,"/",10]]',
      'Rule 1 `[4,"/",10]`: type 4 is not 0 (all), 1 (file suffixes), 2 (directories) or 3 (full paths).',
    ],
    ['[[0,"/www",10]]', 'Rule 1 `[0,"/www",10]`: type 0 takes the rule "all".'],
    ['[[1,".jpg;.js",1h30m]]', 'Rule 1 `[1,".jpg;.js",1h30m]`: `1h30m` is not a time.'],
    ['[[1,".jpg;.js",-1]]', 'Rule 1 `[1,".jpg;.js",-1]`: `-1` is not a time.'],
    ['[[1,";",10]]', 'Rule 1 `[1,";",10]` names no file suffixes.'],
    ['[[1,".jpg;.j/s",10]]', 'Rule 1 `[1,".jpg;.j/s",10]`: `.j/s` is not a file suffix.'],
    ['[[2,"www",10]]', 'Rule 1 `[2,"www",10]`: `www` is not a directory; it must start with `/`.'],
    ['[[3,"a.html",10]]', 'Rule 1 `[3,"a.html",10]`: `a.html` is not a path; it must start with `/`.'],
    ['[[2,"/",10]]', 'Rule 1 `[2,"/",10]`: `/` as a directory means every file; use the all rule.'],
    ['=1h', '`=1h` has no key.'],
    ['all=', '`all=` has no time.'],
    ['all=30d .png', '`.png` has no time.'],
    ['all 30d', '`all 30d` has no `=`; write `all=30d`.'],
    ['.jpg .js 1h', '`.jpg .js 1h` has no `=`; write `.jpg,.js=1h`.'],
    ['all 30d .jpg=1h', '`all 30d` has no `=`; write `all=30d`.'],
    ['30d', '`30d` has no time.'],
    ['.jpg=1x', '`.jpg=1x`: `1x` is not a time.'],
    ['.jpg=1H', '`.jpg=1H`: `1H` is not a time.'],
    ['.jpg=1.5h', '`.jpg=1.5h`: `1.5h` is not a time.'],
    ['foo=1h', '`foo=1h`: `foo` is not a cache key; for a file suffix write `.foo`.'],
    ['www.example.com=1h', '`www.example.com=1h`: `www.example.com` is not a cache key.'],
    ['.=1h', '`.=1h`: `.` is not a file suffix.'],
    ['.jpg,.=1h', '`.jpg,.=1h`: `.` is not a file suffix.'],
    ['/a*/=1h', '`/a*/=1h`: `/a*/` is not a directory; it cannot hold `*`, `?` or `#`.'],
    ['/a.html?v=1=1h', '`/a.html?v=1=1h`: `/a.html?v=1` is not a path; it cannot hold `*`, `?` or `#`.'],
    ['//=1h', '`//=1h`: `//` as a directory means every file; use the all rule.'],
    ['all,.jpg=1h', '`all,.jpg=1h` mixes all and file suffixes; give each its own rule.'],
    ['/a/,/b.html=1h', '`/a/,/b.html=1h` mixes directories and paths; give each its own rule.'],
    [
      '/,.jpg,/a/=1h',
      '`/,.jpg,/a/=1h` mixes the home page, file suffixes and directories; give each its own rule.',
    ],
  ])('refuses %j: %s', (text, message) => {
    const error = usageErrorOf(() => parseCacheRules(text));

    expect(error.message).toBe(message);
    expect(error.hint).toBe(FORMS_HINT);
  });

  it.each([
    ['all=366d', '`all=366d`: 366d is longer than 365 days, the longest Tencent CDN caches.'],
    ['all=31536001', '`all=31536001`: 31536001 is longer than 365 days, the longest Tencent CDN caches.'],
    ['.jpg=53w', '`.jpg=53w`: 53w is longer than 365 days, the longest Tencent CDN caches.'],
    [
      '[[0,"all",1000],[1,".jpg",99999999]]',
      'Rule 2 `[1,".jpg",99999999]`: 99999999 is longer than 365 days, the longest Tencent CDN caches.',
    ],
  ])('refuses a time over 365 days in %j', (text, message) => {
    const error = usageErrorOf(() => parseCacheRules(text));

    expect(error.message).toBe(message);
    expect(error.hint).toBe(TOO_LONG_HINT);
  });

  it.each([
    ['all=1h ALL=2h', '`all` is in two rules: `all=1h` and `ALL=2h`.'],
    ['.jpg=1h .png,.jpg=2h', '`.jpg` is in two rules: `.jpg=1h` and `.png,.jpg=2h`.'],
    ['.jpg,.jpg=1h', '`.jpg` is twice in `.jpg,.jpg=1h`.'],
    ['/www/=1h /www=2h', '`/www` is in two rules: `/www/=1h` and `/www=2h`.'],
    ['/=1h /=1h', '`/` is in two rules: `/=1h` and `/=1h`.'],
    ['[[1,".jpg",1],[1,"jpg",2]]', '`.jpg` is in two rules: rule 1 `[1,".jpg",1]` and rule 2 `[1,"jpg",2]`.'],
    ['[[2,"/a;/a/",1]]', '`/a` is twice in rule 1 `[2,"/a;/a/",1]`.'],
  ])('refuses a key given twice in %j', (text, message) => {
    const error = usageErrorOf(() => parseCacheRules(text));

    expect(error.message).toBe(message);
    expect(error.hint).toBe(DUPLICATE_HINT);
  });
});
