/**
 * cdnops.schema.json is what editors check a config against while it is typed. No JSON Schema validator is among
 * the project's dependencies, so the example is validated by the zod schema the JSON schema is generated from
 * (load-config.test.ts loads it whole), and this file checks that the published schema is that schema's current
 * output and has the shape editors rely on.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configJsonSchema, SCHEMA_FILE } from '../../scripts/config-json-schema.ts';
import { Config } from '../../src/config/schema.ts';
import { PROVIDER_KINDS } from '../../src/providers/registry.ts';

const EXAMPLE = new URL('../../cdnops.example.yml', import.meta.url);

type Schema = Record<string, unknown>;

const committed = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Schema;
const properties = committed.properties as Record<string, Schema>;
const accountForms = (properties.providers!.additionalProperties as { oneOf: Schema[] }).oneOf;

/** Every subschema, with where it sits, for checks that must hold everywhere. */
function* subschemas(node: unknown, path = '#'): Generator<[string, Schema]> {
  if (Array.isArray(node)) {
    for (const [index, item] of node.entries()) yield* subschemas(item, `${path}/${index}`);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  yield [path, node as Schema];
  for (const [key, value] of Object.entries(node)) yield* subschemas(value, `${path}/${key}`);
}

describe('cdnops.schema.json', () => {
  it('is what `npm run schema` generates from src/config/schema.ts today', () => {
    expect(
      committed,
      'cdnops.schema.json is out of date with src/config/schema.ts: run `npm run schema` and commit the result',
    ).toEqual(configJsonSchema());
  });

  it('is named by the first line of cdnops.example.yml, so editors pick it up', () => {
    const [firstLine] = readFileSync(EXAMPLE, 'utf8').split('\n');

    expect(firstLine).toBe('# yaml-language-server: $schema=./cdnops.schema.json');
  });

  it('knows every top-level key cdnops knows, refuses others, and requires what cdnops requires', () => {
    expect(Object.keys(properties).sort()).toEqual(Object.keys(Config.shape).sort());
    expect(committed.additionalProperties).toBe(false);
    expect(committed.required).toEqual(['providers', 'channels']);
  });

  it('refuses unknown keys in every mapping with fixed keys, as cdnops does', () => {
    const open = [...subschemas(committed)].filter(
      ([, schema]) =>
        schema.type === 'object' && 'properties' in schema && schema.additionalProperties !== false,
    );

    expect(open.map(([path]) => path)).toEqual([]);
  });

  it('offers one account form per provider kind, told apart by kind', () => {
    const kinds = accountForms.map((form) => (form.properties as Record<string, Schema>).kind?.const);

    expect(kinds).toEqual([...PROVIDER_KINDS]);
  });

  it('covers every key the example uses', () => {
    const example = parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown>;
    const accountKeys = accountForms.flatMap((form) => Object.keys(form.properties as Schema));

    expect(Object.keys(example).filter((key) => !(key in properties))).toEqual([]);
    for (const account of Object.values(example.providers as Record<string, Schema>)) {
      expect(Object.keys(account).filter((key) => !accountKeys.includes(key))).toEqual([]);
    }
  });

  it('shows the defaults cdnops applies: a config of the defaults it lists loads as the bare minimum does', () => {
    const minimal = {
      providers: { 'tencent-prod': { kind: 'tencent', secretId: 'id', secretKey: 'key' } },
      channels: { C0123456789: { role: 'operator' } },
    };
    const defaults = Object.fromEntries(
      Object.entries(properties).flatMap(([key, schema]) =>
        'default' in schema ? [[key, schema.default]] : [],
      ),
    );

    expect(Config.parse({ ...defaults, ...minimal })).toEqual(Config.parse(minimal));
    expect(Object.keys(defaults)).toContain('retention');
  });

  it('checks durations in the form cdnops reads them, and accepts an environment reference where a value has a fixed form', () => {
    const expiresAfter = (properties.approvals!.properties as Record<string, Schema>).expiresAfter as {
      anyOf: Schema[];
    };
    const [duration] = expiresAfter.anyOf;
    const pattern = new RegExp(String(duration?.pattern));
    const reference = new RegExp(String((committed.$defs as Record<string, Schema>).envReference?.pattern));

    expect(['90s', '30m', '1h', '7d', '2w'].filter((text) => !pattern.test(text))).toEqual([]);
    expect(['1 hour', '1H', '1.5h', 'h'].filter((text) => pattern.test(text))).toEqual([]);
    expect(expiresAfter.anyOf[1]).toEqual({ $ref: '#/$defs/envReference' });
    expect(reference.test(`\${APPROVAL_EXPIRY}`)).toBe(true);
  });
});
