import { afterEach, describe, expect, it } from 'vitest';
import { type SandboxFixture, startSandboxFixture } from './sandbox-fixture.ts';

let fx: SandboxFixture | undefined;
afterEach(async () => {
  await fx?.sandbox.close();
  fx = undefined;
});

const QUOTA = { action: 'DescribePurgeQuota', params: {} };

describe('Tencent sandbox: 20 calls per second per action and account, sliding', () => {
  it('answers the 21st call of one action within a second with RequestLimitExceeded, and counts actions apart', async () => {
    fx = await startSandboxFixture();
    const codes: (string | undefined)[] = [];
    for (let call = 0; call < 21; call += 1) {
      codes.push((await fx.call(QUOTA)).Error?.Code);
      fx.clock.advance(40);
    }
    const other = await fx.call({ action: 'DescribePushQuota', params: {} });

    expect(codes.slice(0, 20)).toEqual(Array(20).fill(undefined));
    expect(codes[20]).toBe('RequestLimitExceeded');
    expect(other.Error).toBeUndefined();
  });

  it('slides: a place frees exactly one second after the call that held it, not at the next whole second', async () => {
    fx = await startSandboxFixture();
    fx.clock.advance(700);
    for (let call = 0; call < 20; call += 1) await fx.call(QUOTA);

    fx.clock.advance(999);
    const early = await fx.call(QUOTA);
    fx.clock.advance(1);
    const onTime = await fx.call(QUOTA);

    expect(early.Error?.Code).toBe('RequestLimitExceeded');
    expect(onTime.Error).toBeUndefined();
  });
});
