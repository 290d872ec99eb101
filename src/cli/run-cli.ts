/**
 * `cdnops <command> ...`: the /cdn commands from a terminal, with the same config file and no Slack. Answers are
 * printed as plain text (or, with --json, the result as JSON); purge and prefetch wait until their tasks finish
 * (Ctrl-C stops waiting, not the tasks). `logs fetch` is the one command only the terminal has: it downloads files
 * (see logs-fetch.ts). Exit status: 0 done, 1 refused or failed (a provider refusing even part of a purge counts),
 * 2 usage.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { buildServices } from '../app/build-services.ts';
import { LOCAL_CHANNEL, LOCAL_USER, localGuardrails } from '../auth/local-guardrails.ts';
import { Submission } from '../cache-ops/submission.ts';
import type { Clock } from '../clock.ts';
import { COMMANDS, loadCommands } from '../commands/index.ts';
import { loadConfig } from '../config/load-config.ts';
import type { Config } from '../config/schema.ts';
import { type CommandOutcome, runCommandForOutcome } from '../dispatch/run-command.ts';
import { suggestCommand } from '../dispatch/suggest-command.ts';
import { createLogger, type LogLevel } from '../logger.ts';
import type { Message, Messenger, Reply } from '../messaging/message.ts';
import { renderBlocksAsText } from '../render/blocks-to-text.ts';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.ts';
import type { Store } from '../store/store.ts';
import { STRICT_ADDRESS_POLICY } from '../util/address-policy.ts';
import { egressDispatcher, proxySecrets, proxySettings } from '../util/egress.ts';
import { AUDIT_EXPORT_USAGE, isAuditExport, runAuditExport } from './audit-export.ts';
import { readCliArgs } from './cli-args.ts';
import { commandHelp, findHelpEntry, helpEntries, overallHelp } from './cli-help.ts';
import { openConfiguredStore } from './configured-store.ts';
import { runLogsFetch } from './logs-fetch.ts';
import { terminalProgress } from './terminal-progress.ts';
import { UrlsFromStdinError, urlsFromStdin } from './urls-from-stdin.ts';

export const EXIT = { done: 0, failed: 1, usage: 2 } as const;

const OUTCOME_EXIT: Readonly<Record<CommandOutcome, number>> = {
  done: EXIT.done,
  failed: EXIT.failed,
  usage: EXIT.usage,
};

export async function runCli(input: {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  stdout: Writable;
  stderr: Writable;
  /** Where `-` reads URLs from; none: `-` is refused. */
  stdin?: Readable | undefined;
  clock: Clock;
  color: boolean;
}): Promise<number> {
  const { env, stdout, stderr, clock, color } = input;
  const request = readCliArgs(input.argv);
  // The terminal's help and argument handling read every definition; Slack's side loads them on first use.
  const commands = await loadCommands();
  const entries = helpEntries(commands);
  const usageError = (message: string): number => {
    stderr.write(`cdnops: ${message}\nRun cdnops --help for the commands and options.\n`);
    return EXIT.usage;
  };
  switch (request.kind) {
    case 'usage':
      return usageError(request.message);
    case 'version':
      stdout.write(`${cdnopsVersion()}\n`);
      return EXIT.done;
    case 'help': {
      if (request.command === undefined) {
        stdout.write(
          request.json
            ? `${JSON.stringify(entries, null, 2)}\n`
            : `${overallHelp(entries, cdnopsVersion())}\n`,
        );
        return EXIT.done;
      }
      const entry = findHelpEntry(entries, request.command);
      if (!entry) return unknownCommand(request.command, usageError);
      stdout.write(request.json ? `${JSON.stringify(entry, null, 2)}\n` : `${commandHelp(entry)}\n`);
      return EXIT.done;
    }
    case 'run':
      break;
  }
  const [name = '', ...rest] = request.argv;
  const logsFetch = name.toLowerCase() === 'logs' && rest[0]?.toLowerCase() === 'fetch';
  const command = commands.find((candidate) => candidate.name === name.toLowerCase());
  if (!command && !logsFetch) return unknownCommand(name, usageError);
  if (logsFetch && request.json) return usageError('logs fetch writes a file and has no --json output.');
  const auditExport = isAuditExport(request.argv);
  if (auditExport && !request.json) {
    return usageError(
      `audit with --from or --to exports the audit log as JSON Lines: add --json, e.g. cdnops ${AUDIT_EXPORT_USAGE.replace('D [--to D]', '2026-11-01')}`,
    );
  }

  let argv = request.argv;
  if (command && ['purge', 'prefetch', 'check'].includes(command.name)) {
    try {
      argv = [command.name, ...(await urlsFromStdin(rest, command.flags, input.stdin))];
    } catch (error) {
      if (error instanceof UrlsFromStdinError) return usageError(error.message);
      throw error;
    }
  }

  const configPath = request.configPath ?? (env.CDNOPS_CONFIG?.trim() || './cdnops.yml');
  const loaded = loadConfig({ path: configPath, env });
  if (!loaded.ok) {
    stderr.write(`cdnops cannot start:\n${loaded.problems.map((problem) => `  ${problem}`).join('\n')}\n`);
    return EXIT.failed;
  }
  const channels = channelNames(loaded.config);
  try {
    argv = namedChannelsToIds(argv, channels);
  } catch (error) {
    if (error instanceof UnknownChannelName) return usageError(error.message);
    throw error;
  }

  const render = (message: Message): string =>
    renderBlocksAsText(message, {
      color,
      plain: true,
      slashCommandAs: 'cdnops',
      channelNames: channels.byId,
    });
  // With --json, stdout holds the JSON alone; anything else said goes to stderr.
  const text = request.json ? stderr : stdout;
  const print = (message: Message): void => {
    text.write(`${render(message)}\n`);
  };
  let posted = 0;
  const messenger: Messenger = {
    async post(_channel, message) {
      print(message);
      posted += 1;
      return { channel: LOCAL_CHANNEL, ts: String(posted) };
    },
    async update(_ref, message) {
      text.write('\n');
      print(message);
    },
    async editOnce(_ref, message) {
      text.write('\n');
      print(message);
    },
    async postOnce(_channel, message) {
      print(message);
      posted += 1;
      return { channel: LOCAL_CHANNEL, ts: String(posted) };
    },
    async replace(_responseUrl, message) {
      text.write('\n');
      print(message);
    },
  };
  const level = (env.LOG_LEVEL?.trim().toLowerCase() || 'warn') as LogLevel;
  const proxy = proxySettings(env);
  const logger = createLogger({
    level,
    secrets: [...loaded.secrets, ...proxySecrets(proxy)],
    write: (line) => stderr.write(`${line}\n`),
  });
  let dispatcher: ReturnType<typeof egressDispatcher>;
  try {
    // Provider calls from the terminal go through the egress proxy too.
    dispatcher = egressDispatcher(proxy);
  } catch (error) {
    stderr.write(`cdnops: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failed;
  }
  // Idle keep-alive connections to the proxy would otherwise hold the process open.
  const closeDispatcher = () => dispatcher?.close().catch(() => undefined);
  // audit reads what the bot recorded, so it opens the bot's store; anything else runs on a throwaway one, where
  // followed tasks stay in memory: the bot's own store must not have its Slack messages picked up by a terminal.
  const readsBotStore = command?.name === 'audit';
  let store: Store;
  if (readsBotStore) {
    const opened = await openConfiguredStore(loaded.config.store, configPath, logger);
    if (!opened.ok) {
      stderr.write(`cdnops: ${opened.problem}\n`);
      await closeDispatcher();
      return EXIT.failed;
    }
    store = opened.store;
  } else store = openSqliteStore(':memory:');
  const services = buildServices({
    config: loaded.config,
    store,
    messenger,
    groupMembers: async () => [],
    clock,
    logger,
    dispatcher,
  });
  services.guardrails = localGuardrails(Object.keys(loaded.config.providers));
  // Which purges and prefetches this run sent, to tell at the end whether the provider did all of them.
  const followed: string[] = [];
  const follower = services.follower;
  services.follower = {
    ...follower,
    async follow(submission, ref) {
      if (submission.id) followed.push(submission.id);
      await follower.follow(submission, ref);
    },
  };
  // Never on the bot's store: this process would take over the bot's follow-ups.
  if (!readsBotStore) follower.start();
  try {
    if (auditExport) {
      return await runAuditExport({
        argv: argv.slice(1),
        audit: store.audit,
        timeZone: loaded.config.timezone,
        clock,
        stdout,
        stderr,
        logger,
      });
    }
    if (logsFetch) {
      return await runLogsFetch({
        argv: argv.slice(2),
        services,
        stdout,
        stderr,
        clock,
        rules: {
          policy: services.check.addressPolicy ?? STRICT_ADDRESS_POLICY,
          allowHttpOnLoopback: loaded.config.check.allowHttpLogLinksOnLoopback ?? false,
        },
        proxy,
      });
    }
    const respond = async (reply: Reply): Promise<void> => {
      if (request.json && reply.data !== undefined) stdout.write(`${JSON.stringify(reply.data, null, 2)}\n`);
      else print(reply);
    };
    const outcome = await runCommandForOutcome(
      {
        text: argv.join(' '),
        tokens: argv,
        userId: LOCAL_USER,
        channelId: LOCAL_CHANNEL,
        terminal: true,
        json: request.json,
        progress: terminalProgress(stderr, respond),
      },
      services,
      respond,
    );
    await follower.idle();
    if (outcome !== 'done') return OUTCOME_EXIT[outcome];
    for (const id of followed) {
      const row = await store.follows.get(id);
      const submission = Submission.safeParse(row?.payload);
      if (!submission.success || !fullyDone(submission.data)) return EXIT.failed;
    }
    return EXIT.done;
  } finally {
    await follower.stop();
    await store.close();
    await closeDispatcher();
  }
}

function unknownCommand(name: string, usageError: (message: string) => number): number {
  const suggestion = suggestCommand(
    name,
    COMMANDS.map((entry) => entry.name),
  );
  return usageError(`${name} is not a cdnops command.${suggestion ? ` Did you mean ${suggestion}?` : ''}`);
}

/** Every item sent, accepted and done: a chunk the provider refused, a failed URL or a task still running is not. */
function fullyDone(submission: Submission): boolean {
  return (
    submission.outcome === 'finished' &&
    submission.accounts.every(
      (account) =>
        account.rejected.length === 0 &&
        account.tasks.every((task) => task.state === 'done' && task.failedItems.length === 0),
    )
  );
}

/** The nearest package.json above this module, as Node finds a package's scope: src/ and the compiled dist/src/ both
 * reach the project's own, since dist/ has none. */
function cdnopsVersion(): string {
  let file = new URL('../package.json', import.meta.url);
  for (let up = 0; up < 4 && !existsSync(file); up++) file = new URL('../package.json', file);
  if (!existsSync(file)) return 'unknown';
  const text = readFileSync(file, 'utf8');
  const version: unknown = (JSON.parse(text) as { version?: unknown }).version;
  return typeof version === 'string' ? version : 'unknown';
}

interface ChannelNames {
  byId: ReadonlyMap<string, string>;
  byName: ReadonlyMap<string, string>;
}

/** The `name:` given to channels in the config, both ways. */
function channelNames(config: Config): ChannelNames {
  const byId = new Map<string, string>();
  const byName = new Map<string, string>();
  for (const [id, channel] of Object.entries(config.channels)) {
    if (channel.name === undefined) continue;
    byId.set(id, channel.name);
    byName.set(channel.name, id);
  }
  return { byId, byName };
}

class UnknownChannelName extends Error {}

/**
 * `--channel #web-ops` → `--channel #C0123456789`, as Slack turns a picked channel into its id (should_escape): the
 * commands only know ids. An id (`#C0123456789`) passes as it is; a name no channel has is refused here.
 */
function namedChannelsToIds(argv: readonly string[], channels: ChannelNames): string[] {
  const translate = (value: string): string => {
    const name = value.replace(/^#/, '').toLowerCase();
    const id = channels.byName.get(name);
    if (id) return `#${id}`;
    if (/^[CG][A-Z0-9]{2,}$/i.test(name)) return value;
    const known = [...channels.byName.keys()].map((known) => `#${known}`);
    throw new UnknownChannelName(
      `no channel in the config is named ${value}. ${
        known.length > 0 ? `Named channels: ${known.join(', ')}.` : 'No channel has a name: '
      }${known.length > 0 ? ' Give' : 'give'} the channel id (--channel C0123456789), or add name: ${name} to its entry under channels: in the config.`,
    );
  };
  const out: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const token = argv[index]!;
    if (token === '--') {
      out.push(...argv.slice(index));
      break;
    }
    const lower = token.toLowerCase();
    if (lower.startsWith('--channel=')) out.push(`--channel=${translate(token.slice('--channel='.length))}`);
    else if (lower === '--channel' && argv[index + 1] !== undefined) {
      out.push(token, translate(argv[index + 1]!));
      index += 1;
    } else out.push(token);
  }
  return out;
}
