/**
 * Whatever someone types after `/cdn`, cdnops answers with a plan, a result or a message saying what to write
 * instead; it never throws out of the pipeline and never shows its internal-error text. fast-check generates the
 * text: arbitrary Unicode, and command-shaped lines built from every command's own names, flags and examples mixed
 * with the characters that give the tokenizer trouble (quotes, commas, dashes, Slack markup, invisible spaces).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommands } from '../../src/commands/index.ts';
import type { AnyCommand } from '../../src/dispatch/define-command.ts';
import { parseArgv } from '../../src/dispatch/parse-argv.ts';
import { runCommand } from '../../src/dispatch/run-command.ts';
import { tokenize } from '../../src/dispatch/tokenize.ts';
import { UsageError } from '../../src/errors.ts';
import type { Reply } from '../../src/messaging/message.ts';
import {
  ADMIN,
  OPERATOR,
  OPS_CHANNEL,
  startTestBot,
  type TestBot,
  VIEW_CHANNEL,
  VIEWER,
} from '../support/start-test-bot.ts';

const COMMANDS = await loadCommands();

/** Words every command's examples use, so generated lines often get past parsing into the schemas and handlers. */
const EXAMPLE_WORDS = [
  ...new Set(COMMANDS.flatMap((command) => command.examples.flatMap((line) => tokenize(line)))),
];
const TROUBLE = [
  '',
  '"',
  "'",
  '“quoted words”',
  '‘half',
  ',',
  '，',
  ',,',
  '--',
  '-',
  '-x',
  '—dry-run',
  '–all',
  '\u200b',
  '\u00a0',
  '\t',
  '\n',
  '&amp;',
  '&lt;',
  '<',
  '>',
  '<https://www.example.com/a.js|www.example.com/a.js>',
  '<http://www.example.com|www.example.com>',
  '<@U0ADMIN001|ann>',
  '<#C0OPS00001|ops>',
  '<!subteam^S0OPSGROUP|@ops>',
  '<!here>',
  '<mailto:a@example.com|a@example.com>',
  'https://www.example.com/a.js,https://www.example.com/b.js',
  'https://www.example.com/中文.js',
  'https://static.example.com/dir/',
  'http://[::1]:80/',
  'file:///etc/passwd',
  'ÄÖÜ.example.com',
  'xn--bcher-kva.example',
  '*.example.com',
  '0',
  '-1',
  '1e309',
  'NaN',
  '99999999999999999999',
  '2026-02-30',
  '2026-11-01T25:00',
  '1y',
  '0d',
  '400d',
  'today',
  'yesterday',
  'all',
  'ALL',
  '__proto__',
  'constructor',
  'toString',
  'a'.repeat(300),
];

function wordFor(command: AnyCommand): fc.Arbitrary<string> {
  const flags = Object.keys(command.flags);
  const flagWords =
    flags.length === 0
      ? [fc.constant('--dry-run')]
      : [
          fc.constantFrom(...flags).map((flag) => `--${flag}`),
          fc.constantFrom(...flags).map((flag) => `--${flag.toUpperCase()}`),
          fc
            .tuple(fc.constantFrom(...flags), fc.constantFrom(...EXAMPLE_WORDS, ...TROUBLE))
            .map(([flag, value]) => `--${flag}=${value}`),
        ];
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...EXAMPLE_WORDS) },
    { weight: 3, arbitrary: fc.constantFrom(...TROUBLE) },
    { weight: 3, arbitrary: fc.oneof(...flagWords) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  );
}

const separator = fc.constantFrom(' ', ' ', ' ', '  ', ', ', '\n', '\u00a0', '\u3000');

/** `<command> <words…>`: the command's name (sometimes in odd case) followed by a few of its plausible words. */
const commandLine = fc
  .constantFrom(...COMMANDS)
  .chain((command) =>
    fc
      .tuple(
        fc.constantFrom(command.name, command.name.toUpperCase(), ` ${command.name}`),
        fc.array(fc.tuple(separator, wordFor(command)), { maxLength: 7 }),
      )
      .map(([name, words]) => name + words.map(([gap, word]) => gap + word).join('')),
  );

/** One of a command's own examples with a word or two replaced or added: mostly valid, so handlers run. */
const nearExample = fc.constantFrom(...COMMANDS).chain((command) =>
  fc
    .tuple(
      fc.constantFrom(...command.examples),
      fc.array(fc.tuple(fc.nat(), wordFor(command), fc.boolean()), { maxLength: 2 }),
    )
    .map(([example, edits]) => {
      const words = example.split(' ');
      for (const [at, word, replace] of edits) {
        // Position 0 is the command's name: keep it, so the edit lands in its arguments.
        const index = 1 + (at % words.length);
        if (replace && index < words.length) words[index] = word;
        else words.splice(index, 0, word);
      }
      return words.join(' ');
    }),
);

const anyText = fc.oneof(
  { weight: 3, arbitrary: nearExample },
  { weight: 3, arbitrary: commandLine },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 80 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) },
);

/** Runs, or a usage error: what the pure stages may do with any input. */
function parseAll(text: string): 'parsed' | 'usage' {
  try {
    const [name = 'help', ...rest] = tokenize(text);
    const command = COMMANDS.find((candidate) => candidate.name === name.toLowerCase());
    for (const candidate of command ? [command] : COMMANDS) {
      const argv = parseArgv(rest, candidate.flags, { command: candidate.name, usage: candidate.usage });
      // safeParse must report problems, never throw them (a transform or refine that throws would).
      candidate.args.safeParse(argv);
    }
    return 'parsed';
  } catch (error) {
    if (error instanceof UsageError) return 'usage';
    throw error;
  }
}

describe('the tokenizer, option parser and argument schemas', () => {
  it('turn any text into words and arguments, or a usage error, and nothing else', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(['parsed', 'usage']).toContain(parseAll(text));
      }),
      { numRuns: 3_000 },
    );
  });

  it('accept every flag spelling of every command with any value, or refuse it as usage', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...COMMANDS),
        fc.array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 10 }), fc.constantFrom(...TROUBLE)), {
          maxLength: 6,
        }),
        (command, tokens) => {
          const flags = Object.keys(command.flags).flatMap((flag) => [`--${flag}`, `--${flag}=`]);
          const mixed = tokens.flatMap((token, index) =>
            flags.length > 0 ? [flags[index % flags.length]!, token] : [token],
          );
          try {
            const argv = parseArgv(mixed, command.flags, { command: command.name, usage: command.usage });
            expect(Array.isArray(argv.positionals)).toBe(true);
            command.args.safeParse(argv);
          } catch (error) {
            expect(error).toBeInstanceOf(UsageError);
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

const INTERNAL_ERROR = 'Something went wrong inside cdnops';
/** How formatError starts each kind of answer: usage, permission, unsupported, provider. */
const ERROR_PREFIXES = [':warning:', ':no_entry:', ':information_source:', ':x:'];

describe('/cdn with any text, through the whole pipeline', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ wangsu: {} });
    // Follow-ups run on the manual clock and would poll forever in the background; the answers are what count here.
    await bot.bot.services.follower.stop();
  });
  afterAll(async () => {
    await bot.close();
  });

  it('answers every line with a reply, a posted message or a usage message; never the internal-error text', async () => {
    const callers = fc.oneof(
      { weight: 4, arbitrary: fc.constant({ userId: ADMIN, channelId: OPS_CHANNEL }) },
      { weight: 4, arbitrary: fc.constant({ userId: OPERATOR, channelId: OPS_CHANNEL }) },
      { weight: 1, arbitrary: fc.constant({ userId: VIEWER, channelId: OPS_CHANNEL }) },
      { weight: 1, arbitrary: fc.constant({ userId: OPERATOR, channelId: VIEW_CHANNEL }) },
      { weight: 1, arbitrary: fc.constant({ userId: ADMIN, channelId: 'C0NOTLISTED' }) },
    );
    await fc.assert(
      fc.asyncProperty(anyText, callers, async (text, caller) => {
        const replies: Reply[] = [];
        const postedBefore = bot.slack.messages.length;
        const logsBefore = bot.logs.length;

        const ok = await runCommand({ text, ...caller }, bot.bot.services, async (reply) => {
          replies.push(reply);
        });

        const texts = replies.map((reply) => reply.text);
        expect(texts.join('\n')).not.toContain(INTERNAL_ERROR);
        expect(bot.logs.slice(logsBefore).join('\n')).not.toContain('command failed unexpectedly');
        if (ok) {
          expect(replies.length + (bot.slack.messages.length - postedBefore)).toBeGreaterThan(0);
        } else {
          expect(texts).toHaveLength(1);
          expect(ERROR_PREFIXES.some((prefix) => texts[0]!.startsWith(prefix))).toBe(true);
        }
      }),
      { numRuns: 600 },
    );
  }, 120_000);
});
