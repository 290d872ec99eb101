/**
 * What one person sees with one channel open, read from the stand-in's own state: the channel's messages (their
 * ephemerals included, other people's not), thread replies under their parent, their open modals and their Home.
 */
import type { SlackStandin, StandinMessage, StandinView } from '../../sandbox/slack/index.ts';
import type { PlaygroundContext } from './playground-world.ts';

interface PageMessage {
  ts: string;
  text: string;
  blocks: unknown[];
  ephemeral: boolean;
  edits: number;
  replies: PageMessage[];
}

interface PageView {
  id: string;
  hash: string;
  view: StandinView['view'];
  values: StandinView['values'];
  errors: StandinView['errors'];
}

export interface PageSnapshot {
  as: string;
  in: string;
  people: { key: string; id: string; name: string; role: string }[];
  channels: { key: string; id: string; note: string }[];
  examples: string[];
  /** Where the page can stage an incident, and the channel its alert goes to; null when it cannot. */
  alerts: { domains: string[]; channel: string } | null;
  /** The bot's time zone, for the times the page shows. */
  timezone: string;
  messages: PageMessage[];
  /** What this person typed in this channel, shown to them faintly among the messages (by ts). */
  typed: { ts: string; text: string }[];
  modals: PageView[];
  home: PageView | null;
}

export function pageSnapshot(
  world: Pick<PlaygroundContext, 'people' | 'channels' | 'examples' | 'timezone' | 'typed' | 'alerts'>,
  slack: SlackStandin,
  as: string,
  channelKey: string,
): PageSnapshot {
  const person = world.people[as];
  const channel = world.channels[channelKey];
  const visible = slack.messages.filter(
    (message) => message.channel === channel?.id && (!message.ephemeral || message.user === person?.id),
  );
  const tss = new Set(visible.map((message) => message.ts));
  // A reply whose parent is not there (deleted, or someone else's ephemeral) is shown on its own, never dropped.
  const isReply = (message: StandinMessage) =>
    message.threadTs !== undefined && message.threadTs !== message.ts && tss.has(message.threadTs);
  const home = person === undefined ? undefined : slack.home(person.id);
  return {
    as,
    in: channelKey,
    people: Object.entries(world.people).map(([key, value]) => ({ key, ...value })),
    channels: Object.entries(world.channels).map(([key, value]) => ({ key, ...value })),
    examples: [...(world.examples ?? [])],
    alerts: world.alerts ? { domains: [...world.alerts.domains], channel: world.alerts.channel } : null,
    timezone: world.timezone,
    messages: visible
      .filter((message) => !isReply(message))
      .map((message) => ({
        ...pageMessage(message),
        replies: visible
          .filter((reply) => isReply(reply) && reply.threadTs === message.ts)
          .map((reply) => ({ ...pageMessage(reply), replies: [] })),
      })),
    typed: world.typed.of(as, channelKey).map(({ ts, text }) => ({ ts, text })),
    modals: person === undefined ? [] : slack.modals(person.id).map(pageView),
    home: home === undefined ? null : pageView(home),
  };
}

function pageMessage(message: StandinMessage): Omit<PageMessage, 'replies'> {
  return {
    ts: message.ts,
    text: message.text,
    blocks: message.blocks,
    ephemeral: message.ephemeral,
    edits: message.edits,
  };
}

function pageView(shown: StandinView): PageView {
  return { id: shown.id, hash: shown.hash, view: shown.view, values: shown.values, errors: shown.errors };
}
