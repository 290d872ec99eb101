import { describe, expect, it } from 'vitest';
import { readDomainsOption } from '../../src/dispatch/read-domains-option.ts';
import { UsageError } from '../../src/errors.ts';

const WATCH_ADD = { subcommand: 'watch add', purpose: 'which domains the rule watches' };
const HINT =
  'Write --domains all, or the domains separated by commas: --domains www.example.com,static.example.com.';

function refusal(typed: readonly string[] | undefined): { message: string; hint: string | undefined } {
  try {
    readDomainsOption(typed, WATCH_ADD);
  } catch (error) {
    if (error instanceof UsageError) return { message: error.message, hint: error.hint };
    throw error;
  }
  throw new Error(`--domains ${typed?.join(',')} was taken`);
}

describe('readDomainsOption', () => {
  it.each([
    ['no --domains', undefined, '`watch add` needs --domains: which domains the rule watches.'],
    ['an empty list', [], '`watch add` needs --domains: which domains the rule watches.'],
    [
      'all beside a domain',
      ['all', 'www.example.com'],
      '--domains is either `all` or a list of domains, not both.',
    ],
    [
      'ALL beside a domain',
      ['www.example.com', 'ALL'],
      '--domains is either `all` or a list of domains, not both.',
    ],
    [
      'a word that is not a domain',
      ['www.example.com', 'not a domain'],
      '--domains: `not a domain` is not a domain name.',
    ],
    ['a URL', ['https://www.example.com/'], '--domains: `https://www.example.com/` is not a domain name.'],
    ['markup in the word', ['<!channel>'], '--domains: `&lt;!channel&gt;` is not a domain name.'],
  ])('refuses %s and says how to write the option', (_case, typed, message) => {
    expect(refusal(typed)).toEqual({ message, hint: HINT });
  });

  it('names the subcommand it was given when the option is missing', () => {
    expect(() =>
      readDomainsOption(undefined, { subcommand: 'digest add', purpose: 'which domains the digest covers' }),
    ).toThrow('`digest add` needs --domains: which domains the digest covers.');
  });

  it('takes all in any case', () => {
    expect(readDomainsOption(['All'], WATCH_ADD)).toBe('all');
  });

  it('keeps each domain once, in the order typed, in the form providers list them', () => {
    expect(
      readDomainsOption(
        ['Static.Example.com', 'www.example.com', 'static.example.com', '中文.example.com'],
        WATCH_ADD,
      ),
    ).toEqual(['static.example.com', 'www.example.com', 'xn--fiq228c.example.com']);
  });
});
