import type { CommandContext } from './command-context.ts';
import type { AnyCommand } from './define-command.ts';

/**
 * A command as the registry lists it before anyone has used it: its name, and how to load its module. Modules load
 * on first use, so start-up pays only for the names (and a command's imports for what the command itself needs).
 */
export interface CommandEntry<C extends CommandContext = CommandContext> {
  name: string;
  load(): Promise<AnyCommand<C>>;
}

export interface CommandRegistry<C extends CommandContext = CommandContext> {
  /** Whether a command of that name exists, without loading it. */
  has(name: string): boolean;
  /** Every name, in registry order, without loading anything. */
  names(): readonly string[];
  /** The command, loaded on first use (then kept); undefined when no command has that name. */
  get(name: string): Promise<AnyCommand<C> | undefined>;
  /** Every command, loaded, in registry order (help lists them all). */
  all(): Promise<readonly AnyCommand<C>[]>;
}

/**
 * Builds the registry from lazy entries or already loaded commands, refusing duplicate names at start-up rather than
 * letting one command shadow another.
 */
export function createCommandRegistry<C extends CommandContext>(
  commands: readonly (CommandEntry<C> | AnyCommand<C>)[],
): CommandRegistry<C> {
  const byName = new Map<string, () => Promise<AnyCommand<C>>>();
  for (const command of commands) {
    // Users type names in any case, so names that differ only in case would collide.
    const key = command.name.toLowerCase();
    if (key !== command.name) throw new Error(`command "${command.name}" must be named in lower case`);
    if (byName.has(key)) throw new Error(`two commands are named "${command.name}"`);
    byName.set(key, 'handler' in command ? () => Promise.resolve(command) : once(command));
  }
  return {
    has: (name) => byName.has(name.toLowerCase()),
    names: () => [...byName.keys()],
    get: async (name) => byName.get(name.toLowerCase())?.(),
    all: () => Promise.all([...byName.values()].map((load) => load())),
  };
}

/** Loads an entry's module once; a module that defines a command under another name is a wiring mistake. */
function once<C extends CommandContext>(entry: CommandEntry<C>): () => Promise<AnyCommand<C>> {
  let loaded: Promise<AnyCommand<C>> | undefined;
  return () => {
    loaded ??= entry.load().then((command) => {
      if (command.name !== entry.name) {
        throw new Error(`the registry line "${entry.name}" loads the command "${command.name}"`);
      }
      return command;
    });
    return loaded;
  };
}
