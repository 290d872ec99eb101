import { nearestWord } from '../util/nearest-word.ts';
import type { AnyCommand } from './define-command.ts';

/** The command name closest to a mistyped one, when it is close enough to be a typo. */
export function suggestCommand(typed: string, commands: readonly AnyCommand[]): string | undefined {
  return nearestWord(
    typed,
    commands.map((command) => command.name),
  );
}
