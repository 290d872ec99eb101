import type { AnyCommand } from './define-command.ts';

export interface CommandRegistry {
  get(name: string): AnyCommand | undefined;
  all(): readonly AnyCommand[];
}

/** Builds the registry, refusing duplicate names at start-up rather than letting one command shadow another. */
export function createCommandRegistry(commands: readonly AnyCommand[]): CommandRegistry {
  const byName = new Map<string, AnyCommand>();
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
