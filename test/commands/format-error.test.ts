import { describe, expect, it } from 'vitest';
import { formatError, STORE_UNAVAILABLE } from '../../src/dispatch/format-error.ts';
import { StoreUnavailableError } from '../../src/errors.ts';
import { createLogger } from '../../src/logger.ts';
import { storeErrorFrom } from '../../src/store/postgres/guarded-pool.ts';

const PASSWORD = 's3cret-store-pw';

function capture() {
  const lines: string[] = [];
  return { lines, logger: createLogger({ level: 'debug', secrets: [], write: (line) => lines.push(line) }) };
}

/** What pg raises when the server is down, with the URL (and its password) in a property, as a driver might. */
function refused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
    code: 'ECONNREFUSED',
    address: '127.0.0.1',
    port: 5432,
    connectionString: `postgres://cdnops:${PASSWORD}@127.0.0.1:5432/cdnops`,
  });
}

describe('formatError: the store cannot be reached', () => {
  it('says so in plain words, ephemerally, with no stack, connection string or password', () => {
    const { logger } = capture();
    const error = storeErrorFrom(refused(), [PASSWORD]);

    const reply = formatError(error, logger);

    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(reply.visibility).toBe('ephemeral');
    expect(reply.text).toBe(STORE_UNAVAILABLE);
    expect(reply.text).toContain('The cdnops store (its database) cannot be reached right now');
    expect(reply.text).toContain('Try again in a minute');
    const shown = JSON.stringify(reply);
    for (const leak of [PASSWORD, 'postgres://', '5432', 'ECONNREFUSED', '    at ']) {
      expect(shown).not.toContain(leak);
    }
    expect(shown).not.toContain('Something went wrong inside cdnops');
  });

  it('logs it once, at warn, with the cause and without the password', () => {
    const { lines, logger } = capture();
    const error = storeErrorFrom(
      Object.assign(new Error(`password ${PASSWORD} in a message, for once`), { code: '57P01' }),
      [PASSWORD],
    );

    formatError(error, logger);

    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'warn', msg: 'store unavailable; the action was refused' });
    expect(line.reason).toBe('57P01: password *** in a message, for once');
    expect(lines[0]).not.toContain(PASSWORD);
  });
});

describe('storeErrorFrom: which failures mean "the store cannot be reached"', () => {
  it.each([
    ['connection refused', refused()],
    ['connection reset', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['the server shutting down', Object.assign(new Error('terminating connection'), { code: '57P01' })],
    [
      'the server starting up',
      Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
    ],
    ['a connection exception', Object.assign(new Error('connection failure'), { code: '08006' })],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    ['no connection in time', new Error('timeout exceeded when trying to connect')],
    ['a statement with no answer in time', new Error('Query read timeout')],
    [
      'every address refused',
      Object.assign(new AggregateError([refused(), refused()], ''), { code: 'ECONNREFUSED' }),
    ],
  ])('%s', (_case, error) => {
    expect(storeErrorFrom(error)).toBeInstanceOf(StoreUnavailableError);
  });

  it.each([
    ['a unique violation', Object.assign(new Error('duplicate key value'), { code: '23505' })],
    ['a syntax error', Object.assign(new Error('syntax error at or near "SELEC"'), { code: '42601' })],
    ['a bug', new TypeError('cannot read properties of undefined')],
  ])('not %s: that one passes through as it was', (_case, error) => {
    expect(storeErrorFrom(error)).toBe(error);
  });
});
