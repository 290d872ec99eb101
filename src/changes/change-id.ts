import { randomInt } from 'node:crypto';

/** No 0/O, 1/I/L: the id is read off a card and typed into `/cdn approve`. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export function newChangeId(): string {
  let id = '';
  for (let index = 0; index < 6; index++) id += ALPHABET[randomInt(ALPHABET.length)];
  return id;
}
