import type { CommandContext } from './command-context.ts';
import type { AnyCommand } from './define-command.ts';

export interface CommandRegistry<C extends CommandContext = CommandContext> {
  get(name: string): AnyCommand<C> | undefined;
  all(): readonly AnyCommand<C>[];
}

/** Builds the registry, refusing duplicate names at start-up rather than letting one command shadow another. */
export function createCommandRegistry<C extends CommandContext>(
  commands: readonly AnyCommand<C>[],
): CommandRegistry<C> {
  const byName = new Map<string, AnyCommand<C>>();
  for (const command of commands) {
    // Users type names in any case, so names that differ only in case would collide.
    const key = command.name.toLowerCase();
    if (key !== command.name) throw new Error(`command "${command.name}" must be named in lower case`);
    if (byName.has(key)) throw new Error(`two commands are named "${command.name}"`);
    byName.set(key, command);
  }
  return {
    get: (name) => byName.get(name.toLowerCase()),
    all: () => [...byName.values()],
  };
}
