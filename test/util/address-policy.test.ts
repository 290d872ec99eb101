import { describe, expect, it } from 'vitest';
import { addressPolicy, classifyAddress, STRICT_ADDRESS_POLICY } from '../../src/util/address-policy.ts';

describe('classifyAddress', () => {
  it.each([
    ['0.0.0.0', 'an unspecified address'],
    ['0.1.2.3', 'an unspecified address'],
    ['::', 'an unspecified address'],
    ['127.0.0.1', 'a loopback address'],
    ['127.255.255.254', 'a loopback address'],
    ['::1', 'a loopback address'],
    ['[::1]', 'a loopback address'],
    ['10.0.0.1', 'a private address'],
    ['172.16.0.1', 'a private address'],
    ['172.31.255.255', 'a private address'],
    ['192.168.1.1', 'a private address'],
    ['fc00::1', 'a private address'],
    ['fd12:3456::1', 'a private address'],
    ['FD00::1', 'a private address'],
    ['fec0::1', 'a private address'],
    ['100.64.0.1', 'a shared (CGNAT) address'],
    ['100.127.255.255', 'a shared (CGNAT) address'],
    ['169.254.169.254', 'a link-local address'],
    ['169.254.0.1', 'a link-local address'],
    ['fe80::1', 'a link-local address'],
    ['fe80::1%eth0', 'a link-local address'],
    ['febf::1', 'a link-local address'],
    ['224.0.0.1', 'a multicast address'],
    ['239.255.255.250', 'a multicast address'],
    ['ff02::1', 'a multicast address'],
    ['255.255.255.255', 'the broadcast address'],
    ['240.0.0.1', 'a reserved address'],
    ['254.1.2.3', 'a reserved address'],
    ['198.18.0.1', 'a reserved address'],
    ['192.0.0.8', 'a reserved address'],
    ['::7f00:1', 'a reserved address'],
    ['100::1', 'a reserved address'],
    ['2001::1', 'a reserved address'],
    ['192.0.2.1', 'a documentation address'],
    ['198.51.100.7', 'a documentation address'],
    ['203.0.113.7', 'a documentation address'],
    ['2001:db8::7', 'a documentation address'],
  ])('%s is %s', (address, what) => {
    expect(classifyAddress(address)).toBe(what);
  });

  it.each([
    ['::ffff:127.0.0.1', 'a loopback address'],
    ['::ffff:7f00:1', 'a loopback address'],
    ['::ffff:10.0.0.1', 'a private address'],
    ['::ffff:169.254.169.254', 'a link-local address'],
    ['::ffff:100.64.0.1', 'a shared (CGNAT) address'],
    ['::ffff:240.0.0.1', 'a reserved address'],
    ['::ffff:0.0.0.0', 'an unspecified address'],
    // NAT64 and 6to4 carry an IPv4 address too; a gateway would turn them into it.
    ['64:ff9b::7f00:1', 'a loopback address'],
    ['64:ff9b::a9fe:a9fe', 'a link-local address'],
    ['2002:a00:1::1', 'a private address'],
  ])('sees the IPv4 address inside %s: %s', (address, what) => {
    expect(classifyAddress(address)).toBe(what);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '100.128.0.1',
    '223.255.255.255',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
    '2606:4700:4700::1111',
    '2400:cb00::1',
  ])('finds nothing internal about %s', (address) => {
    expect(classifyAddress(address)).toBeUndefined();
  });

  it('refuses what is not an IP', () => {
    expect(classifyAddress('localhost')).toBe('not an IP address');
    expect(classifyAddress('')).toBe('not an IP address');
  });
});

describe('addressPolicy', () => {
  it('refuses every internal address by default and lets public ones through', () => {
    expect(STRICT_ADDRESS_POLICY.refusal('127.0.0.1')).toBe('a loopback address');
    expect(STRICT_ADDRESS_POLICY.refusal('::ffff:192.168.0.1')).toBe('a private address');
    expect(STRICT_ADDRESS_POLICY.refusal('93.184.216.34')).toBeUndefined();
  });

  it('allows exactly the networks it is given, in both spellings of an IPv4 address', () => {
    const policy = addressPolicy(['10.20.0.0/16', 'fd00:20::/32', '127.0.0.1']);

    expect(policy.refusal('10.20.3.4')).toBeUndefined();
    expect(policy.refusal('::ffff:10.20.3.4')).toBeUndefined();
    expect(policy.refusal('10.21.0.1')).toBe('a private address');
    expect(policy.refusal('fd00:20::5')).toBeUndefined();
    expect(policy.refusal('fd00:21::5')).toBe('a private address');
    expect(policy.refusal('127.0.0.1')).toBeUndefined();
    expect(policy.refusal('127.0.0.2')).toBe('a loopback address');
    expect(policy.refusal('169.254.169.254')).toBe('a link-local address');
  });
});
