import { describe, expect, it } from 'vitest';
import { type OriginSettings, originTarget } from '../../src/check/origin-target.ts';

function domain(overrides: Partial<OriginSettings>): OriginSettings {
  return {
    domain: 'www.example.com',
    origins: ['origin.example.com'],
    originHost: undefined,
    originProtocol: undefined,
    ...overrides,
  };
}

const HTTPS_URL = new URL('https://www.example.com/app.js');
const HTTP_URL = new URL('http://www.example.com/app.js');

describe('originTarget', () => {
  it.each([
    ['a bare host follows the URL (https)', domain({}), HTTPS_URL, 'https:'],
    ['a bare host follows the URL (http)', domain({}), HTTP_URL, 'http:'],
    ['port 443 is HTTPS whatever the URL', domain({ origins: ['10.0.0.1:443'] }), HTTP_URL, 'https:'],
    ['any other port is HTTP whatever the URL', domain({ origins: ['10.0.0.1:8443'] }), HTTPS_URL, 'http:'],
    [
      "the provider's pull protocol wins over the port",
      domain({ origins: ['10.0.0.1:8443'], originProtocol: 'https' }),
      HTTP_URL,
      'https:',
    ],
    ['http pull protocol for an https URL', domain({ originProtocol: 'http' }), HTTPS_URL, 'http:'],
    [
      'follow uses the URL even with a port',
      domain({ origins: ['origin.example.com:8080'], originProtocol: 'follow' }),
      HTTPS_URL,
      'https:',
    ],
  ])('%s', (_case, settings, url, protocol) => {
    expect(originTarget(settings, url)?.protocol).toBe(protocol);
  });

  it('sends the origin Host header, else the domain itself', () => {
    expect(originTarget(domain({ originHost: 'src.example.com' }), HTTPS_URL)?.hostHeader).toBe(
      'src.example.com',
    );
    expect(originTarget(domain({ originHost: '' }), HTTPS_URL)?.hostHeader).toBe('www.example.com');
  });

  it('uses the first origin, without the weight Tencent allows on IP origins', () => {
    expect(originTarget(domain({ origins: [' ', '10.0.0.1:8080:10', '10.0.0.2'] }), HTTPS_URL)).toEqual({
      address: '10.0.0.1:8080',
      hostHeader: 'www.example.com',
      protocol: 'http:',
    });
    expect(originTarget(domain({ origins: ['2001:db8::1'] }), HTTPS_URL)?.address).toBe('2001:db8::1');
  });

  it('has nothing to compare with when no origin is configured', () => {
    expect(originTarget(domain({ origins: [] }), HTTPS_URL)).toBeUndefined();
  });
});
