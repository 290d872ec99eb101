import type { DemoOutcome, RunningDemo } from '../start-demo.ts';
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
  /**
   * The alert controls the page offers (a 5xx spike on a domain, and its end), when the world can stage them; the
   * page hides them otherwise.
   */
  alerts?: {
    domains: readonly string[];
    /** The channel key the alert rule posts in, which the page opens when an incident starts. */
    channel: string;
    incident(domain: string): Promise<DemoOutcome>;
    recover(domain: string): Promise<DemoOutcome>;
  };
  /** The demo clock's time, which stamps messages; what people type is stamped on it too. Real time unless given. */
  now?: () => number;
  /** Tells the terminal what was done on the page. */
  note(line: string): void;
}

/** What the page's requests run against: the world, and what the playground itself keeps. */
export interface PlaygroundContext extends PlaygroundWorld {
  typed: TypedCommands;
}
