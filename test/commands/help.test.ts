import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Role, roleAllows } from '../../src/auth/roles.ts';
import type { AppContext } from '../../src/commands/app-services.ts';
import { help } from '../../src/commands/help.ts';
import { loadCommands } from '../../src/commands/index.ts';
import { createCommandRegistry } from '../../src/dispatch/command-registry.ts';
import { type AnyCommand, commandsWith } from '../../src/dispatch/define-command.ts';
import { renderBlocksAsText } from '../../src/render/blocks-to-text.ts';
import {
  ADMIN,
  GROUP_MEMBER,
  OPERATOR,
  OPS_CHANNEL,
  startTestBot,
  type TestBot,
  VIEW_CHANNEL,
  VIEWER,
  visibleText,
} from '../support/start-test-bot.ts';

const COMMANDS = await loadCommands();

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

// More commands will join these lists; what matters is that the operator-only ones are missing for a viewer.
const VIEWER_COMMANDS = ['help', 'hosts', 'host', 'purges', 'quota'];
const OPERATOR_ONLY = ['purge', 'prefetch'];

/** The commands a help answer offers, in order (its fallback text is the list without the footer). */
function offeredCommands(text: string): string[] {
  return [...text.matchAll(/^`\/cdn (\w+)/gm)].map((match) => match[1]!);
}

/** The text of a message's sections: what people see of the list, without its footer. */
function sectionText(message: { blocks: unknown[] }): string {
  return (message.blocks as { type: string; text?: { text: string } }[])
    .filter((block) => block.type === 'section')
    .map((block) => block.text?.text ?? '')
    .join('\n');
}

function lastReply(test: TestBot) {
  return test.slack.messages.at(-1)!;
}

describe('/cdn help', () => {
  it.each([
    ['a viewer in an operator channel', VIEWER, OPS_CHANNEL, 'viewer', false],
    ['an operator in a viewer channel', OPERATOR, VIEW_CHANNEL, 'viewer', false],
    ['an operator in an operator channel', OPERATOR, OPS_CHANNEL, 'operator', true],
    ['a member of an operator user group', GROUP_MEMBER, OPS_CHANNEL, 'operator', true],
    ['an admin', ADMIN, OPS_CHANNEL, 'admin', true],
  ])('lists for %s only what they may run there', async (_case, user, channel, role, mayChange) => {
    bot = await startTestBot();

    await bot.send('help', { user, channel });

    const reply = lastReply(bot);
    expect(reply.ephemeral).toBe(true);
    expect(reply.text).toContain(`what you can run here as ${role}:`);
    const offered = offeredCommands(reply.text);
    expect(offered).toEqual(expect.arrayContaining(VIEWER_COMMANDS));
    for (const command of OPERATOR_ONLY) expect(offered.includes(command)).toBe(mayChange);
    expect(new Set(offered).size).toBe(offered.length);
    expect(bot.tencent.calls).toEqual([]);
  });

  it('answers an empty /cdn with the help list', async () => {
    bot = await startTestBot();

    await bot.send('');

    expect(offeredCommands(lastReply(bot).text)).toEqual(
      expect.arrayContaining([...VIEWER_COMMANDS, ...OPERATOR_ONLY]),
    );
  });

  it('shows the usage, summary and examples of one command', async () => {
    bot = await startTestBot();

    await bot.send('help purge');

    const text = visibleText(lastReply(bot));
    expect(text).toContain('*/cdn purge* &lt;url&gt;... [--dir [--all]] [--verify] [--dry-run]');
    expect(text).toContain('*Examples*\n`/cdn purge https://www.example.com/app.js');
    expect(text).toContain('`/cdn purge --dir https://www.example.com/static/`');
    expect(text).toContain('Needs operator; you are operator here. Add --dry-run to see what would be sent.');
  });

  it('shows placeholders as written, not as Slack links (`<a,b|all>` would read "all")', async () => {
    bot = await startTestBot();

    await bot.send('help watch');
    await bot.send('help');

    const [one, list] = bot.slack.messages.slice(-2).map((message) => renderBlocksAsText(message));
    expect(one).toContain('/cdn watch list | add <name> --domains <a,b|all> --when "<condition>"');
    expect(list).toContain('/cdn watch list | add <name> --domains <a,b|all> --when "<condition>"');
    expect(list).toContain('/cdn origin <domain> [set <origin>...');
  });

  it('tells a viewer asking about purge that they cannot run it in this channel', async () => {
    bot = await startTestBot();

    await bot.send('help purge', { user: VIEWER, channel: VIEW_CHANNEL });

    expect(visibleText(lastReply(bot))).toContain(
      'Needs operator; you are viewer here, so you cannot run it in this channel.',
    );
  });

  it('accepts a command name in capitals', async () => {
    bot = await startTestBot();

    await bot.send('help QUOTA');

    expect(visibleText(lastReply(bot))).toContain('*/cdn quota* [--account A]');
  });

  it('refuses help about a command that does not exist, pointing at /cdn help', async () => {
    bot = await startTestBot();

    await bot.send('help nosuch');

    const reply = lastReply(bot);
    expect(reply.ephemeral).toBe(true);
    expect(visibleText(reply)).toContain('`nosuch` is not a cdnops command.\n`/cdn help` lists them.');
  });

  it('refuses help in a channel that is not in the allowlist', async () => {
    bot = await startTestBot();

    await bot.send('help', { channel: 'C0NOTALLOWD' });

    const text = visibleText(lastReply(bot));
    expect(text).toContain('not enabled in this channel (C0NOTALLOWD)');
    expect(offeredCommands(text)).toEqual([]);
  });

  it.each([
    ['viewer', VIEWER, VIEW_CHANNEL],
    ['operator', OPERATOR, OPS_CHANNEL],
    ['admin', ADMIN, OPS_CHANNEL],
  ] as const)(
    'shows a %s every command they may run, in the blocks people see',
    async (role, user, channel) => {
      bot = await startTestBot();
      // Approving is for admins (no approvers configured); withdrawing your own request for whoever may ask for one.
      const mayRun = (command: AnyCommand<AppContext>) =>
        command.name === 'approve'
          ? role === 'admin'
          : command.name === 'reject'
            ? roleAllows(role, 'operator')
            : roleAllows(role as Role, command.role);

      await bot.send('help', { user, channel });

      const shown = offeredCommands(sectionText(lastReply(bot)));
      expect(shown).toEqual(COMMANDS.filter(mayRun).map((command) => command.name));
    },
  );

  it('tells a viewer asking about approve that they cannot use it, as the list leaves it out', async () => {
    bot = await startTestBot();

    await bot.send('help approve', { user: VIEWER, channel: VIEW_CHANNEL });

    expect(visibleText(lastReply(bot))).toContain('As viewer here, you cannot run it in this channel;');
  });

  it('does not offer approve or reject to a viewer, who can never run them', async () => {
    bot = await startTestBot();

    await bot.send('help', { user: VIEWER, channel: VIEW_CHANNEL });

    const shown = offeredCommands(sectionText(lastReply(bot)));
    expect(shown).not.toContain('approve');
    expect(shown).not.toContain('reject');
  });

  it('lists every command however long the registry grows, each section within Slack’s 3,000 characters', async () => {
    const defineCommand = commandsWith<AppContext>();
    const many = Array.from({ length: 120 }, (_, index) =>
      defineCommand({
        name: `command${index}`,
        summary: `does thing number ${index}, described at the length real summaries have in cdnops today`,
        usage: '<domain> [--account A] [--dry-run]',
        examples: [],
        role: 'viewer',
        flags: {},
        args: z.object({ positionals: z.array(z.string()) }),
        handler: async () => undefined,
      }),
    );
    const registry = createCommandRegistry<AppContext>([help, ...many]);
    const ctx = { registry, caller: { role: 'viewer', userId: VIEWER } } as unknown as AppContext;

    const reply = await help.handler({ positionals: [] }, ctx);

    const blocks = reply!.blocks as { type: string; text?: { text: string } }[];
    expect(offeredCommands(sectionText({ blocks }))).toEqual(['help', ...many.map((c) => c.name)]);
    expect(blocks.filter((block) => (block.text?.text.length ?? 0) > 3000)).toEqual([]);
  });
});
