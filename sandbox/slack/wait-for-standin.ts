import type { RecordedCall, StandinMessage } from './slack-standin.ts';
import type { StandinState } from './standin-state.ts';

/**
 * Resolves when `predicate` holds. It is checked now and again after every recorded call, never on a sleep
 * loop, so a test waits exactly as long as the bot takes. The timeout uses a real timer on purpose: it bounds
 * a hung test, not virtual time.
 */
export function waitForStandin(
  state: StandinState,
  predicate: (calls: RecordedCall[], messages: StandinMessage[]) => boolean,
  options: { timeoutMs?: number } = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 5000;
  return new Promise<void>((resolve, reject) => {
    if (predicate(state.calls, state.messages)) {
      resolve();
      return;
    }
    function finish(error?: Error): void {
      clearTimeout(timer);
      state.listeners.delete(check);
      state.closeHooks.delete(onClose);
      if (error === undefined) resolve();
      else reject(error);
    }
    function check(): void {
      let met: boolean;
      try {
        met = predicate(state.calls, state.messages);
      } catch (error) {
        finish(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      if (met) finish();
    }
    function onClose(): void {
      finish(
        new Error(`waitFor: the Slack stand-in closed before the condition was met. ${describe(state)}`),
      );
    }
    const timer = setTimeout(() => {
      finish(new Error(`waitFor: condition not met within ${timeoutMs} ms. ${describe(state)}`));
    }, timeoutMs);
    state.listeners.add(check);
    state.closeHooks.add(onClose);
  });
}

const SHOWN = 20;

/** What the stand-in saw, for the timeout message: the methods in order, then the messages. */
function describe(state: StandinState): string {
  const calls = state.calls.slice(-SHOWN).map((call) => {
    const key = call.responseKey === undefined ? '' : `[${call.responseKey}]`;
    const error = call.error === undefined ? '' : ` (${call.error})`;
    return `${call.method}${key}${error}`;
  });
  const messages = state.messages.slice(-SHOWN).map((message) => {
    const where = `${message.ephemeral ? 'ephemeral ' : ''}${message.channel} ${message.ts}`;
    const text = message.text.length > 60 ? `${message.text.slice(0, 57)}...` : message.text;
    return `[${where}, ${message.blocks.length} blocks, ${message.edits} edits] ${JSON.stringify(text)}`;
  });
  const more = (total: number) => (total > SHOWN ? `, last ${SHOWN}` : '');
  const callList = calls.length === 0 ? 'none' : calls.join(', ');
  const messageList = messages.length === 0 ? 'none' : `\n  ${messages.join('\n  ')}`;
  return (
    `Recorded calls (${state.calls.length}${more(state.calls.length)}): ${callList}. ` +
    `Messages (${state.messages.length}${more(state.messages.length)}): ${messageList}`
  );
}
