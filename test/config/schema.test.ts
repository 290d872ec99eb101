import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Role } from '../../src/auth/roles.ts';
import type { Env } from '../../src/config/env.ts';
import { type ApprovalAction, Config, type DigestMetric } from '../../src/config/schema.ts';

describe('Config', () => {
  it('gives durations in milliseconds and every default filled in', () => {
    expectTypeOf<Config['approvals']['expiresAfter']>().toEqualTypeOf<number>();
    expectTypeOf<Config['follow']>().toEqualTypeOf<{
      pollInitial: number;
      pollMax: number;
      giveUpAfter: number;
    }>();
    expectTypeOf<Config['approvals']['actions']>().toEqualTypeOf<ApprovalAction[]>();
    expectTypeOf<Config['digests'][number]['metrics']>().toEqualTypeOf<DigestMetric[]>();
    expectTypeOf<Config['digests'][number]['domains']>().toEqualTypeOf<'all' | string[]>();
    expectTypeOf<Config['users']>().toEqualTypeOf<Record<string, Role>>();
  });

  it('lowers and trims digest domains', () => {
    const config = Config.parse({
      providers: { a: { kind: 'tencent', secretId: 'id', secretKey: 'key' } },
      channels: { C0123456789: { role: 'viewer' } },
      digests: [
        { name: 'daily', channel: 'C0123456789', schedule: '0 9 * * *', domains: [' WWW.Example.com '] },
      ],
    });

    expect(config.digests[0]?.domains).toEqual(['www.example.com']);
  });
});

describe('Env', () => {
  it('types the port as a number and the Socket Mode token as optional', () => {
    expectTypeOf<Env['PORT']>().toEqualTypeOf<number>();
    expectTypeOf<Env['SLACK_APP_TOKEN']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Env['LOG_LEVEL']>().toEqualTypeOf<'debug' | 'info' | 'warn' | 'error' | 'silent'>();
  });
});
