import * as z from 'zod';
import { roleAllows } from '../auth/roles.ts';
import { UsageError } from '../errors.ts';
import { context, fitBlocks, section, sectionsFromLines } from '../render/blocks.ts';
import { escapeMrkdwn } from '../render/format.ts';
import { defineCommand } from './app-services.ts';

export const help = defineCommand({
  name: 'help',
  summary: 'What you can run here, or how to use one command',
  usage: '[command]',
  examples: ['help', 'help purge'],
  role: 'viewer',
  flags: {},
  args: z.object({
    positionals: z.array(z.string()).max(1, 'Ask about one command at a time: `/cdn help purge`.'),
  }),
  async handler(args, ctx) {
    const { caller, registry } = ctx;
    const [name] = args.positionals;
    if (name) {
      const command = await registry.get(name);
      if (!command) throw new UsageError(`\`${name}\` is not a cdnops command.`, '`/cdn help` lists them.');
      const roleSuffices = roleAllows(caller.role, command.role);
      const offered = command.offeredTo?.(ctx) ?? true;
      const text = [
        // Escaped: Slack reads a bare `<a,b|all>` as a link labelled "all", and `<domain>` as one to "domain".
        `*/cdn ${command.name}* ${escapeMrkdwn(command.usage)}`,
        command.summary,
        '',
        '*Examples*',
        ...command.examples.map((example) => `\`/cdn ${example}\``),
      ].join('\n');
      return {
        visibility: 'ephemeral',
        text,
        blocks: [
          section(text),
          context(
            !roleSuffices
              ? `Needs ${command.role}; you are ${caller.role} here, so you cannot run it in this channel.`
              : !offered
                ? `As ${caller.role} here, you cannot run it in this channel; \`/cdn help\` lists what you can.`
                : `Needs ${command.role}; you are ${caller.role} here.${command.mutating ? ' Add --dry-run to see what would be sent.' : ''}`,
          ),
        ],
      };
    }
    const runnable = (await registry.all()).filter(
      (command) => roleAllows(caller.role, command.role) && (command.offeredTo?.(ctx) ?? true),
    );
    const title = `*cdnops* — what you can run here as ${caller.role}:`;
    const lines = runnable.map(
      (command) => `\`/cdn ${command.name} ${escapeMrkdwn(command.usage)}\`\n      ${command.summary}`,
    );
    // One command per line, packed into as many sections as the list needs: a section holds 3,000 characters.
    return {
      visibility: 'ephemeral',
      text: `${title}\n${lines.join('\n')}`,
      blocks: fitBlocks(
        [...sectionsFromLines([title, ...lines]), context('`/cdn help <command>` shows examples.')],
        (hidden) => `${hidden} more blocks of commands not shown; \`/cdn help <command>\` describes any one.`,
      ),
    };
  },
});
