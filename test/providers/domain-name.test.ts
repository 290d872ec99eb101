import { describe, expect, it } from 'vitest';
import {
  asciiDomain,
  describeDomain,
  describeUrl,
  requireDomainName,
  sameDomain,
  unicodeDomain,
} from '../../src/providers/domain-name.ts';

describe('domain names', () => {
  it.each([
    ['中文.example.com', 'xn--fiq228c.example.com'],
    ['XN--FIQ228C.Example.COM', 'xn--fiq228c.example.com'],
    [' www.example.com ', 'www.example.com'],
    ['*.例子.com', '*.xn--fsqu00a.com'],
    ['中文。example。com', 'xn--fiq228c.example.com'],
    ['cdn-abc12345', 'cdn-abc12345'],
    // Ids and addresses are left alone, not read as IPv4 numbers.
    ['100001', '100001'],
    ['10.0.0.1', '10.0.0.1'],
  ])('writes %s in ASCII as %s', (typed, ascii) => {
    expect(asciiDomain(typed)).toBe(ascii);
  });

  it.each([
    'xn--a.example.com',
    '\u0301中文.example.com',
    'a b.example.com',
    '中文/x.com',
    'www.example.com:80',
    '',
  ])('finds no ASCII form for %j', (typed) => {
    expect(asciiDomain(typed)).toBe('');
    expect(() => requireDomainName(typed)).toThrow('is not a valid domain name');
  });

  it('compares either spelling and names a domain as typed, with the other form beside it', () => {
    expect(sameDomain('中文.example.com', 'XN--FIQ228C.example.com')).toBe(true);
    expect(sameDomain('xn--a.example.com', 'xn--a.example.com')).toBe(false);
    expect(unicodeDomain('xn--fiq228c.example.com')).toBe('中文.example.com');
    expect(describeDomain('中文.example.com')).toBe('中文.example.com (xn--fiq228c.example.com)');
    expect(describeDomain('xn--fiq228c.example.com')).toBe('xn--fiq228c.example.com (中文.example.com)');
    expect(describeDomain('WWW.example.com', 'www.example.com')).toBe('www.example.com');
    expect(describeUrl('https://xn--fiq228c.example.com/首页.html')).toBe(
      'https://中文.example.com/首页.html (xn--fiq228c.example.com)',
    );
    expect(describeUrl('https://www.example.com/a.js')).toBe('https://www.example.com/a.js');
  });
});
