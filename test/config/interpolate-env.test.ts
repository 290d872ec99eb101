import { describe, expect, it } from 'vitest';
import { interpolateEnv } from '../../src/config/interpolate-env.ts';

describe('interpolateEnv', () => {
  it('replaces references anywhere in string values, in nested objects and lists', () => {
    const tree = {
      providers: { a: { secretKey: `\${KEY}`, endpoint: `https://\${HOST}:8443/` } },
      list: [`\${HOST}`, 3, true, null],
    };

    const result = interpolateEnv(tree, { KEY: 'k-value', HOST: 'cdn.local' });

    expect(result).toEqual({
      value: {
        providers: { a: { secretKey: 'k-value', endpoint: 'https://cdn.local:8443/' } },
        list: ['cdn.local', 3, true, null],
      },
      problems: [],
    });
  });

  it('inserts a value as plain text, so it cannot add YAML structure', () => {
    const result = interpolateEnv({ a: `\${V}` }, { V: 'x\nchannels: {C1: {role: admin}}' });

    expect(result.value).toEqual({ a: 'x\nchannels: {C1: {role: admin}}' });
  });

  it(`reads $\${ as a literal \${ without looking the name up`, () => {
    const result = interpolateEnv({ a: `cost $\${PRICE} and \${V}` }, { V: 'v' });

    expect(result).toEqual({ value: { a: `cost \${PRICE} and v` }, problems: [] });
  });

  it('leaves keys alone', () => {
    const key = `\${K}`;

    expect(interpolateEnv({ [key]: 'x' }, { K: 'k' }).value).toEqual({ [key]: 'x' });
  });

  const BAD_NAME = `\${...} must name an environment variable (letters, digits and _); write $\${ for a literal \${`;

  it.each([
    [`\${MISSING}`, {}, 'environment variable MISSING is not set'],
    [`\${BLANK}`, { BLANK: '  ' }, 'environment variable BLANK is empty'],
    [`\${lower-case}`, {}, BAD_NAME],
    [`\${}`, {}, BAD_NAME],
    [`abc\${OPEN`, {}, `unterminated \${ (no closing }); write $\${ for a literal \${`],
  ])('reports %j at its key path and keeps the text as written', (text, env, message) => {
    const result = interpolateEnv({ digests: [{ name: text }] }, env);

    expect(result).toEqual({
      value: { digests: [{ name: text }] },
      problems: [{ path: ['digests', 0, 'name'], message }],
    });
  });

  it('reports every missing variable, one problem each', () => {
    const result = interpolateEnv({ a: `\${ONE}-\${TWO}`, b: { c: `\${ONE}` } }, {});

    expect(result.problems).toEqual([
      { path: ['a'], message: 'environment variable ONE is not set' },
      { path: ['a'], message: 'environment variable TWO is not set' },
      { path: ['b', 'c'], message: 'environment variable ONE is not set' },
    ]);
  });
});
