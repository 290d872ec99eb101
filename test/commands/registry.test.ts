import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { createManualClock } from '../../sandbox/manual-clock.ts';
import { COMMANDS, loadCommands } from '../../src/commands/index.ts';
import { createCommandRegistry } from '../../src/dispatch/command-registry.ts';
import { type AnyCommand, defineCommand } from '../../src/dispatch/define-command.ts';
import { createLogger } from '../../src/logger.ts';
import { createProviders, PROVIDERS } from '../../src/providers/registry.ts';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const COMMANDS_DIR = join(SRC, 'commands');
const PROVIDERS_DIR = join(SRC, 'providers');

/** What defineCommand returns: the fields `/cdn help` and the dispatcher rely on. */
function isCommand(value: unknown): value is AnyCommand {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.name === 'string' &&
    typeof candidate.summary === 'string' &&
    typeof candidate.usage === 'string' &&
    typeof candidate.role === 'string' &&
    typeof candidate.handler === 'function'
  );
}

/** Every .ts file in src/commands with the command-shaped values it exports. */
async function commandExportsOnDisk(): Promise<{ file: string; commands: AnyCommand[] }[]> {
  const files = readdirSync(COMMANDS_DIR).filter((file) => file.endsWith('.ts'));
  return Promise.all(
    files.map(async (file) => {
      const module: Record<string, unknown> = await import(pathToFileURL(join(COMMANDS_DIR, file)).href);
      return { file, commands: Object.values(module).filter(isCommand) };
    }),
  );
}

function command(name: string): AnyCommand {
  return defineCommand({
    name,
    summary: `the ${name} command`,
    usage: '',
    examples: [name],
    role: 'viewer',
    flags: {},
    args: z.object({ positionals: z.array(z.string()) }),
    handler: async () => undefined,
  });
}

describe('the command registry', () => {
  it('holds exactly the commands defined in src/commands, one per file, each named after its file', async () => {
    const onDisk = await commandExportsOnDisk();
    const commandFiles = onDisk.filter((entry) => entry.commands.length > 0);

    const defined = commandFiles.flatMap((entry) => entry.commands);
    const loaded: AnyCommand[] = await loadCommands();

    expect(commandFiles.filter((entry) => entry.commands.length !== 1).map((entry) => entry.file)).toEqual(
      [],
    );
    expect(defined.filter((entry) => !loaded.includes(entry)).map((entry) => entry.name)).toEqual([]);
    expect(loaded.filter((entry) => !defined.includes(entry)).map((entry) => entry.name)).toEqual([]);
    // Each registry line's name is the name of the command its module defines.
    expect(loaded.map((entry) => entry.name)).toEqual(COMMANDS.map((entry) => entry.name));
    expect(COMMANDS.map((entry) => entry.name).sort()).toEqual(
      commandFiles.map((entry) => basename(entry.file, '.ts')).sort(),
    );
    expect(commandFiles.map((entry) => [entry.file, entry.commands[0]?.name])).toEqual(
      commandFiles.map((entry) => [entry.file, basename(entry.file, '.ts')]),
    );
  });

  it('holds nothing but commands besides their list and their shared context', async () => {
    const onDisk = await commandExportsOnDisk();

    const infrastructure = onDisk.filter((entry) => entry.commands.length === 0).map((entry) => entry.file);

    // The dispatcher itself lives in src/dispatch/; here only the list and the context the commands share.
    expect(infrastructure.sort()).toEqual(['app-services.ts', 'index.ts']);
  });

  it('refuses two commands with the same name when it is built', () => {
    const build = () => createCommandRegistry([command('purge'), command('quota'), command('purge')]);

    expect(build).toThrow('two commands are named "purge"');
  });

  it('finds a command whatever the case it was typed in', async () => {
    const registry = createCommandRegistry([command('purge'), command('quota')]);

    expect((await registry.get('PURGE'))?.name).toBe('purge');
    expect(await registry.get('purges')).toBeUndefined();
    expect((await registry.all()).map((entry) => entry.name)).toEqual(['purge', 'quota']);
  });

  it('loads a command module on first use only, once, and says so when a line loads another command', async () => {
    let loads = 0;
    const registry = createCommandRegistry([
      {
        name: 'purge',
        load: async () => {
          loads += 1;
          return command('purge');
        },
      },
      { name: 'quota', load: async () => command('purges') },
    ]);

    expect(registry.has('Purge')).toBe(true);
    expect(registry.names()).toEqual(['purge', 'quota']);
    expect(loads).toBe(0);
    await registry.get('purge');
    await registry.get('PURGE');
    expect(loads).toBe(1);
    await expect(registry.get('quota')).rejects.toThrow(
      'the registry line "quota" loads the command "purges"',
    );
  });
});

/** A provider is a folder under src/providers with an index.ts that exports its factory. */
function providerFolders(): string[] {
  return readdirSync(PROVIDERS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(PROVIDERS_DIR, entry.name, 'index.ts')))
    .map((entry) => entry.name);
}

/** Which parts of a ProviderFactory a value has, by the type of each; what every provider must say about itself. */
function factoryShape(value: unknown): Record<string, string> {
  const candidate = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  return {
    kind: typeof candidate.kind,
    accountSchema:
      candidate.accountSchema instanceof z.ZodType ? 'zod schema' : typeof candidate.accountSchema,
    create: typeof candidate.create,
    hint: typeof candidate.hint,
    readCacheStatus: typeof candidate.readCacheStatus,
    logLinkLifetime: ['undefined', 'string'].includes(typeof candidate.logLinkLifetime)
      ? 'optional string'
      : typeof candidate.logLinkLifetime,
  };
}

/** A valid account of each kind, to build its provider with; a new provider adds one here. */
const SAMPLE_ACCOUNTS: Record<string, unknown> = {
  tencent: { kind: 'tencent', secretId: 'AKIDsample', secretKey: 'sample' },
  wangsu: { kind: 'wangsu', username: 'sample', apiKey: 'sample' },
};

/** Members a provider has beyond CdnProvider, for its own tests and commands that import it directly. */
const OUTSIDE_THE_CONTRACT = ['updateVisitControl'];

/** A provider's members by what a caller sees before awaiting anything: values as they are, functions by name. */
function surface(provider: object): Record<string, unknown> {
  const members = Object.entries(provider).filter(([, value]) => value !== undefined);
  return Object.fromEntries(
    members.map(([key, value]) => [
      key,
      key === 'trafficLimits' ? (value as () => unknown)() : typeof value === 'function' ? 'function' : value,
    ]),
  );
}

describe('the provider registry', () => {
  it('has one entry per provider folder, keyed by the folder name, whose kind is that key', () => {
    const folders = providerFolders();

    const entries = Object.entries(PROVIDERS);

    expect(entries.map(([key]) => key).sort()).toEqual(folders.sort());
    expect(entries.filter(([key, entry]) => entry.kind !== key)).toEqual([]);
  });

  it("loads the factory each provider folder's index.ts exports, which says everything cdnops needs about its kind", async () => {
    const folders = providerFolders();

    const exported = await Promise.all(
      folders.map(async (folder) => {
        const module: Record<string, unknown> = await import(
          pathToFileURL(join(PROVIDERS_DIR, folder, 'index.ts')).href
        );
        const loaded: unknown = await PROVIDERS[folder as keyof typeof PROVIDERS].load();
        return [folder, Object.values(module).filter((value) => value === loaded)] as const;
      }),
    );

    expect(exported.map(([folder, factories]) => [folder, factories.length])).toEqual(
      folders.map((folder) => [folder, 1]),
    );
    expect(exported.map(([folder, factories]) => [folder, factories.map(factoryShape)])).toEqual(
      folders.map((folder) => [
        folder,
        [
          {
            kind: 'string',
            accountSchema: 'zod schema',
            create: 'function',
            hint: 'function',
            readCacheStatus: 'function',
            logLinkLifetime: 'optional string',
          },
        ],
      ]),
    );
  });

  it('gives each account a provider that, before its implementation loads, offers what the implementation offers', async () => {
    const deps = {
      clock: createManualClock(),
      logger: createLogger({ level: 'error', secrets: [], write: () => {} }),
    };
    const compared = await Promise.all(
      Object.entries(PROVIDERS).map(async ([kind, entry]) => {
        const account = entry.accountSchema.parse(SAMPLE_ACCOUNTS[kind]);
        const lazy = createProviders({ sample: account }, deps).get('sample');
        const loaded = (await entry.load()).create('sample', account as never, deps);
        const loadedSurface = Object.fromEntries(
          Object.entries(surface(loaded)).filter(([key]) => !OUTSIDE_THE_CONTRACT.includes(key)),
        );
        return [kind, surface(lazy ?? {}), loadedSurface] as const;
      }),
    );

    for (const [kind, lazy, loaded] of compared) expect({ kind, ...lazy }).toEqual({ kind, ...loaded });
  });

  it("lets a provider's cache-status reader pass on responses without its headers, so the next one is asked", () => {
    const silent = Object.entries(PROVIDERS).map(([kind, entry]) => [
      kind,
      entry.readCacheStatus(() => undefined, 30),
    ]);

    expect(silent).toEqual(Object.keys(PROVIDERS).map((kind) => [kind, undefined]));
  });
});

describe('defineCommand', () => {
  it('types the handler’s arguments as what the schema parses to', async () => {
    const cmd = defineCommand({
      name: 'ls',
      summary: 'list',
      usage: '[--dir]',
      examples: ['ls --dir'],
      role: 'viewer',
      flags: { dir: 'boolean' },
      args: z.object({ positionals: z.array(z.string()), dir: z.boolean().default(false) }),
      handler: async (args) => {
        expectTypeOf(args.dir).toEqualTypeOf<boolean>();
        expectTypeOf(args.positionals).toEqualTypeOf<string[]>();
        return { text: `${args.positionals.length} ${args.dir}` };
      },
    });
    type Args = Parameters<typeof cmd.handler>[0];

    const parsed = cmd.args.parse({ positionals: ['a', 'b'] });

    expectTypeOf<Args>().toEqualTypeOf<{ positionals: string[]; dir: boolean }>();
    expectTypeOf(parsed).toEqualTypeOf<Args>();
    expectTypeOf(cmd.flags).toEqualTypeOf<{ readonly dir: 'boolean' }>();
    expect(parsed).toEqual({ positionals: ['a', 'b'], dir: false });
  });
});
