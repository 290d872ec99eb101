/**
 * JSON text worked out once and sent many times. An answer may hold these where it would hold the value itself;
 * `jsonText` writes their text in place. Answering a repeated DescribeCdnData (a 120-domain digest's 700 kB
 * answers, asked again by its timed run) then costs the one-process sandbox a copy, not a fresh JSON.stringify: the
 * CPU real Tencent spends on its own machines stays off the two cores the bot is measured on.
 */

/** The texts of the SerializedJson met by the jsonText call under way (JSON.stringify is synchronous). */
let fragments: string[] | undefined;
// Written by JSON.stringify as a string; the sandbox's answers hold no NUL characters of their own.
const MARK = '\u0000serialized\u0000';
const MARKED = /"\\u0000serialized\\u0000(\d+)"/g;

export class SerializedJson {
  constructor(readonly text: string) {}

  toJSON(): string {
    if (!fragments) throw new Error('SerializedJson is written by jsonText, not JSON.stringify');
    fragments.push(this.text);
    return `${MARK}${fragments.length - 1}`;
  }
}

const known = new WeakMap<object, SerializedJson>();

/** `value` as JSON text, worked out on its first use; `value` must never change afterwards. */
export function serializedOnce(value: object): SerializedJson {
  let serialized = known.get(value);
  if (!serialized) {
    serialized = new SerializedJson(JSON.stringify(value));
    known.set(value, serialized);
  }
  return serialized;
}

/** `JSON.stringify(value)`, with each SerializedJson's text where it stands. */
export function jsonText(value: unknown): string {
  const met: string[] = [];
  fragments = met;
  let text: string;
  try {
    text = JSON.stringify(value);
  } finally {
    fragments = undefined;
  }
  if (met.length === 0) return text;
  return text.replace(MARKED, (_mark, index: string) => met[Number(index)]!);
}
