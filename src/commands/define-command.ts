import type { z } from 'zod';
import type { Role } from '../auth/roles.ts';
import type { Reply } from '../messaging/message.ts';
import type { CommandContext } from './command-context.ts';
import type { FlagSpec } from './parse-argv.ts';

/**
 * One `/cdn` subcommand: its help text, the least role that may run it, its flags, the zod schema its parsed
 * arguments must satisfy, and the handler. A handler returns the reply for the caller, or nothing when it
 * answered by itself (e.g. posted a long-lived message).
 */
export interface CommandDefinition<F extends FlagSpec, S extends z.ZodType> {
  name: string;
  /** One line for `/cdn help`. */
  summary: string;
  /** Argument synopsis after the name, e.g. `<url>... [--dir] [--dry-run]`. */
  usage: string;
  examples: readonly string[];
  role: Role;
  /** Changes something: accepts --dry-run and is written to the audit log. */
  mutating?: boolean;
  flags: F;
  /** Validates `{ positionals, ...flags }` as parseArgv produced it; its output type is what the handler receives. */
  args: S;
  handler(args: z.output<S>, ctx: CommandContext): Promise<Reply | undefined>;
}

/** Exists only so the handler's `args` type is inferred from the schema. */
export function defineCommand<const F extends FlagSpec, S extends z.ZodType>(
  definition: CommandDefinition<F, S>,
): CommandDefinition<F, S> {
  return definition;
}

// biome-ignore lint/suspicious/noExplicitAny: the registry holds commands of every argument type; each handler is only ever called with what its own schema produced.
export type AnyCommand = CommandDefinition<FlagSpec, z.ZodType<any, any>>;
