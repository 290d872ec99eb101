import { describe, expect, expectTypeOf, it } from 'vitest';
import { parseArgv } from '../../src/dispatch/parse-argv.ts';
import { tokenize } from '../../src/dispatch/tokenize.ts';
import { UsageError } from '../../src/errors.ts';

const PURGE = { dir: 'boolean', all: 'boolean', 'dry-run': 'boolean' } as const;
const PURGE_CONTEXT = { command: 'purge', usage: '<url>... [--dir] [--all] [--dry-run]' };
const STATS = { metric: 'string[]', from: 'string', to: 'string', last: 'string' } as const;
const STATS_CONTEXT = { command: 'stats', usage: 'stats <domain or all> [--metric M] [--last 24h/7d/30d]' };
const HOSTS = { account: 'string', status: 'string' } as const;
const HOSTS_CONTEXT = { command: 'hosts', usage: '[filter] [--account A] [--status S]' };

describe('parseArgv', () => {
  it.each([
    ['no tokens', [], { positionals: [] }],
    ['only positionals', ['a.com/x', 'a.com/y'], { positionals: ['a.com/x', 'a.com/y'] }],
    ['a boolean', ['--dir', 'https://a.com/x/'], { dir: true, positionals: ['https://a.com/x/'] }],
    [
      'a boolean after the positionals',
      ['https://a.com/x/', '--dir'],
      { dir: true, positionals: ['https://a.com/x/'] },
    ],
    [
      'several booleans',
      ['--dir', '--all', '--dry-run'],
      { dir: true, all: true, 'dry-run': true, positionals: [] },
    ],
    ['--flag=true', ['--dir=true'], { dir: true, positionals: [] }],
    ['--flag=false', ['--dry-run=false'], { 'dry-run': false, positionals: [] }],
    ['--flag=FALSE', ['--dry-run=FALSE'], { 'dry-run': false, positionals: [] }],
    ['a case-insensitive name', ['--Dry-Run', '--DIR'], { 'dry-run': true, dir: true, positionals: [] }],
    [
      '-- ends the options',
      ['--dir', '--', '--all', 'a.com'],
      { dir: true, positionals: ['--all', 'a.com'] },
    ],
    ['a lone -', ['-', '--dir'], { dir: true, positionals: ['-'] }],
    ['a negative number', ['-1'], { positionals: ['-1'] }],
    [
      'a comma list after a boolean',
      ['--dir', 'a.com/x/,a.com/y/,'],
      { dir: true, positionals: ['a.com/x/', 'a.com/y/'] },
    ],
    [
      'a URL with commas after a boolean',
      ['--dir', 'https://a.com/x,y/,https://a.com/z/,'],
      { dir: true, positionals: ['https://a.com/x,y/', 'https://a.com/z/'] },
    ],
    ['only the next token after a boolean', ['--dir', 'a', 'b,c'], { dir: true, positionals: ['a', 'b,c'] }],
  ])('reads %s', (_, tokens, expected) => {
    expect(parseArgv(tokens, PURGE, PURGE_CONTEXT)).toEqual(expected);
  });

  it.each([
    ['--flag value', ['all', '--last', '7d'], { last: '7d', positionals: ['all'] }],
    ['--flag=value', ['all', '--last=7d'], { last: '7d', positionals: ['all'] }],
    ['a value with =', ['all', '--from=a=b'], { from: 'a=b', positionals: ['all'] }],
    ['a value that is a lone -', ['--from', '-'], { from: '-', positionals: [] }],
    ['a value that looks negative', ['--from', '-1'], { from: '-1', positionals: [] }],
    ['the same value twice', ['--last', '7d', '--last=7d'], { last: '7d', positionals: [] }],
    ['an empty quoted value', ['--from', ''], { from: '', positionals: [] }],
    [
      'a list',
      ['all', '--metric', 'flux,bandwidth'],
      { metric: ['flux', 'bandwidth'], positionals: ['all'] },
    ],
    [
      'a list after =',
      ['all', '--metric=flux,bandwidth'],
      { metric: ['flux', 'bandwidth'], positionals: ['all'] },
    ],
    [
      'a repeated list',
      ['--metric', 'flux', '--metric=request'],
      { metric: ['flux', 'request'], positionals: [] },
    ],
    [
      'a list going on after a trailing comma',
      ['--metric', 'flux,', 'bandwidth', 'all'],
      { metric: ['flux', 'bandwidth'], positionals: ['all'] },
    ],
    [
      'a list with spaces',
      ['--metric', 'flux, bandwidth'],
      { metric: ['flux', 'bandwidth'], positionals: [] },
    ],
    [
      'a full-width comma',
      ['--metric', 'flux，bandwidth'],
      { metric: ['flux', 'bandwidth'], positionals: [] },
    ],
    ['a case-insensitive name', ['--METRIC', 'flux'], { metric: ['flux'], positionals: [] }],
  ])('reads values: %s', (_, tokens, expected) => {
    expect(parseArgv(tokens, STATS, STATS_CONTEXT)).toEqual(expected);
  });

  it.each([
    [
      'purge --dir “<https://a.com/x> y/” --dry-run',
      PURGE,
      { dir: true, 'dry-run': true, positionals: ['purge', 'https://a.com/x y/'] },
    ],
    [
      'purge —dry-run <https://www.example.com/a.js|www.example.com/a.js>,<https://www.example.com/b.js>',
      PURGE,
      {
        'dry-run': true,
        positionals: ['purge', 'https://www.example.com/a.js', 'https://www.example.com/b.js'],
      },
    ],
    [
      'purge --dir <http://a.com/x/,a.com/y/|a.com/x/,a.com/y/>',
      PURGE,
      { dir: true, positionals: ['purge', 'a.com/x/', 'a.com/y/'] },
    ],
    [
      'purge --dir https://a.com/x/, https://a.com/y/',
      PURGE,
      { dir: true, positionals: ['purge', 'https://a.com/x/', 'https://a.com/y/'] },
    ],
    [
      'stats all --metric flux, bandwidth —last 7d',
      STATS,
      { metric: ['flux', 'bandwidth'], last: '7d', positionals: ['stats', 'all'] },
    ],
    [
      'hosts --account=tencent-prod <http://www.example.com|www.example.com>',
      HOSTS,
      { account: 'tencent-prod', positionals: ['hosts', 'www.example.com'] },
    ],
  ])('reads what tokenize made of %j', (text, flags, expected) => {
    expect(parseArgv(tokenize(text), flags, { command: 'x', usage: 'x' })).toEqual(expected);
  });

  it.each([
    [
      ['--foo'],
      '`purge` has no option --foo',
      '`purge` takes --dir, --all, --dry-run. Usage: `/cdn purge <url>... [--dir] [--all] [--dry-run]`',
    ],
    [
      ['--dryrun'],
      '`purge` has no option --dryrun',
      'Did you mean --dry-run? `purge` takes --dir, --all, --dry-run. Usage: `/cdn purge <url>... [--dir] [--all] [--dry-run]`',
    ],
    [
      ['--Dry_Run=true'],
      '`purge` has no option --Dry_Run',
      'Did you mean --dry-run? `purge` takes --dir, --all, --dry-run. Usage: `/cdn purge <url>... [--dir] [--all] [--dry-run]`',
    ],
    [
      ['--dri'],
      '`purge` has no option --dri',
      'Did you mean --dir? `purge` takes --dir, --all, --dry-run. Usage: `/cdn purge <url>... [--dir] [--all] [--dry-run]`',
    ],
    [
      ['--dry'],
      '`purge` has no option --dry',
      'Did you mean --dry-run? `purge` takes --dir, --all, --dry-run. Usage: `/cdn purge <url>... [--dir] [--all] [--dry-run]`',
    ],
    [
      ['-dir'],
      '`purge` has no option -dir',
      'Did you mean --dir? `purge` takes --dir, --all, --dry-run. Usage: `/cdn purge <url>... [--dir] [--all] [--dry-run]`',
    ],
    [
      ['--dir=yes'],
      '`purge` option --dir does not take a value (got --dir=yes)',
      'Write --dir on its own, or --dir=false to turn it off. Usage: `/cdn purge <url>... [--dir] [--all] [--dry-run]`',
    ],
    [
      ['--DIR=x'],
      '`purge` option --dir does not take a value (got --DIR=x)',
      'Write --dir on its own, or --dir=false to turn it off. Usage: `/cdn purge <url>... [--dir] [--all] [--dry-run]`',
    ],
  ])('refuses %j for purge', (tokens, message, hint) => {
    const error = catchError(() => parseArgv(tokens, PURGE, PURGE_CONTEXT));

    expect(error).toBeInstanceOf(UsageError);
    expect(error).toMatchObject({ message, hint });
  });

  it.each([
    [
      ['--account'],
      '`hosts` option --account needs a value',
      'Write --account <value>. Usage: `/cdn hosts [filter] [--account A] [--status S]`',
    ],
    [
      ['--account', '--status', 'online'],
      '`hosts` option --account needs a value',
      'Write --account <value>. Usage: `/cdn hosts [filter] [--account A] [--status S]`',
    ],
    [
      ['--account', '--'],
      '`hosts` option --account needs a value',
      'Write --account <value>. Usage: `/cdn hosts [filter] [--account A] [--status S]`',
    ],
    [
      ['--account='],
      '`hosts` option --account needs a value',
      'Write --account <value>. Usage: `/cdn hosts [filter] [--account A] [--status S]`',
    ],
    [
      ['--account', 'a', '--Account=b'],
      '`hosts` takes one --account, got a and b',
      'Give --account once. Usage: `/cdn hosts [filter] [--account A] [--status S]`',
    ],
    [
      ['--acount', 'prod'],
      '`hosts` has no option --acount',
      'Did you mean --account? `hosts` takes --account <value>, --status <value>. Usage: `/cdn hosts [filter] [--account A] [--status S]`',
    ],
    [
      ['--positionals', 'x'],
      '`hosts` has no option --positionals',
      '`hosts` takes --account <value>, --status <value>. Usage: `/cdn hosts [filter] [--account A] [--status S]`',
    ],
    [
      ['--constructor'],
      '`hosts` has no option --constructor',
      '`hosts` takes --account <value>, --status <value>. Usage: `/cdn hosts [filter] [--account A] [--status S]`',
    ],
  ])('refuses %j for hosts', (tokens, message, hint) => {
    const error = catchError(() => parseArgv(tokens, HOSTS, HOSTS_CONTEXT));

    expect(error).toBeInstanceOf(UsageError);
    expect(error).toMatchObject({ message, hint });
  });

  it.each([
    [
      ['--metric'],
      '`stats` option --metric needs a value',
      'Write --metric <value> (several: --metric a,b). Usage: `/cdn stats <domain or all> [--metric M] [--last 24h/7d/30d]`',
    ],
    [
      ['--metric', ','],
      '`stats` option --metric needs a value',
      'Write --metric <value> (several: --metric a,b). Usage: `/cdn stats <domain or all> [--metric M] [--last 24h/7d/30d]`',
    ],
    [
      ['--metric=', 'flux'],
      '`stats` option --metric needs a value',
      'Write --metric <value> (several: --metric a,b). Usage: `/cdn stats <domain or all> [--metric M] [--last 24h/7d/30d]`',
    ],
    [
      ['--metrics', 'flux'],
      '`stats` has no option --metrics',
      'Did you mean --metric? `stats` takes --metric <list>, --from <value>, --to <value>, --last <value>. Usage: `/cdn stats <domain or all> [--metric M] [--last 24h/7d/30d]`',
    ],
  ])('refuses %j for stats', (tokens, message, hint) => {
    const error = catchError(() => parseArgv(tokens, STATS, STATS_CONTEXT));

    expect(error).toBeInstanceOf(UsageError);
    expect(error).toMatchObject({ message, hint });
  });

  it('says when a command takes no options, and suggests nothing far away', () => {
    const error = catchError(() => parseArgv(['--verbose'], {}, { command: 'quota', usage: '/cdn quota' }));

    expect(error).toMatchObject({
      message: '`quota` has no option --verbose',
      hint: '`quota` takes no options. Usage: `/cdn quota`',
    });
  });

  it('throws nothing but UsageError on hostile tokens', () => {
    const nasty = [
      '--',
      '---',
      '--=',
      '--=x',
      '-',
      '-x',
      '--__proto__',
      '--toString',
      '--dir==',
      '--a'.repeat(5_000),
    ];
    nasty.push(
      ','.repeat(10_000),
      `--metric=${','.repeat(10_000)}`,
      '--\u0000',
      '—',
      '--💥',
      '--dry-run=\ud800',
    );
    const specs = [PURGE, STATS, HOSTS, {}];

    for (const flags of specs) {
      for (let i = 0; i < nasty.length; i++) {
        for (const tokens of [
          [nasty[i]!],
          [nasty[i]!, nasty[(i + 1) % nasty.length]!],
          ['--metric', nasty[i]!],
        ]) {
          const error = catchError(() => parseArgv(tokens, flags, { command: 'x', usage: '' }));
          if (error !== undefined) expect(error, JSON.stringify(tokens)).toBeInstanceOf(UsageError);
        }
      }
    }
  });

  it('types each option by its kind', () => {
    const ctx = { command: 'purge', usage: '' };

    const parsed = parseArgv([], { dir: 'boolean', account: 'string' } as const, ctx);
    const inferred = parseArgv([], { tag: 'string[]' }, ctx);

    expectTypeOf(parsed.account).toEqualTypeOf<string | undefined>();
    expectTypeOf(parsed.dir).toEqualTypeOf<boolean | undefined>();
    expectTypeOf(parsed.positionals).toEqualTypeOf<string[]>();
    expectTypeOf(inferred.tag).toEqualTypeOf<string[] | undefined>();
    expectTypeOf(parsed).not.toHaveProperty('tag');
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
