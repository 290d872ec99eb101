import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/dispatch/tokenize.ts';
import { UsageError } from '../../src/errors.ts';

describe('tokenize', () => {
  it.each([
    ['empty text', '', []],
    ['only whitespace', ' \n\t ', []],
    ['a bare subcommand', 'quota', ['quota']],
    ['leading, trailing and repeated spaces', '  hosts   www.example.com  ', ['hosts', 'www.example.com']],
    ['newlines and tabs', 'purge\na.com/x\tb.com/y\r\nc.com/z', ['purge', 'a.com/x', 'b.com/y', 'c.com/z']],
    ['a no-break space', 'hosts\u00a0www.example.com', ['hosts', 'www.example.com']],
    ['a zero-width space', 'purge\u200bhttps://a.com/x', ['purge', 'https://a.com/x']],
    ['a byte-order mark and a word joiner', '\ufeffhosts\u2060prod', ['hosts', 'prod']],
    ['an ideographic space', 'hosts\u3000www.example.com', ['hosts', 'www.example.com']],
    ['control characters', 'hosts\u0000a.com\u0007b.com', ['hosts', 'a.com', 'b.com']],
    [
      'a Chinese path',
      'purge https://www.example.com/图片/a.png',
      ['purge', 'https://www.example.com/图片/a.png'],
    ],
  ])('splits on whitespace: %s', (_, text, expected) => {
    expect(tokenize(text)).toEqual(expected);
  });

  it.each([
    [
      'a link with a label keeps the URL',
      'purge <https://www.example.com/a.js|www.example.com/a.js>\n<https://www.example.com/b.js>',
      ['purge', 'https://www.example.com/a.js', 'https://www.example.com/b.js'],
    ],
    [
      'a truncated label is ignored',
      'purge <https://www.example.com/static/very/long/path/app.js|www.example.com/static/very/long/pa…>',
      ['purge', 'https://www.example.com/static/very/long/path/app.js'],
    ],
    [
      'a bare domain Slack linked with http:// comes back as typed',
      'hosts <http://www.example.com|www.example.com>',
      ['hosts', 'www.example.com'],
    ],
    [
      'a bare path Slack linked with http:// comes back as typed',
      'purge <http://www.example.com/a.js|www.example.com/a.js>',
      ['purge', 'www.example.com/a.js'],
    ],
    [
      'a typed http:// URL stays a URL',
      'purge <http://www.example.com/a.js>',
      ['purge', 'http://www.example.com/a.js'],
    ],
    [
      'an escaped ampersand inside a link',
      'purge <https://a.com/x?a=1&amp;b=2>',
      ['purge', 'https://a.com/x?a=1&b=2'],
    ],
    [
      'a Chinese link',
      'purge <https://www.example.com/图片/a.png>',
      ['purge', 'https://www.example.com/图片/a.png'],
    ],
    ['a user mention with a name', 'audit <@U0AAAAAAA|alice>', ['audit', '@U0AAAAAAA']],
    ['a user mention without a name', 'audit <@U0AAAAAAA>', ['audit', '@U0AAAAAAA']],
    ['a channel with a name', 'digest add <#C0123456789|ops>', ['digest', 'add', '#C0123456789']],
    ['a channel without a name', 'digest add <#C0123456789>', ['digest', 'add', '#C0123456789']],
    ['a channel with an empty name', 'digest add <#C0123456789|>', ['digest', 'add', '#C0123456789']],
    ['a user group', 'approve <!subteam^S0CCCCCCC|@ops>', ['approve', 'S0CCCCCCC']],
    ['a special mention', 'x <!here> <!channel|channel>', ['x', '@here', '@channel']],
    ['a mail address', 'x <mailto:ops@example.com|ops@example.com>', ['x', 'ops@example.com']],
    ['markup glued to text', 'x (<https://a.com/x>)', ['x', '(https://a.com/x)']],
  ])('reads Slack markup: %s', (_, text, expected) => {
    expect(tokenize(text)).toEqual(expected);
  });

  it.each([
    ['escaped angle brackets', 'hosts &lt;foo&gt;', ['hosts', '<foo>']],
    ['an escaped ampersand', 'hosts a&amp;b', ['hosts', 'a&b']],
    ['decoding happens once', 'hosts &amp;lt;', ['hosts', '&lt;']],
    ['an unknown entity stays', 'hosts &quot;a&quot;', ['hosts', '&quot;a&quot;']],
    ['a decoded quote-like text is not a quote', 'hosts &lt;"a b"&gt;', ['hosts', '<"a', 'b">']],
    ['a lone <', 'hosts <', ['hosts', '<']],
    ['<|>', '<|>', ['<|>']],
    ['an empty mention', '<@>', ['<@>']],
    ['an empty user group', '<!subteam^>', ['<!subteam^>']],
    ['angle brackets around a non-link', '<foo>', ['<foo>']],
    ['an unclosed link', 'purge <https://a.com/x', ['purge', '<https://a.com/x']],
  ])('keeps text that is not markup: %s', (_, text, expected) => {
    expect(tokenize(text)).toEqual(expected);
  });

  it.each([
    ['comma and space', 'host a.com, b.com', ['host', 'a.com', 'b.com']],
    ['comma and newline', 'host a.com,\nb.com', ['host', 'a.com', 'b.com']],
    ['no space between bare domains', 'host a.com,b.com', ['host', 'a.com', 'b.com']],
    ['a trailing comma', 'host a.com,', ['host', 'a.com']],
    ['a leading comma', 'host ,a.com', ['host', 'a.com']],
    ['double commas', 'host a.com,,b.com', ['host', 'a.com', 'b.com']],
    ['only commas', ',,, ,', []],
    ['a full-width comma', 'host a.com，b.com', ['host', 'a.com', 'b.com']],
    [
      'URLs without space',
      'purge https://a.com/x,https://a.com/y',
      ['purge', 'https://a.com/x', 'https://a.com/y'],
    ],
    [
      'URLs with space',
      'purge https://a.com/x, https://a.com/y',
      ['purge', 'https://a.com/x', 'https://a.com/y'],
    ],
    ['a comma inside a URL', 'purge https://a.com/x,y.js?v=1,2', ['purge', 'https://a.com/x,y.js?v=1,2']],
    [
      'a comma inside a URL before a bare domain',
      'purge https://a.com/x,b.com',
      ['purge', 'https://a.com/x,b.com'],
    ],
    ['a bare domain then a URL', 'purge b.com,https://a.com/x,y', ['purge', 'b.com', 'https://a.com/x,y']],
    [
      'linked URLs joined by a comma',
      'purge <https://a.com/x>,<https://a.com/y>',
      ['purge', 'https://a.com/x', 'https://a.com/y'],
    ],
    [
      'one link Slack made of two URLs',
      'purge <https://a.com/x,https://a.com/y>',
      ['purge', 'https://a.com/x', 'https://a.com/y'],
    ],
    [
      'bare domains Slack linked together',
      'host <http://a.com,b.com|a.com,b.com>',
      ['host', 'a.com', 'b.com'],
    ],
    ['an escaped comma is still a comma in a list', 'host a.com,&amp;', ['host', 'a.com', '&']],
    ['quoted items in a list', 'x "a b","c d"', ['x', 'a b', 'c d']],
  ])('splits lists on commas: %s', (_, text, expected) => {
    expect(tokenize(text)).toEqual(expected);
  });

  it.each([
    [
      'an option keeps its own list',
      'stats all --metric=flux,bandwidth',
      ['stats', 'all', '--metric=flux,bandwidth'],
    ],
    [
      'the word after an option keeps its list',
      'stats all --metric flux,bandwidth',
      ['stats', 'all', '--metric', 'flux,bandwidth'],
    ],
    [
      'the word after an option keeps a trailing comma',
      'stats all --metric flux, bandwidth',
      ['stats', 'all', '--metric', 'flux,', 'bandwidth'],
    ],
    [
      'the word after an option still splits before a new URL',
      'purge --dir https://a.com/x/,https://a.com/y/',
      ['purge', '--dir', 'https://a.com/x/', 'https://a.com/y/'],
    ],
    ['only the one word after the option', 'host --all a,b c,d', ['host', '--all', 'a,b', 'c', 'd']],
    ['not after an option with =', 'host --account=prod a,b', ['host', '--account=prod', 'a', 'b']],
    ['not after --', 'purge -- a,b', ['purge', '--', 'a', 'b']],
  ])('leaves option values to parseArgv: %s', (_, text, expected) => {
    expect(tokenize(text)).toEqual(expected);
  });

  it.each([
    ['double quotes', 'purge --dir "https://a.com/x y/"', ['purge', '--dir', 'https://a.com/x y/']],
    ['single quotes', "hosts 'a b'", ['hosts', 'a b']],
    ['smart double quotes', 'purge --dir “https://a.com/x y/”', ['purge', '--dir', 'https://a.com/x y/']],
    [
      'smart double quotes around a link',
      'purge --dir “<https://a.com/x> y/”',
      ['purge', '--dir', 'https://a.com/x y/'],
    ],
    ['smart single quotes', 'hosts ‘a b’', ['hosts', 'a b']],
    ['an apostrophe inside smart quotes', 'x ‘don’t stop’', ['x', 'don’t stop']],
    ['an apostrophe inside straight quotes', "x 'it's here'", ['x', "it's here"]],
    ['a smart quote closed by a straight one', 'x “a b"', ['x', 'a b']],
    ['an apostrophe in a word', "x it's", ['x', "it's"]],
    ['a quote in the middle of a word', 'x a"b c"', ['x', 'a"b', 'c"']],
    ['the other kind of quote inside', `x "it's 'fine'"`, ['x', "it's 'fine'"]],
    [
      'a comma inside quotes',
      'config a.com --origin-host "a, b"',
      ['config', 'a.com', '--origin-host', 'a, b'],
    ],
    ['a newline inside quotes', 'x "a\nb"', ['x', 'a\nb']],
    ['an empty quoted value', 'config a.com --origin-host ""', ['config', 'a.com', '--origin-host', '']],
    ['text right after the closing quote', 'x "a b"c', ['x', 'a bc']],
    [
      'a quoted option value after =',
      'config a.com --origin-host="a b"',
      ['config', 'a.com', '--origin-host=a b'],
    ],
    ['a quote after = outside an option is text', 'x a="b c"', ['x', 'a="b', 'c"']],
    ['an escaped ampersand inside quotes', 'x "a &amp; b"', ['x', 'a & b']],
  ])('groups quoted text: %s', (_, text, expected) => {
    expect(tokenize(text)).toEqual(expected);
  });

  it.each([
    ['an em dash', 'purge —dry-run a.com/x', ['purge', '--dry-run', 'a.com/x']],
    ['an en dash', 'purge –dir a.com/x/', ['purge', '--dir', 'a.com/x/']],
    ['an em dash and =', 'stats all —last=7d', ['stats', 'all', '--last=7d']],
    [
      'an em dash option takes a list',
      'stats all —metric flux,bandwidth',
      ['stats', 'all', '--metric', 'flux,bandwidth'],
    ],
    ['a lone em dash stays', 'x —', ['x', '—']],
    ['an em dash before a non-letter stays', 'x —1 —-a', ['x', '—1', '—-a']],
    ['an em dash inside a word stays', 'x a—b', ['x', 'a—b']],
    ['a quoted em dash stays', 'x "—dry-run"', ['x', '—dry-run']],
  ])('undoes dash autocorrection: %s', (_, text, expected) => {
    expect(tokenize(text)).toEqual(expected);
  });

  it.each([
    [
      'purge --dir “https://a.com/x y/',
      'The quote “ in “https://a.com/x y/ is never closed.',
      'Close it with ”, like “two words”, or remove it.',
    ],
    [
      'hosts "prod',
      'The quote " in "prod is never closed.',
      'Close it with ", like "two words", or remove it.',
    ],
    [
      "hosts 'tis",
      "The quote ' in 'tis is never closed.",
      "Close it with ', like 'two words', or remove it.",
    ],
    [
      'hosts ‘prod',
      'The quote ‘ in ‘prod is never closed.',
      'Close it with ’, like ‘two words’, or remove it.',
    ],
    [
      'hosts "',
      'The quote " at the end is never closed.',
      'Close it with ", like "two words", or remove it.',
    ],
    [
      'purge "https://www.example.com/a/very/long/path/to/app.js',
      'The quote " in "https://www.example.com/a/very/long/pat… is never closed.',
      'Close it with ", like "two words", or remove it.',
    ],
    ['x "a\n\nb', 'The quote " in "a b is never closed.', 'Close it with ", like "two words", or remove it.'],
  ])('refuses an unclosed quote in %j', (text, message, hint) => {
    const error = catchError(() => tokenize(text));

    expect(error).toBeInstanceOf(UsageError);
    expect(error).toMatchObject({ message, hint });
  });

  it('throws nothing but UsageError on hostile text', () => {
    const nasty = [
      '<',
      '>',
      '<|>',
      '<@>',
      '<#>',
      '<!>',
      '<mailto:>',
      '<http://>',
      '<<<>>>',
      '“',
      '”',
      '‘',
      "'",
      '"',
      '"\'"\'',
      '&',
      '&amp',
      '&amp;amp;',
      '—',
      '–',
      '--',
      '-',
      ','.repeat(10_000),
      '<a|'.repeat(2_000),
      '"x"y '.repeat(2_000),
      `${'a,'.repeat(5_000)}https://`,
      '\u0000\u0001\u001f\u007f\u0085\u200b\ufeff',
      '\ud800',
      '\udc00x',
      '😀,😀 “😀”',
      'https://'.repeat(1_000),
    ];
    const alphabet = ['<', '>', '|', '@', '#', '!', '^', '"', "'", '“', '”', '‘', '’', ',', '，', ' ', '\n'];
    alphabet.push('&amp;', '&lt;', '&gt;', '&', ';', '—', '–', '-', '=', 'a', 'http://', 'mailto:', '\u00a0');
    let seed = 42;
    function random(n: number): number {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    }
    for (let i = 0; i < 2_000; i++) {
      const length = random(20);
      nasty.push(Array.from({ length }, () => alphabet[random(alphabet.length)]).join(''));
    }

    for (const text of nasty) {
      const error = catchError(() => tokenize(text));
      if (error !== undefined) expect(error, JSON.stringify(text)).toBeInstanceOf(UsageError);
    }
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
    return undefined;
  } catch (error) {
    return error;
  }
}
