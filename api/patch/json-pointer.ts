// RFC 6901 JSON pointers: "/metadata/annotations/example.com~1name" <-> ["metadata", "annotations", "example.com/name"].
import { BadRequestError } from '../errors/status-error.js';

/** The reference tokens of a pointer; "" is the whole document. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new BadRequestError(`invalid JSON pointer "${pointer}": it must be empty or start with "/"`);
  return pointer.slice(1).split('/').map((token) => {
    if (/~(?![01])/.test(token)) throw new BadRequestError(`invalid JSON pointer "${pointer}": "~" must be followed by 0 or 1`);
    return token.replace(/~1/g, '/').replace(/~0/g, '~');
  });
}

export function formatPointer(tokens: readonly string[]): string {
  return tokens.map((t) => '/' + t.replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** An array index token ("0", "12"; no sign, no leading zeros), or undefined. */
export function arrayIndex(token: string): number | undefined {
  return /^(0|[1-9][0-9]*)$/.test(token) ? Number(token) : undefined;
}
