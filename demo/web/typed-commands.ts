/**
 * What people typed on the page, kept by the playground (not by the Slack stand-in: Slack shows nobody their own
 * slash command). The page shows each person their own, faintly, as a courtesy, so a channel reads as "I asked,
 * cdnops answered". Only the newest few hundred are kept.
 */
export interface TypedCommand {
  /** The person's key in the demo world. */
  as: string;
  /** The channel's key. */
  in: string;
  text: string;
  /** When it was sent, as a Slack-style ts (`<seconds>.<microseconds>`), to sort it among the channel's messages. */
  ts: string;
}

export interface TypedCommands {
  add(entry: Omit<TypedCommand, 'ts'>, nowMs?: number): TypedCommand;
  of(as: string, channel: string): TypedCommand[];
}

const KEPT = 500;

export function createTypedCommands(): TypedCommands {
  const all: TypedCommand[] = [];
  return {
    add(entry, nowMs = Date.now()) {
      const micros = Math.floor(nowMs * 1000);
      const typed = {
        ...entry,
        ts: `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`,
      };
      all.push(typed);
      if (all.length > KEPT) all.splice(0, all.length - KEPT);
      return typed;
    },
    of(as, channel) {
      return all.filter((typed) => typed.as === as && typed.in === channel);
    },
  };
}
