/**
 * Domain names as cdnops compares, stores and sends them: ASCII, lower case, international labels in punycode
 * (`中文.example.com` → `xn--fiq228c.example.com`), which is how Tencent Cloud and Wangsu list a domain. People
 * may type either form; replies name a domain the way it was typed, with the other form beside it when that helps.
 * Built on the WHATWG host parser (`node:url`), so a URL's host and a typed domain always agree.
 */
import { domainToASCII, domainToUnicode } from 'node:url';
import { UsageError } from '../errors.ts';

/** Characters that end a host in a URL: a "domain" holding one would be cut short by the parser, not refused. */
const NOT_IN_A_DOMAIN = /[/\\?#:@%\s]/;

/** A last label the WHATWG parser reads as a number (`100001`, `10.0.0.1`): an address or an id, not a name. */
const NUMERIC_END = /(?:^|\.)(?:\d+|0x[0-9a-f]*)\.?$/i;

/**
 * The ASCII form of a domain name, lower case with international labels in punycode (a leading `*.` is kept), or
 * `''` when it is not a domain name: invalid punycode (`xn--a.example.com`), characters IDNA refuses, spaces.
 * Names ending in a number (ids, IPv4 addresses) come back lower-cased as they are.
 */
export function asciiDomain(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '' || NOT_IN_A_DOMAIN.test(trimmed)) return '';
  if (NUMERIC_END.test(trimmed)) return trimmed.toLowerCase();
  return domainToASCII(trimmed);
}

/** The Unicode form of a domain name for people to read (`xn--fiq228c.example.com` → `中文.example.com`). */
export function unicodeDomain(name: string): string {
  const ascii = asciiDomain(name);
  return ascii ? domainToUnicode(ascii) || ascii : name;
}

/** True when two spellings name the same domain (`中文.example.com`, `XN--FIQ228C.example.com`). */
export function sameDomain(a: string, b: string): boolean {
  const left = asciiDomain(a);
  return left !== '' && left === asciiDomain(b);
}

/**
 * How a reply names a domain: as it was typed, with the form the provider lists in parentheses when the two
 * differ (`中文.example.com (xn--fiq228c.example.com)`); typed as listed, the listed form, with its Unicode form
 * beside punycode (`xn--fiq228c.example.com (中文.example.com)`).
 */
export function describeDomain(typed: string, listed: string = asciiDomain(typed) || typed): string {
  const shown = typed.trim();
  if (shown.toLowerCase() !== listed.toLowerCase()) return `${shown} (${listed})`;
  const unicode = unicodeDomain(listed);
  return unicode !== listed ? `${listed} (${unicode})` : listed;
}

/** A domain name a person typed, in its ASCII form; a UsageError, before any provider is asked, when it is not one. */
export function requireDomainName(typed: string, hint?: string): string {
  const ascii = asciiDomain(typed);
  if (ascii !== '') return ascii;
  throw new UsageError(
    `\`${typed.trim()}\` is not a valid domain name${looksInternational(typed) ? ': it cannot be written in punycode (IDNA)' : ''}.`,
    hint ??
      'Write a domain like `www.example.com`; international names work in either form, `中文.example.com` or `xn--fiq228c.example.com`.',
  );
}

/** Typed with non-ASCII characters or an `xn--` label: a name meant to be international. */
export function looksInternational(name: string): boolean {
  return /\P{ASCII}|(?:^|\.)xn--/iu.test(name);
}

/**
 * A URL for people to read: a punycode host shown in Unicode with the listed form beside it
 * (`https://中文.example.com/首页.html (xn--fiq228c.example.com)`); any other URL as it is.
 */
export function describeUrl(url: string): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?)([^:/?#]+)(.*)$/is.exec(url);
  if (!match) return url;
  const [, start, host, rest] = match as unknown as [string, string, string, string];
  const unicode = unicodeDomain(host);
  if (unicode === host.toLowerCase()) return url;
  return `${start}${unicode}${rest} (${host})`;
}
