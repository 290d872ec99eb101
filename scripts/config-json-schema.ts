/**
 * `npm run schema`: writes cdnops.schema.json, the JSON Schema of the config file, from the zod schema cdnops itself
 * validates with (src/config/schema.ts), so editors that read the `yaml-language-server` line at the top of a
 * config complete its keys and flag mistakes while it is typed. test/config/config-json-schema.test.ts fails when
 * the committed file is not what this writes.
 *
 * What JSON Schema cannot say is left to cdnops's start-up check, which stays the authority:
 * - transforms, pipes and prefaults are described by their input (io: 'input'): a duration is the text `1h`, a
 *   domain the text typed, and a key with a default is optional, its default shown;
 * - refinements (cron schedules, time zones, store URLs, CIDRs, DNS resolver addresses, pollMax ≥ pollInitial,
 *   retention of at least a day) and cross-references (a channel's accounts exist, digest channels are listed,
 *   digest names are unique) are not expressed: the schema is looser there, never stricter;
 * - `${NAME}` references are replaced before validation, so wherever a value has a pattern, a format or a fixed
 *   list of values, a reference is accepted too (keys are never interpolated and keep their patterns).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { Config } from '../src/config/schema.ts';

export const SCHEMA_FILE = fileURLToPath(new URL('../cdnops.schema.json', import.meta.url));

/** The same form interpolate-env.ts replaces: `${` a variable name `}`, anywhere in the value. */
const ENV_REFERENCE = {
  type: 'string',
  pattern: '\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}',
  description: `An environment variable, \${NAME}, replaced when cdnops starts.`,
} as const;

type JsonObject = Record<string, unknown>;

export function configJsonSchema(): JsonObject {
  const generated = z.toJSONSchema(Config, { io: 'input', target: 'draft-2020-12' }) as JsonObject;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $comment: 'Generated from src/config/schema.ts by `npm run schema`; edit that file, not this one.',
    title: 'cdnops configuration',
    description:
      'The cdnops config file (cdnops.yml). cdnops checks more at start-up than this schema can say: cron schedules, time zones, store URLs, networks, and that the channels and accounts named exist.',
    ...(acceptEnvReferences(rest) as JsonObject),
    $defs: { envReference: ENV_REFERENCE },
  };
}

function acceptEnvReferences(node: unknown, key?: string): unknown {
  if (Array.isArray(node)) return node.map((item) => acceptEnvReferences(item));
  if (typeof node !== 'object' || node === null) return node;
  const schema = node as JsonObject;
  const walked = Object.fromEntries(
    Object.entries(schema).map(([name, value]) => [
      name,
      // Keys are never interpolated: a key's pattern stays as it is.
      name === 'propertyNames' ? value : acceptEnvReferences(value, name),
    ]),
  );
  const constrained =
    walked.type === 'string' && ('pattern' in walked || 'format' in walked || 'enum' in walked);
  if (!constrained || key === 'propertyNames') return walked;
  const { default: fallback, description, ...value } = walked;
  return {
    ...(description === undefined ? {} : { description }),
    ...(fallback === undefined ? {} : { default: fallback }),
    anyOf: [value, { $ref: '#/$defs/envReference' }],
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_FILE, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
  // Laid out as `npm run lint` wants it; the test compares the parsed JSON, so layout alone never fails it.
  execFileSync('npx', ['biome', 'format', '--write', SCHEMA_FILE], { stdio: 'inherit' });
  console.log(`wrote ${SCHEMA_FILE}`);
}
