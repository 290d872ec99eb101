/**
 * `cdnops audit` on the bot's store: the page view and the JSON Lines export read what the bot recorded, from the
 * same config file, and the terminal never touches the bot's other work.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../sandbox/manual-clock.ts';
import { runCli } from '../../src/cli/run-cli.ts';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.ts';
import { AuditEntry } from '../../src/store/store.ts';
import { followedSubmission } from '../store/repository-suite.ts';

/** 2026-11-01 10:00 in Asia/Shanghai, the config's time zone. */
const NOV_1 = Date.UTC(2026, 10, 1, 2);
const DAY = 86_400_000;

function entry(at: number, index: number): AuditEntry {
  return {
    at,
    userId: 'U0OPER0001',
    channel: 'C0123456789',
    commandText: `purge https://www.example.com/${index}.js`,
    action: 'purge',
    accountId: 'tencent-prod',
    domain: 'www.example.com',
    outcome: 'submitted',
    requestId: `task-${index}`,
    detail: null,
    changeId: null,
  };
}

/** A config whose store is a SQLite file in a fresh folder, as the bot would have left it. */
async function botFolder(options: { entries?: AuditEntry[]; createStore?: boolean } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'cdnops-audit-'));
  const storePath = join(dir, 'cdnops.db');
  const configPath = join(dir, 'cdnops.yml');
  writeFileSync(
    configPath,
    [
      `store: ${storePath}`,
      'providers:',
      '  tencent-prod: { kind: tencent, secretId: id, secretKey: key }',
      'channels:',
      '  C0123456789: { role: operator }',
    ].join('\n'),
  );
  if (options.createStore !== false) {
    const store = openSqliteStore(storePath);
    for (const each of options.entries ?? []) await store.audit.append(each);
    await store.close();
  }
  return { configPath, storePath };
}

async function cli(argv: string[], configPath: string, now = NOV_1 + 60 * DAY) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const code = await runCli({
    argv: ['--config', configPath, ...argv],
    env: {},
    stdout,
    stderr,
    clock: createManualClock(now),
    color: false,
  });
  return { code, out, err };
}

const WEEKLY = Array.from({ length: 5 }, (_, index) => entry(NOV_1 + index * 7 * DAY, index));

describe('cdnops audit --json --from D [--to D]', () => {
  it('prints the entries of the period as JSON Lines, oldest first, --to a date including that whole day', async () => {
    const { configPath } = await botFolder({ entries: [...WEEKLY].reverse() });

    const { code, out, err } = await cli(
      ['audit', '--json', '--from', '2026-11-01', '--to', '2026-11-15'],
      configPath,
    );

    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines.map((line) => AuditEntry.parse(JSON.parse(line)))).toEqual(WEEKLY.slice(0, 3));
    expect(err).toContain(
      'exported 3 audit entries from 2026-11-01 00:00 to 2026-11-16 00:00 (Asia/Shanghai',
    );
  });

  it('runs to now without --to, and prints nothing for a period with no entries', async () => {
    const { configPath } = await botFolder({ entries: WEEKLY });

    const untilNow = await cli(['audit', '--json', '--from=2026-11-20'], configPath);
    const empty = await cli(['audit', '--json', '--from', '2025-01-01', '--to', '2025-12-31'], configPath);

    expect(untilNow.out.trimEnd().split('\n')).toHaveLength(2);
    expect([empty.code, empty.out]).toEqual([0, '']);
    expect(empty.err).toContain('exported 0 audit entries');
  });

  it.each([
    [['audit', '--from', '2026-11-01'], 'add --json, e.g. cdnops audit --json --from 2026-11-01'],
    [['audit', '--json', '--to', '2026-11-01'], 'Say where the export starts, with --from.'],
    [['audit', '--json', '--from', 'last-week'], '--from last-week is not a date I can read.'],
    [['audit', '--json', '--from', '2026-11-20', '--to', '2026-11-01'], '--to must be later than --from.'],
    [['audit', '--json', '--from', '2026-11-01', '--domain', 'www.example.com'], '--domain'],
  ])('refuses %j with exit 2 and says how to write it', async (argv, message) => {
    const { configPath } = await botFolder({ entries: WEEKLY });

    const { code, out, err } = await cli(argv, configPath);

    expect([code, out]).toEqual([2, '']);
    expect(err).toContain(message);
  });
});

describe('cdnops audit on the bot’s store', () => {
  it('shows what the bot recorded, not an empty log of its own', async () => {
    const { configPath } = await botFolder({ entries: WEEKLY });

    const { code, out } = await cli(['audit', '--last', '60d'], configPath);

    expect(code).toBe(0);
    expect(out).toContain('5 audit entries');
    expect(out).toContain('purge https://www.example.com/4.js');
  });

  it('says where it looked when the store does not exist, and does not create one', async () => {
    const { configPath, storePath } = await botFolder({ createStore: false });

    const { code, err } = await cli(['audit', '--json', '--from', '2026-11-01'], configPath);

    expect(code).toBe(1);
    expect(err).toContain(`no store at ${storePath}`);
    expect(existsSync(storePath)).toBe(false);
  });

  it('leaves the bot’s followed purges alone: nothing is leased or edited from the terminal', async () => {
    const { configPath, storePath } = await botFolder();
    const bot = openSqliteStore(storePath);
    await bot.follows.add(followedSubmission({ id: 'bots-purge', createdAt: NOV_1, nextPollAt: NOV_1 }));

    const { code } = await cli(['audit'], configPath);

    expect(code).toBe(0);
    expect(await bot.follows.get('bots-purge')).toMatchObject({
      state: 'following',
      leaseOwner: null,
      polls: 0,
    });
    await bot.close();
  });
});
