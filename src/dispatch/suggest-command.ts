import { nearestWord } from '../util/nearest-word.ts';

/** The command name closest to a mistyped one, when it is close enough to be a typo. */
export function suggestCommand(typed: string, names: readonly string[]): string | undefined {
  return nearestWord(typed, names);
}
