import type { RunningDemo } from '../start-demo.ts';

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
  /** Commands worth trying that the page cannot know by itself (they name ports chosen at start-up). */
  examples?: readonly string[];
  /** Tells the terminal what was done on the page. */
  note(line: string): void;
}
