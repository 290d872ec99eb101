import type * as z from 'zod';
import type { Role } from '../auth/roles.ts';
import type { Reply } from '../messaging/message.ts';
import type { CommandContext } from './command-context.ts';
import type { FlagSpec } from './parse-argv.ts';

/**
 * One `/cdn` subcommand: its help text, the least role that may run it, its flags, the zod schema its parsed
 * arguments must satisfy, and the handler. A handler returns the reply for the caller, or nothing when it
 * answered by itself (e.g. posted a long-lived message). `C` is the context the handler is run with: the
 * dispatcher does not know which services the application assembled, only that they include the common ones.
 */
export interface CommandDefinition<
  F extends FlagSpec,
  S extends z.ZodType,
  C extends CommandContext = CommandContext,
> {
  name: string;
  /** One line for `/cdn help`. */
  summary: string;
  /** Argument synopsis after the name, e.g. `<url>... [--dir] [--dry-run]`. */
  usage: string;
  examples: readonly string[];
  role: Role;
  /**
   * Whether `/cdn help` lists the command for this caller, where its role alone says too little: anyone may type
   * `approve`, but only an approver can ever succeed with it.
   */
  offeredTo?(ctx: C): boolean;
  /** Changes something: accepts --dry-run and is written to the audit log. */
  mutating?: boolean;
  flags: F;
  /**
   * What `cdnops <command> --json` prints: the schema of the `data` the handler puts on its reply, and, for a command
   * that can also change things, which invocations only read (`digest list`, `cache <domain>` without `set`).
   * Without it, or when `reads` says no, --json is refused as a usage error before anything runs.
   */
  json?: {
    data: z.ZodType;
    reads?(args: z.output<S>): boolean;
  };
  /** Validates `{ positionals, ...flags }` as parseArgv produced it; its output type is what the handler receives. */
  args: S;
  handler(args: z.output<S>, ctx: C): Promise<Reply | undefined>;
}

/** Exists only so the handler's `args` type is inferred from the schema. */
export function defineCommand<const F extends FlagSpec, S extends z.ZodType>(
  definition: CommandDefinition<F, S>,
): CommandDefinition<F, S> {
  return definition;
}

/** A `defineCommand` whose handlers receive `C`: what an application with more services than the common ones uses. */
export function commandsWith<C extends CommandContext>() {
  return <const F extends FlagSpec, S extends z.ZodType>(
    definition: CommandDefinition<F, S, C>,
  ): CommandDefinition<F, S, C> => definition;
}

// biome-ignore lint/suspicious/noExplicitAny: the registry holds commands of every argument type; each handler is only ever called with what its own schema produced.
type AnySchema = z.ZodType<any, any>;
export type AnyCommand<C extends CommandContext = CommandContext> = CommandDefinition<FlagSpec, AnySchema, C>;
