import { SEED_VISIT_CONTROL_SAMPLE } from './seed-visit-control.ts';
import type { WangsuSandboxAccount } from './types.ts';

/**
 * The account `npm run demo` and tests use when they need a realistic Wangsu estate: web, download and VOD domains,
 * one disabled, one still deploying, and visit-control groups covering each control kind (referer white and black
 * lists, a 302 redirect, an IP allow-list, a UA deny-list). It has both credential kinds; all of them are
 * sandbox-only values, not real credentials.
 */
export const DEMO_WANGSU_ACCOUNT: WangsuSandboxAccount = {
  username: 'demo-user',
  apiKey: 'sandbox-demo-apikey-0000000000',
  accessKey: 'sandbox-demo-accesskey-000000',
  secretKey: 'sandbox-demo-secretkey-0000000000',
  // www.example.cn serves 700101 (45 days left); 700102, a wildcard renewal, waits to be switched to.
  certificates: [
    {
      certificateId: '700101',
      dnsNames: ['www.example.cn', 'example.cn'],
      expiresInDays: 45,
      domains: ['www.example.cn'],
    },
    { certificateId: '700102', dnsNames: ['*.example.cn', 'example.cn'], expiresInDays: 400 },
  ],
  domains: [
    {
      domain: 'www.example.cn',
      domainId: '100001',
      serviceType: 'web',
      originIps: '203.0.113.10;203.0.113.11',
      originHostHeader: 'www.example.cn',
      visitControlRules: SEED_VISIT_CONTROL_SAMPLE,
      cacheTimeBehaviors: [
        { 'file-type': 'html;htm;shtml', 'cache-ttl': '10m', priority: 20 },
        { 'file-type': 'php;jsp;asp;aspx', 'cache-ttl': '0', priority: 30 },
        { 'path-pattern': '.*', 'cache-ttl': '1d', 'ignore-cache-control': 'false', priority: 10 },
      ],
    },
    {
      domain: 'cdn.example.cn',
      domainId: '100002',
      serviceType: 'web-https',
      originIps: 'origin.example.cn',
      visitControlRules: [
        {
          'custom-pattern': 'all',
          'control-action': '403',
          priority: 20,
          'ua-control-rule': { 'invalid-user-agents': 'curl|Wget|python-requests|Go-http-client' },
        },
        {
          'file-type': 'js;css',
          'control-action': '403',
          priority: 10,
          'referer-control-rule': {
            'allow-null-referer': 'true',
            'invalid-domain': 'leech.example.net;mirror.example.org',
          },
        },
      ],
      cacheTimeBehaviors: [
        { 'file-type': 'js;css;woff2;svg', 'cache-ttl': '30d', 'ignore-cache-control': 'true', priority: 20 },
        { 'custom-pattern': 'all', 'cache-ttl': '1h', 'is-respect-server': 'true' },
      ],
    },
    {
      domain: 'img.example.cn',
      domainId: '100003',
      serviceType: 'web',
      originIps: '203.0.113.20',
      visitControlRules: [
        {
          'file-type': 'jpg;jpeg;png;gif;webp',
          'control-action': '302',
          'rewrite-to': 'https://www.example.cn/static/hotlink.png',
          priority: 15,
          'referer-control-rule': {
            'allow-null-referer': 'false',
            'valid-domain': 'example.cn;www.example.cn;m.example.cn',
          },
        },
      ],
      cacheTimeBehaviors: [{ 'file-type': 'jpg;jpeg;png;gif;webp', 'cache-ttl': '7d', priority: 10 }],
    },
    {
      domain: 'video.example.cn',
      domainId: '100004',
      serviceType: 'vodstream',
      enabled: false,
      originIps: 'video-origin.example.cn',
      cacheTimeBehaviors: [
        { 'file-type': 'mp4;flv', 'cache-ttl': '30d', 'ignore-letter-case': 'true' },
        { 'custom-file-type': 'm3u8', 'cache-ttl': '10s', 'reload-manage': 'if-modified-since' },
      ],
    },
    {
      domain: 'dl.example.cn',
      domainId: '100005',
      serviceType: 'download',
      originIps: 'dl-origin.example.cn',
      visitControlRules: [
        {
          directory: '/internal/',
          'control-action': '403',
          priority: 10,
          'ip-control-rule': { 'allowed-ips': '10.0.0.0/8;192.0.2.15' },
        },
      ],
      cacheTimeBehaviors: [{ directory: '/releases/', 'cache-ttl': '365d', priority: 10 }],
    },
    {
      domain: 'm.example.cn',
      domainId: '100006',
      serviceType: 'web',
      status: 'InProgress',
      originIps: 'origin.example.cn',
      originHostHeader: 'www.example.cn',
    },
  ],
};
