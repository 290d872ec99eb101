/**
 * The `/cdn` pipeline, the same for Slack, the terminal demo and the command line: check the conversation is
 * allowed, tokenize, find the command, parse and validate its arguments, check the caller's role, run it, and
 * turn any failure into a reply. Nothing escapes this function.
 */
import type * as z from 'zod';
import { UsageError } from '../errors.ts';
import type { Respond } from '../messaging/message.ts';
import type { OpenModal } from '../messaging/modal-view.ts';
import { createProgress, type ProgressOutlet } from '../messaging/progress.ts';
import { formatCount, truncate } from '../render/format.ts';
import type { ContextOf, Services } from './command-context.ts';
import type { CommandRegistry } from './command-registry.ts';
import type { AnyCommand } from './define-command.ts';
import { formatError } from './format-error.ts';
import { parseArgv } from './parse-argv.ts';
import { suggestCommand } from './suggest-command.ts';
import { tokenize } from './tokenize.ts';

/**
 * Slack's own limit for the text of a slash command. Longer text (a stand-in, a replayed or forged-but-signed
 * request, a future Slack) is refused before it is read at all: tokenizing and suggesting cost time in its length,
 * and every other command waits while that runs.
 */
export const MAX_COMMAND_CHARS = 4_000;
/** An unknown word is shown back this long at most. */
const MAX_ECHOED_CHARS = 60;

export interface Invocation {
  text: string;
  /** Already split words (the command line's argv); when given, `text` is only recorded. */
  tokens?: readonly string[] | undefined;
  userId: string;
  channelId: string;
  responseUrl?: string | undefined;
  openModal?: OpenModal | undefined;
  /** From the command line: see Asking.terminal. */
  terminal?: boolean | undefined;
  /**
   * `cdnops … --json`: the command must declare a `json` shape for these arguments (else a usage error before
   * anything runs), and its reply must carry `data` of that shape.
   */
  json?: boolean | undefined;
  /** Where a long answer may show its progress before the answer takes its place; none: it is not shown. */
  progress?: ProgressOutlet | undefined;
}

/**
 * How a command ended: `done`; `usage` when the input was wrong (unknown command, bad flags or arguments, a URL that
 * is not http(s)), before anything was sent; `failed` for everything else that answered with an error (a role or
 * channel refusal, a provider error, the store). The command line turns these into exit codes 0, 2 and 1.
 */
export type CommandOutcome = 'done' | 'usage' | 'failed';

/** Runs one command; resolves `false` when the caller was answered with an error. Never rejects. */
export async function runCommand<S extends Services>(
  invocation: Invocation,
  services: S & { registry: CommandRegistry<ContextOf<S>> },
  respond: Respond,
): Promise<boolean> {
  return (await runCommandForOutcome(invocation, services, respond)) === 'done';
}

/** `runCommand`, saying how the command ended. Never rejects. */
export async function runCommandForOutcome<S extends Services>(
  invocation: Invocation,
  services: S & { registry: CommandRegistry<ContextOf<S>> },
  plainRespond: Respond,
): Promise<CommandOutcome> {
  // The answer, or the error, goes where a progress note may be showing, and only after any edit of it in flight.
  const { progress, respond } = createProgress(invocation.progress, plainRespond, {
    now: services.clock.now,
    onError: (error) => services.logger.warn('could not show the progress of an answer', { error }),
  });
  let command: AnyCommand<ContextOf<S>> | undefined;
  try {
    if (invocation.tokens === undefined && invocation.text.length > MAX_COMMAND_CHARS) {
      throw new UsageError(
        `That command is ${formatCount(invocation.text.length)} characters long; cdnops reads at most ` +
          `${formatCount(MAX_COMMAND_CHARS)} (Slack's own limit for a slash command), so nothing was done.`,
        'Split it into several shorter commands.',
      );
    }
    const caller = await services.guardrails.resolveCaller(invocation.userId, invocation.channelId);
    const [name = 'help', ...rest] = invocation.tokens ?? tokenize(invocation.text);
    command = await services.registry.get(name);
    if (!command) {
      const suggestion = suggestCommand(name, services.registry.names());
      throw new UsageError(
        `\`${truncate(name, MAX_ECHOED_CHARS)}\` is not a cdnops command.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
        '`/cdn help` lists the commands you can run here.',
      );
    }
    const argv = parseArgv(rest, command.flags, {
      command: command.name,
      usage: `${command.name} ${command.usage}`,
    });
    const args = command.args.safeParse(argv);
    if (!args.success) throw usageFromZod(args.error);
    const json = invocation.json ? command.json : undefined;
    if (invocation.json && (!json || json.reads?.(args.data) === false)) {
      throw new UsageError(
        `\`${command.name}\` has no --json output${json ? ' with these arguments (only its read form has)' : ''}.`,
        'README, "Command line", lists the commands that print JSON and their shapes.',
      );
    }
    services.guardrails.requireRole(caller, command.role, command.name);

    const reply = await command.handler(args.data, {
      ...services,
      caller,
      commandText: invocation.text,
      respond: plainRespond,
      responseUrl: invocation.responseUrl,
      openModal: invocation.openModal,
      terminal: invocation.terminal,
      progress,
    });
    // A shape promised to scripts is checked, so a handler that forgot `data` fails loudly instead of printing nothing.
    if (json) await respond({ ...(reply ?? { text: '' }), data: json.data.parse(reply?.data) });
    else if (reply) await respond(reply);
    return 'done';
  } catch (error) {
    const usage = error instanceof UsageError && command ? `${command.name} ${command.usage}` : undefined;
    try {
      await respond(formatError(error, services.logger, usage));
    } catch (respondError) {
      services.logger.error('could not deliver an error reply', { error: respondError });
    }
    return error instanceof UsageError ? 'usage' : 'failed';
  }
}

/** The first problem zod found, phrased for a person; schemas carry messages written for users. */
function usageFromZod(error: z.ZodError): UsageError {
  const issue = error.issues[0];
  if (!issue) return new UsageError('The arguments are not valid.');
  const where = issue.path.filter((part) => part !== 'positionals').join(' ');
  // Most flag messages already start with the flag (`--page must be a number`); do not say it twice.
  const named = typeof issue.path[0] === 'string' && issue.path[0] !== 'positionals';
  const flag = named && !issue.message.startsWith(`--${where}`) ? `--${where}: ` : '';
  return new UsageError(`${flag}${issue.message}`);
}
