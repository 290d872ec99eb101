import { describe, expect, it } from 'vitest';
import { formatOrigin, originSetting, parseOrigin } from '../../src/changes/parse-origins.ts';

describe('parseOrigin', () => {
  it.each([
    ['203.0.113.10', '203.0.113.10'],
    ['203.0.113.10:8080', '203.0.113.10:8080'],
    ['2001:DB8::10', '2001:db8::10'],
    ['[2001:db8::10]:8080', '[2001:db8::10]:8080'],
    ['[2001:db8::10]', '2001:db8::10'],
    ['Origin.Example.com', 'origin.example.com'],
    ['origin.example.com:8443', 'origin.example.com:8443'],
    ['源站.example.com', 'xn--b9w05x.example.com'],
  ])('reads %s as %s', (typed, written) => {
    expect(formatOrigin(parseOrigin(typed))).toBe(written);
  });

  it.each([
    ['https://origin.example.com', 'is a URL'],
    ['origin.example.com/path', 'no paths'],
    ['203.0.113.256', 'not a valid IPv4 address'],
    ['203.0.113.10:0', 'port must be a number from 1 to 65535'],
    ['[203.0.113.10]:80', 'not an IPv6 address'],
    ['localhost', 'neither an IP address nor a domain name'],
    ['origin_example.com', 'neither an IP address nor a domain name'],
  ])('refuses %s, saying how to write it', (typed, message) => {
    expect(() => parseOrigin(typed)).toThrow(message);
  });
});

describe('originSetting', () => {
  it('keeps the primaries absent when only options are given, and refuses an origin that is also a backup', () => {
    expect(originSetting([], ['203.0.113.20'], 'https')).toEqual({
      backup: ['203.0.113.20'],
      protocol: 'https',
    });
    expect(() => originSetting(['203.0.113.20'], ['203.0.113.20'], undefined)).toThrow(
      'both an origin and a backup origin',
    );
    expect(() => originSetting(['203.0.113.20', '203.0.113.20'], undefined, undefined)).toThrow(
      'given twice',
    );
  });
});
