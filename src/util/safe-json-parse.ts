/** JSON.parse for text from outside (button values, private_metadata): `undefined` instead of a throw. */
export function safeJsonParse(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
