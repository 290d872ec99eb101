/**
 * `cdnops` from a terminal makes its egress-proxy dispatcher before it opens the store; every way out after that has
 * to close it, or its keep-alive connections to the proxy hold the process open after the answer is printed.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dispatcher } from 'undici';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createManualClock } from '../../sandbox/manual-clock.ts';
import { runCliCaught, tencentProdYaml, writeCliConfig } from '../support/cli-harness.ts';

/** undici's dispatchers say whether close() was called; its types leave that out. */
type Closable = Dispatcher & { readonly closed: boolean };

/** Every proxy dispatcher runCli made. */
const made: Closable[] = [];

vi.mock('../../src/util/egress.ts', async (importOriginal) => {
  const egress = await importOriginal<typeof import('../../src/util/egress.ts')>();
  return {
    ...egress,
    egressDispatcher: (...args: Parameters<typeof egress.egressDispatcher>) => {
      const dispatcher = egress.egressDispatcher(...args);
      if (dispatcher) made.push(dispatcher as Closable);
      return dispatcher;
    },
  };
});

afterEach(() => {
  made.length = 0;
});

describe('cdnops behind an egress proxy', () => {
  it('closes the proxy dispatcher when the bot’s store cannot be opened', async () => {
    const storePath = join(mkdtempSync(join(tmpdir(), 'cdnops-no-store-')), 'cdnops.db');
    const config = writeCliConfig({
      folderPrefix: 'cdnops-egress-cleanup-',
      // Never asked: the command stops at the store.
      providers: tencentProdYaml('http://127.0.0.1:9'),
      rest: [`store: ${storePath}`],
    });

    const { code, err } = await runCliCaught({
      argv: ['audit'],
      configPath: config.path,
      env: { HTTPS_PROXY: 'http://127.0.0.1:9' },
      clock: createManualClock(),
    });

    expect(code).toBe(1);
    expect(err).toContain(`no store at ${storePath}`);
    expect(made.map((dispatcher) => dispatcher.closed)).toEqual([true]);
  });
});
