import { describe, expect, it } from 'vitest';
import { parseRefererSetting } from '../../src/changes/parse-referer-setting.ts';
import { UsageError } from '../../src/errors.ts';
import type { RefererSetting } from '../../src/providers/types.ts';

const HINT =
  'Write host names or `*.` wildcards separated by spaces or commas: `allow *.example.com example.com`, ' +
  '`deny bad.example.net`, with `--allow-empty` to let requests without a Referer through, or `off` on its own.';

function usageErrorOf(run: () => unknown): UsageError {
  try {
    run();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('expected a UsageError');
}

describe('parseRefererSetting', () => {
  it.each<[string, { mode: string; list: string[]; allowEmpty: boolean }, RefererSetting]>([
    [
      'an allow list with empty referers allowed',
      { mode: 'allow', list: ['*.example.com', 'example.com'], allowEmpty: true },
      { mode: 'allow', referers: ['*.example.com', 'example.com'], allowEmpty: true },
    ],
    [
      'a deny list',
      { mode: 'deny', list: ['bad.example.net'], allowEmpty: false },
      { mode: 'deny', referers: ['bad.example.net'], allowEmpty: false },
    ],
    [
      'the mode in capitals',
      { mode: 'ALLOW', list: ['a.com'], allowEmpty: false },
      { mode: 'allow', referers: ['a.com'], allowEmpty: false },
    ],
    [
      'entries joined by commas and semicolons',
      { mode: 'allow', list: ['a.com,b.com;c.com', 'd.com，e.com'], allowEmpty: false },
      { mode: 'allow', referers: ['a.com', 'b.com', 'c.com', 'd.com', 'e.com'], allowEmpty: false },
    ],
    [
      'duplicates in any case, with a trailing dot',
      {
        mode: 'allow',
        list: ['Example.COM', 'example.com', 'example.com.', '*.Example.com', '*.example.com'],
        allowEmpty: false,
      },
      { mode: 'allow', referers: ['example.com', '*.example.com'], allowEmpty: false },
    ],
    [
      'IP addresses and underscores',
      { mode: 'allow', list: ['127.0.0.1', 'my_host.example.com'], allowEmpty: false },
      { mode: 'allow', referers: ['127.0.0.1', 'my_host.example.com'], allowEmpty: false },
    ],
    ['off', { mode: 'off', list: [], allowEmpty: false }, { mode: 'off' }],
    ['Off, with empty words', { mode: ' Off ', list: ['', ' '], allowEmpty: false }, { mode: 'off' }],
  ])('reads %s', (_, args, expected) => {
    const setting = parseRefererSetting(args);

    expect(setting).toEqual(expected);
  });

  it('takes 200 distinct referers', () => {
    const list = Array.from({ length: 200 }, (_, i) => `site${i}.example.com`);

    const setting = parseRefererSetting({
      mode: 'allow',
      list: [...list, 'site0.example.com'],
      allowEmpty: false,
    });

    expect(setting).toEqual({ mode: 'allow', referers: list, allowEmpty: false });
  });

  it.each<[string, { mode: string; list: string[]; allowEmpty: boolean }, string]>([
    ['no mode', { mode: '', list: [], allowEmpty: false }, 'Say allow, deny or off.'],
    [
      'an unknown mode',
      { mode: 'whitelist', list: ['a.com'], allowEmpty: false },
      '`whitelist` is not allow, deny or off.',
    ],
    ['off with a list', { mode: 'off', list: ['a.com'], allowEmpty: false }, '`off` takes no list.'],
    [
      'off with --allow-empty',
      { mode: 'off', list: [], allowEmpty: true },
      '`--allow-empty` goes with allow or deny, not `off`.',
    ],
    [
      'allow without a list',
      { mode: 'allow', list: [], allowEmpty: true },
      '`allow` needs a list of referer hosts.',
    ],
    [
      'deny with only separators',
      { mode: 'deny', list: [',', ';'], allowEmpty: false },
      '`deny` needs a list of referer hosts.',
    ],
    [
      'a URL',
      { mode: 'allow', list: ['https://a.com/x'], allowEmpty: false },
      '`https://a.com/x` is not a host name or `*.` wildcard: it is a URL; write `a.com`.',
    ],
    [
      'a URL without a host',
      { mode: 'allow', list: ['http://'], allowEmpty: false },
      '`http://` is not a host name or `*.` wildcard: it is a URL.',
    ],
    [
      'a host with a path',
      { mode: 'allow', list: ['a.com/img'], allowEmpty: false },
      '`a.com/img` is not a host name or `*.` wildcard: it has a path; write `a.com`.',
    ],
    [
      'a path alone',
      { mode: 'allow', list: ['/img'], allowEmpty: false },
      '`/img` is not a host name or `*.` wildcard: it is a path.',
    ],
    [
      'a port',
      { mode: 'deny', list: ['a.com:8080'], allowEmpty: false },
      '`a.com:8080` is not a host name or `*.` wildcard: it has a port; write `a.com`.',
    ],
    [
      'a wildcard inside',
      { mode: 'deny', list: ['a.*.com'], allowEmpty: false },
      '`a.*.com` is not a host name or `*.` wildcard: `*` works only at the start, as `*.example.com`.',
    ],
    [
      'a wildcard without a dot',
      { mode: 'deny', list: ['*example.com'], allowEmpty: false },
      '`*example.com` is not a host name or `*.` wildcard: `*` works only at the start, as `*.example.com`.',
    ],
    [
      'a bare star',
      { mode: 'allow', list: ['*'], allowEmpty: false },
      '`*` is not a host name or `*.` wildcard: it would match every site.',
    ],
    [
      'a name without a dot',
      { mode: 'allow', list: ['allow-empty'], allowEmpty: false },
      '`allow-empty` is not a host name or `*.` wildcard.',
    ],
    [
      'a name with a bad character',
      { mode: 'allow', list: ['a!b.com'], allowEmpty: false },
      '`a!b.com` is not a host name or `*.` wildcard.',
    ],
    [
      'a label starting with a hyphen',
      { mode: 'allow', list: ['-a.com'], allowEmpty: false },
      '`-a.com` is not a host name or `*.` wildcard.',
    ],
    [
      'a non-ASCII name',
      { mode: 'allow', list: ['*.例子.com'], allowEmpty: false },
      '`*.例子.com` is not a host name or `*.` wildcard: write it as `*.xn--fsqu00a.com`.',
    ],
    [
      'several bad entries',
      { mode: 'allow', list: ['ok.com', 'https://a.com/x', 'b.com:80'], allowEmpty: false },
      '2 referers are not host names or `*.` wildcards: `https://a.com/x` (it is a URL; write `a.com`), `b.com:80` (it has a port; write `b.com`).',
    ],
    [
      'more bad entries than are shown',
      { mode: 'allow', list: ['a', 'b', 'c', 'd', 'e', 'f'], allowEmpty: false },
      '6 referers are not host names or `*.` wildcards: `a`, `b`, `c`, `d`, `e`, ….',
    ],
  ])('refuses %s', (_, args, message) => {
    const error = usageErrorOf(() => parseRefererSetting(args));

    expect(error.message).toBe(message);
    expect(error.hint).toBe(HINT);
  });

  it('refuses more than 200 distinct referers', () => {
    const list = Array.from({ length: 201 }, (_, i) => `site${i}.example.com`);

    const error = usageErrorOf(() => parseRefererSetting({ mode: 'deny', list, allowEmpty: false }));

    expect(error.message).toBe('That is 201 referers; one setting takes at most 200.');
    expect(error.hint).toBe('Cover many subdomains with one `*.` wildcard, e.g. `*.example.com`.');
  });
});
