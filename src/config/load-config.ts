import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { redact } from '../logger.ts';
import { Env } from './env.ts';
import { formatProblems, type Problem, problemsFromZod, settingsErrorMap } from './format-problems.ts';
import { interpolateEnv } from './interpolate-env.ts';
import { readCaFile } from './read-ca-file.ts';
import { Config } from './schema.ts';
import { collectSecrets, isSecretField } from './secret-fields.ts';
import { storeSecrets } from './store-url.ts';

export interface LoadSettingsInput {
  /** Usually `process.env`. */
  env: Readonly<Record<string, string | undefined>>;
  /** Reads the config file as UTF-8; throws like `fs.readFileSync` (with `code: 'ENOENT'`) when it cannot. */
  readFile?: (path: string) => string;
}

export type LoadSettingsResult =
  | {
      ok: true;
      config: Config;
      env: Env;
      /** Every secret value from env and config, longest first, for the logger to redact. */
      secrets: string[];
    }
  | {
      ok: false;
      /** One line per problem, `key.path: what is wrong`; never a stack trace, never a secret. */
      problems: string[];
    };

type ReadResult<T> = { ok: true; value: T } | { ok: false; problem: string };

/**
 * Reads the environment, then the YAML file named by CDNOPS_CONFIG, replaces `${NAME}` references, and validates
 * both. Everything wrong is reported in one go, so an operator fixes the deployment in one round.
 */
export function loadSettings(input: LoadSettingsInput): LoadSettingsResult {
  const envResult = Env.safeParse(input.env, { error: settingsErrorMap });
  const problems = envResult.success ? [] : formatProblems(problemsFromZod(envResult.error), 'environment');
  const configPath = envResult.success
    ? envResult.data.CDNOPS_CONFIG
    : Env.shape.CDNOPS_CONFIG.parse(input.env.CDNOPS_CONFIG);
  const envSecrets = secretsFromEnv(input.env);

  const loaded = loadConfig({ path: configPath, env: input.env, readFile: input.readFile });
  if (!envResult.success || !loaded.ok) {
    return {
      ok: false,
      problems: redactAll([...problems, ...(loaded.ok ? [] : loaded.problems)], envSecrets),
    };
  }
  return {
    ok: true,
    config: loaded.config,
    env: envResult.data,
    secrets: longestFirst([...secretsFromEnv(envResult.data), ...loaded.secrets]),
  };
}

export type LoadConfigResult =
  | { ok: true; config: Config; secrets: string[] }
  | { ok: false; problems: string[] };

/**
 * The config file alone: read, interpolate `${NAME}`, validate. The command-line twin uses this directly, since it
 * needs no Slack settings.
 */
export function loadConfig(input: {
  path: string;
  env: Readonly<Record<string, string | undefined>>;
  readFile?: ((path: string) => string) | undefined;
}): LoadConfigResult {
  const document = readConfigDocument(input.path, input.readFile ?? readUtf8);
  if (!document.ok) return { ok: false, problems: [document.problem] };

  const interpolated = interpolateEnv(document.value, input.env);
  const configResult = Config.safeParse(interpolated.value, { error: settingsErrorMap });
  // A value whose variable is missing still holds its `${NAME}` text; the missing variable is the one problem there.
  const schemaProblems = configResult.success
    ? []
    : problemsFromZod(configResult.error).filter(
        (problem) => !interpolated.problems.some((missing) => isWithin(problem.path, missing.path)),
      );
  const fileProblems = configResult.success ? referencedFileProblems(configResult.data, input.readFile) : [];
  const problems = formatProblems([...interpolated.problems, ...schemaProblems, ...fileProblems], input.path);
  if (!configResult.success || problems.length > 0) {
    return { ok: false, problems: redactAll(problems, configSecrets(interpolated.value)) };
  }
  return { ok: true, config: configResult.data, secrets: longestFirst(configSecrets(configResult.data)) };
}

/** Values under secret keys, and a PostgreSQL `store:` URL whole with its password (see store-url.ts). */
function configSecrets(tree: unknown): string[] {
  const store = typeof tree === 'object' && tree !== null ? (tree as { store?: unknown }).store : undefined;
  return [...collectSecrets(tree), ...storeSecrets(store)];
}

/** Files the config names are read at start-up too: a missing one is a start-up problem, not a failure later. */
function referencedFileProblems(config: Config, readFile: ((path: string) => string) | undefined): Problem[] {
  if (config.check.caFile === undefined) return [];
  const read = readCaFile(config.check.caFile, readFile);
  return read.ok ? [] : [{ path: ['check', 'caFile'], message: read.problem }];
}

function readConfigDocument(path: string, readFile: (path: string) => string): ReadResult<unknown> {
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    return { ok: false, problem: describeReadError(path, error) };
  }

  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const [syntaxError] = document.errors;
  if (syntaxError) {
    const { line, col } = lineCounter.linePos(syntaxError.pos[0]);
    // Our own wording for this one: yaml's points at a function name of its API.
    const message =
      syntaxError.code === 'MULTIPLE_DOCS'
        ? 'a second document starts here (---); keep the whole config in one document'
        : syntaxError.message;
    return { ok: false, problem: `${path}:${line}:${col}: invalid YAML: ${message}` };
  }
  if (document.contents === null) {
    return { ok: false, problem: `${path}: the file is empty; start from cdnops.example.yml` };
  }
  try {
    return { ok: true, value: document.toJS() };
  } catch (error) {
    // toJS throws for an alias to an anchor that is not defined, or an excessive number of aliases.
    return {
      ok: false,
      problem: `${path}: invalid YAML: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

const READ_ERRORS: Readonly<Record<string, { reason: string; fix: string }>> = {
  ENOENT: {
    reason: 'no such file',
    fix: 'create it (see README "Config file") or point CDNOPS_CONFIG at it',
  },
  EACCES: { reason: 'permission denied', fix: 'make it readable by the user that runs cdnops' },
  EISDIR: { reason: 'it is a directory', fix: 'point CDNOPS_CONFIG at the YAML file' },
};

function describeReadError(path: string, error: unknown): string {
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'unknown error';
  const known = READ_ERRORS[code];
  return known
    ? `CDNOPS_CONFIG: cannot read ${path} (${known.reason}); ${known.fix}`
    : `CDNOPS_CONFIG: cannot read ${path} (${code}); point CDNOPS_CONFIG at a readable YAML file`;
}

function readUtf8(path: string): string {
  return readFileSync(path, 'utf8');
}

/** Values of secret variables, as given and trimmed; only cdnops's own variables (Env), not the whole environment. */
function secretsFromEnv(env: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(Env.shape)
    .filter(isSecretField)
    .flatMap((name) => {
      const value = env[name];
      return typeof value === 'string' && value.trim() !== '' ? [value, value.trim()] : [];
    });
}

function redactAll(lines: string[], secrets: string[]): string[] {
  const ordered = longestFirst(secrets);
  return lines.map((line) => redact(line, ordered));
}

/** Longest first, so that a secret containing another is redacted whole. */
function longestFirst(secrets: string[]): string[] {
  return [...new Set(secrets)].sort((a, b) => b.length - a.length);
}

function isWithin(path: Problem['path'], prefix: Problem['path']): boolean {
  return prefix.length <= path.length && prefix.every((key, index) => key === path[index]);
}
