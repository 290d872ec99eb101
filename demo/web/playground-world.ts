import type { RunningDemo } from '../start-demo.ts';
import type { TypedCommands } from './typed-commands.ts';

/** Someone the page can act as. */
export interface PlaygroundPerson {
  id: string;
  name: string;
  role: string;
}

/** A channel the page can show; `note` says whether cdnops is enabled there. */
export interface PlaygroundChannel {
  id: string;
  note: string;
}

/** What the playground serves a page for: the running demo, and the people and channels of its workspace. */
export interface PlaygroundWorld {
  demo: Pick<RunningDemo, 'slack' | 'appUrl' | 'signingSecret' | 'finishTasks'> & {
    bot: { drain(): Promise<void> };
  };
  people: Readonly<Record<string, PlaygroundPerson>>;
  channels: Readonly<Record<string, PlaygroundChannel>>;
  /** The bot's configured time zone (`timezone` in its config): the page shows message times in it. */
  timezone: string;
  /** Commands worth trying that the page cannot know by itself (they name ports chosen at start-up). */
  examples?: readonly string[];
  /** Tells the terminal what was done on the page. */
  note(line: string): void;
}

/** What the page's requests run against: the world, and what the playground itself keeps. */
export interface PlaygroundContext extends PlaygroundWorld {
  typed: TypedCommands;
}
