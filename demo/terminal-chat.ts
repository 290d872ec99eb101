/**
 * The demo's terminal chat: each line typed is sent as a signed `/cdn` command (or is a control such as `:as admin`),
 * and whatever the bot posts, edits, answers privately or shows in a modal is printed as text.
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { buttonsOf, clickButton, type StandinChange } from '../sandbox/slack/index.ts';
import { renderBlocksAsText } from '../src/render/blocks-to-text.ts';
import {
  DEMO_CHANNEL_NAMES,
  DEMO_CHANNELS,
  DEMO_USER_NAMES,
  DEMO_USERS,
  type DemoChannel,
  type DemoUser,
} from './demo-world.ts';
import type { RunningDemo } from './start-demo.ts';

export const CONTROLS =
  'Demo controls: :as viewer|operator|admin|admin2   :in web-ops|readers|random   :click <button label>   :finish (complete tasks now)   :publish <url> (new version at the origin)   :incident|:recover <domain> (5xx spike for the alert rule)   :quit';

/** How the chat ended: `:quit`, or the input closed. */
export type ChatEnd = 'quit' | 'ended';

export function channelName(id: string): string {
  return Object.entries(DEMO_CHANNELS).find(([, value]) => value.id === id)?.[0] ?? id;
}

export function personName(id: string | undefined): string {
  return Object.values(DEMO_USERS).find((user) => user.id === id)?.name ?? id ?? 'someone';
}

/** Who the terminal acts as and where: `:as` and `:in` change it, and private answers to this person read "you". */
export interface TerminalSeat {
  user: DemoUser;
  channel: DemoChannel;
}

export function terminalSeat(): TerminalSeat {
  return { user: 'operator', channel: 'web-ops' };
}

/**
 * Prints what the bot posts, edits, answers privately or shows in a modal, whoever caused it (the terminal or the
 * page). Returns the unsubscribe; kept apart from the chat so edits still print after the input has ended.
 */
export function printChanges(options: {
  demo: RunningDemo;
  seat: TerminalSeat;
  write: (text: string) => void;
  color: boolean;
}): () => void {
  const render = (message: { text: string; blocks: unknown[] }) =>
    renderBlocksAsText(message, {
      color: options.color,
      channelNames: DEMO_CHANNEL_NAMES,
      userNames: DEMO_USER_NAMES,
    })
      .split('\n')
      .map((line) => `  ${line}`)
      .join('\n');
  return options.demo.slack.onChange((change) => {
    const shown = describeChange(change, DEMO_USERS[options.seat.user].id, render);
    if (shown !== undefined) options.write(shown);
  });
}

export async function runTerminalChat(options: {
  demo: RunningDemo;
  seat: TerminalSeat;
  input: Readable;
  write: (text: string) => void;
  /** Writes without a newline (the prompt). */
  prompt: (text: string) => void;
  /** Prompts for a person at a terminal; off when input is piped. */
  interactive: boolean;
  /** Ends the chat as if `:quit` was typed. */
  signal?: AbortSignal;
}): Promise<ChatEnd> {
  const { demo, seat, write, interactive } = options;
  const prompt = () => {
    if (interactive) options.prompt(`\n#${seat.channel} as ${DEMO_USERS[seat.user].name} › `);
  };

  const lines = createInterface({ input: options.input, terminal: false });
  const stop = () => lines.close();
  options.signal?.addEventListener('abort', stop, { once: true });
  let end: ChatEnd = 'ended';
  try {
    prompt();
    for await (const raw of lines) {
      const line = raw.trim();
      if (line === ':quit' || line === ':q') {
        end = 'quit';
        break;
      }
      if (line.startsWith(':')) {
        const [control, value] = line.slice(1).split(/\s+/);
        if (control === 'as' && value && value in DEMO_USERS) seat.user = value as DemoUser;
        else if (control === 'in' && value && value in DEMO_CHANNELS) seat.channel = value as DemoChannel;
        else if (control === 'click' && value)
          await click(demo, line.slice(1).replace(/^click\s+/, ''), seat.user, write);
        else if (control === 'finish') {
          demo.finishTasks();
          write('All pending sandbox tasks finished; the bot notices on its next poll.');
        } else if (control === 'publish' && value) write(demo.publish(value));
        else if (control === 'incident' && value) {
          const outcome = await demo.incident(value);
          write(
            outcome.done ? `${outcome.text} Try :click Acknowledge, then :recover ${value}.` : outcome.text,
          );
        } else if (control === 'recover' && value) write((await demo.recover(value)).text);
        else write(CONTROLS);
      } else if (line.length > 0) {
        await demo.sendCommand(seat.user, seat.channel, line.replace(/^\/cdn\b\s*/, ''));
      }
      prompt();
    }
  } finally {
    options.signal?.removeEventListener('abort', stop);
  }
  return options.signal?.aborted ? 'quit' : end;
}

/** Clicks the newest button with that label on a message the current user can see. */
async function click(demo: RunningDemo, label: string, user: DemoUser, write: (text: string) => void) {
  const message = [...demo.slack.messages]
    .reverse()
    .find(
      (candidate) =>
        (!candidate.ephemeral || candidate.user === DEMO_USERS[user].id) &&
        buttonsOf(candidate).some(({ button }) => button.text?.text?.toLowerCase() === label.toLowerCase()),
    );
  if (!message) {
    write(`No message here has a "${label}" button.`);
    return;
  }
  await clickButton({
    standin: demo.slack,
    appUrl: demo.appUrl,
    signingSecret: demo.signingSecret,
    message,
    which: label,
    userId: DEMO_USERS[user].id,
  });
  await demo.bot.drain();
}

const VIEW_VERBS: Readonly<Record<string, string>> = {
  'views.open': 'opened a modal',
  'views.push': 'pushed a modal',
  'views.update': 'updated the modal',
};

/** What a change in the stand-in looks like in the terminal; undefined for calls nobody sees. */
function describeChange(
  change: StandinChange,
  terminalUserId: string,
  render: (message: { text: string; blocks: unknown[] }) => string,
): string | undefined {
  const { message, view } = change;
  if (message !== undefined) {
    const where = `#${channelName(message.channel)}`;
    if (change.kind === 'posted') {
      const thread =
        message.threadTs !== undefined && message.threadTs !== message.ts ? ' (thread reply)' : '';
      return `\n── cdnops in ${where}${thread} ──\n${render(message)}`;
    }
    if (change.kind === 'updated') {
      // A private answer edited in place (a long answer's progress note becoming the answer) stays private.
      const only = message.ephemeral
        ? message.user === terminalUserId
          ? ', only you see it'
          : `, only ${personName(message.user)} sees it`
        : '';
      return `\n── cdnops edited its message in ${where}${only} ──\n${render(message)}`;
    }
    if (change.kind === 'ephemeral') {
      const who =
        message.user === terminalUserId ? 'only you see this' : `only ${personName(message.user)} sees this`;
      return `\n── cdnops (${who}) ──\n${render(message)}`;
    }
    return undefined;
  }
  const verb = VIEW_VERBS[change.call.method];
  if (view === undefined || verb === undefined) return undefined;
  const title = (view.view.title as { text?: string } | undefined)?.text ?? view.id;
  return `\n── cdnops ${verb} for ${personName(view.user)}: “${title}” ──`;
}
