import type { SandboxAccount } from './types.ts';

/**
 * The account `npm run demo` and tests use when they need a realistic estate: a mix of service types, origin
 * kinds and areas, one domain offline, one still deploying. The key is a sandbox-only value, not a real credential.
 */
export const DEMO_TENCENT_ACCOUNT: SandboxAccount = {
  secretId: 'AKIDsandboxdemo000000000000000000000',
  secretKey: 'sandboxdemosecretkey000000000000',
  appId: 1250000000,
  // www.example.com's certificate expires in 9 days (digests and the App Home call it out); Rn3vW8xZ renews it.
  certificates: [
    { certId: 'Ka9Ltq2P', certName: 'www.example.com-2025', domains: ['www.example.com'], expiresInDays: 9 },
    { certId: 'Rn3vW8xZ', certName: 'example.com-wildcard', domains: ['*.example.com', 'example.com'] },
    { certId: 'Hq4mZ7cY', certName: 'img.example.com', domains: ['img.example.com'], expiresInDays: 60 },
  ],
  domains: [
    {
      domain: 'www.example.com',
      resourceId: 'cdn-3x8kq1zm',
      serviceType: 'web',
      origins: ['origin.example.com'],
      originType: 'domain',
      serverName: 'www.example.com',
      fullUrlCache: false,
      https: { certId: 'Ka9Ltq2P' },
      ipFilter: { Switch: 'on', FilterType: 'blacklist', Filters: ['192.0.2.1'], FilterRules: [] },
      cacheRules: [
        { CacheType: 'all', CacheContents: ['*'], CacheTime: 2_592_000 },
        { CacheType: 'file', CacheContents: ['php', 'jsp', 'asp', 'aspx'], CacheTime: 0 },
        { CacheType: 'index', CacheContents: ['/'], CacheTime: 600 },
      ],
    },
    {
      domain: 'static.example.com',
      resourceId: 'cdn-7f2pd9wa',
      serviceType: 'web',
      area: 'global',
      origins: ['static-1250000000.cos.ap-guangzhou.myqcloud.com'],
      originType: 'cos',
      serverName: 'static-1250000000.cos.ap-guangzhou.myqcloud.com',
      cacheRules: [
        { CacheType: 'file', CacheContents: ['js', 'css', 'woff2', 'svg'], CacheTime: 31_536_000 },
      ],
    },
    {
      domain: 'img.example.com',
      resourceId: 'cdn-k4m2c8tr',
      serviceType: 'web',
      origins: ['203.0.113.20:80', '203.0.113.21:80'],
      originType: 'ip',
      serverName: 'img.example.com',
      https: { certId: 'Hq4mZ7cY' },
      cacheRules: [
        { CacheType: 'file', CacheContents: ['jpg', 'jpeg', 'png', 'webp', 'gif'], CacheTime: 604_800 },
      ],
      referer: {
        Switch: 'on',
        RefererRules: [
          {
            RuleType: 'all',
            RulePaths: ['*'],
            RefererType: 'whitelist',
            Referers: ['*.example.com', 'example.com'],
            AllowEmpty: true,
          },
        ],
      },
    },
    {
      domain: 'video.example.com',
      resourceId: 'cdn-q9v5n3hb',
      serviceType: 'media',
      origins: ['video-origin.example.com'],
      originType: 'domain',
      serverName: 'video.example.com',
      cacheRules: [
        { CacheType: 'file', CacheContents: ['mp4', 'ts'], CacheTime: 2_592_000 },
        { CacheType: 'file', CacheContents: ['m3u8'], CacheTime: 10 },
      ],
    },
    {
      domain: 'api.example.com',
      resourceId: 'cdn-a1r6y0ue',
      status: 'offline',
      serviceType: 'dynamic',
      origins: ['10.0.0.8:8080'],
      originType: 'ip',
      serverName: 'api.example.com',
      cacheRules: [{ CacheType: 'all', CacheContents: ['*'], CacheTime: 0 }],
    },
    {
      domain: 'download.example.com',
      resourceId: 'cdn-d5s8e2lg',
      serviceType: 'download',
      origins: ['download-1250000000.cos.ap-shanghai.myqcloud.com'],
      originType: 'cos',
      serverName: 'download-1250000000.cos.ap-shanghai.myqcloud.com',
      cacheRules: [{ CacheType: 'directory', CacheContents: ['/releases'], CacheTime: 31_536_000 }],
    },
    {
      domain: 'm.example.com',
      resourceId: 'cdn-m0b7x4fk',
      status: 'processing',
      serviceType: 'web',
      origins: ['origin.example.com'],
      originType: 'domain',
      serverName: 'm.example.com',
    },
    {
      domain: 'global.example.net',
      resourceId: 'cdn-g6h1j9op',
      serviceType: 'web',
      area: 'overseas',
      projectId: 1000123,
      origins: ['origin-sg.example.net'],
      originType: 'domain',
      serverName: 'global.example.net',
    },
    {
      // Chinese paths (e.g. /文档/指南.html) live here: purge them with UrlEncode, or encode them yourself.
      domain: 'docs.example.com',
      resourceId: 'cdn-w2c3u7si',
      serviceType: 'web',
      origins: ['docs-1250000000.cos.ap-beijing.myqcloud.com'],
      originType: 'cos',
      serverName: 'docs-1250000000.cos.ap-beijing.myqcloud.com',
    },
  ],
};
