interface Held {
  release: () => void;
  timer?: NodeJS.Timeout;
}

/** The `slow` / `hang` settings of the edges, and the requests they are holding back. */
export class EdgeDelays {
  private readonly settings = new Map<string, number | 'hang'>();
  private readonly held = new Map<string, Set<Held>>();

  slow(address: string, delay: number | 'hang'): void {
    this.settings.set(address, delay);
  }

  /** Ends the setting and lets every held request of that edge go on at once. */
  reset(address: string): void {
    this.settings.delete(address);
    for (const held of this.held.get(address) ?? []) this.finish(address, held);
  }

  /** Resolves when the edge at `address` may answer. Real time on purpose: slowness exists to make timeouts fire. */
  wait(address: string): Promise<void> {
    const delay = this.settings.get(address);
    if (delay === undefined || delay === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const held: Held = { release: resolve };
      if (delay !== 'hang') held.timer = setTimeout(() => this.finish(address, held), delay);
      const set = this.held.get(address) ?? new Set();
      set.add(held);
      this.held.set(address, set);
    });
  }

  /** Releases everything, so no handler stays pending after the servers close. */
  close(): void {
    this.settings.clear();
    for (const [address, set] of this.held) for (const held of set) this.finish(address, held);
  }

  private finish(address: string, held: Held): void {
    clearTimeout(held.timer);
    this.held.get(address)?.delete(held);
    held.release();
  }
}
