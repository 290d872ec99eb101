import { describe, expect, it } from 'vitest';
import { parseHostPort, urlHost } from '../../src/util/host-port.ts';

describe('parseHostPort', () => {
  it.each([
    ['10.0.0.1', { host: '10.0.0.1' }],
    ['10.0.0.1:8080', { host: '10.0.0.1', port: 8080 }],
    ['origin.example.com', { host: 'origin.example.com' }],
    ['origin.example.com:81', { host: 'origin.example.com', port: 81 }],
    ['[2001:db8::1]:8080', { host: '2001:db8::1', port: 8080 }],
    ['[2001:db8::1]', { host: '2001:db8::1' }],
    ['2001:db8::1', { host: '2001:db8::1' }],
    ['origin.example.com:99999', { host: 'origin.example.com' }],
  ])('reads %s', (text, expected) => {
    expect(parseHostPort(text)).toEqual(expected);
  });

  it('brackets IPv6 addresses for a URL', () => {
    expect(urlHost('::1')).toBe('[::1]');
    expect(urlHost('127.0.0.1')).toBe('127.0.0.1');
  });
});
