/**
 * Byte strings as learners read and type them in hex: `de ad be ef`. Bytes stay in the
 * order written; endianness never applies to a byte string.
 */
import { badInput, describeChar, shorten, type EncodeResult } from './codec-error';

/** What a hex field accepts; the `allowed` text of every hex error. */
export const HEX_ALLOWED =
  'pairs of hex digits, e.g. "de ad be ef", "deadbeef" or "0xde, 0xad", separated by spaces or commas';

/** Lowercase pairs separated by single spaces: `[0xde, 0xad]` → `de ad`; empty → ``. */
export function formatHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join(' ');
}

function isSeparator(char: string): boolean {
  return char === ',' || /\s/u.test(char);
}

function isHexDigit(char: string): boolean {
  return /^[0-9a-f]$/i.test(char);
}

/**
 * Reads one token (a run between separators) into `out`; returns the error message, if any.
 * `start` is the token's 0-based code-point index in the whole input.
 */
function readToken(token: readonly string[], start: number, out: number[]): string | null {
  const text = shorten(token.join(''));
  const hasPrefix = token[0] === '0' && (token[1] === 'x' || token[1] === 'X');
  const first = hasPrefix ? 2 : 0;
  if (first === token.length) {
    return `Not valid hex: "${text}" at position ${start + 1} has no digits after 0x`;
  }
  for (let k = first; k < token.length; k++) {
    const char = token[k] ?? '';
    if (!isHexDigit(char)) {
      return `Not valid hex: ${describeChar(char)} at position ${start + k + 1} is not a hex digit (0-9, a-f)`;
    }
  }
  const digits = token.slice(first);
  if (digits.length % 2 !== 0) {
    return (
      `Not valid hex: "${text}" at position ${start + 1} has an odd number of digits ` +
      `(${digits.length}); each byte is exactly two, e.g. 05 rather than 5`
    );
  }
  for (let k = 0; k < digits.length; k += 2) {
    out.push(parseInt(`${digits[k] ?? ''}${digits[k + 1] ?? ''}`, 16));
  }
  return null;
}

/**
 * Parses a hex byte string. Tokens are separated by whitespace or commas; each may start with
 * `0x` and must hold an even number of hex digits (either case), read two per byte in order:
 * `"de ad"`, `"dead"`, `"0xde, 0xad"` and `"0xdead"` all give `[0xde, 0xad]`. Empty input,
 * or only separators, is an error: there would be nothing to write.
 */
export function parseHex(text: string): EncodeResult {
  const chars = Array.from(text);
  const bytes: number[] = [];
  let k = 0;
  while (k < chars.length) {
    if (isSeparator(chars[k] ?? '')) {
      k++;
      continue;
    }
    const start = k;
    while (k < chars.length && !isSeparator(chars[k] ?? '')) k++;
    const problem = readToken(chars.slice(start, k), start, bytes);
    if (problem !== null) return badInput(problem, HEX_ALLOWED);
  }
  if (bytes.length === 0) return badInput('Nothing to write: the hex value is empty', HEX_ALLOWED);
  return { ok: true, bytes: Uint8Array.from(bytes) };
}
