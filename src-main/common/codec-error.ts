/**
 * The error every value codec returns for input a learner typed, and the helpers that
 * make its message name exactly what was wrong.
 */

/** Why typed input cannot be written: `message` says what is wrong, `allowed` what would work. */
export interface CodecError {
  readonly code: 'E_BAD_INPUT';
  /** What was wrong, naming the value (or the offending character) and the value type. */
  readonly message: string;
  /** What the field accepts, e.g. `a whole number from 0 to 255, in decimal or 0x/0b/0o`. */
  readonly allowed: string;
}

/** The bytes to write, or why the input cannot be written. */
export type EncodeResult =
  | { readonly ok: true; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly error: CodecError };

/** Builds an E_BAD_INPUT {@link CodecError}. */
export function codecError(message: string, allowed: string): CodecError {
  return { code: 'E_BAD_INPUT', message, allowed };
}

/** Builds a failed {@link EncodeResult}. */
export function badInput(message: string, allowed: string): EncodeResult {
  return { ok: false, error: codecError(message, allowed) };
}

const LONGEST_QUOTE = 40;

/** Shortens long input for a message, keeping its start and end. */
export function shorten(text: string): string {
  const chars = Array.from(text);
  if (chars.length <= LONGEST_QUOTE) return text;
  const half = LONGEST_QUOTE / 2;
  return `${chars.slice(0, half).join('')}…${chars.slice(-half).join('')}`;
}

/** The trimmed input in double quotes, shortened if long. */
export function quoteInput(text: string): string {
  return `"${shorten(text.trim())}"`;
}

/** `U+00E9`: a code point in the notation learners meet in Unicode tables. */
function codePointName(char: string): string {
  const codePoint = char.codePointAt(0) ?? 0;
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Names one character for a message: `'a'`, `a space`, `'é' (U+00E9)`, or only `U+0009`
 * for characters that would be invisible or unprintable in quotes.
 */
export function describeChar(char: string): string {
  if (char === ' ') return 'a space';
  if (char === "'") return `"'"`;
  const codePoint = char.codePointAt(0) ?? 0;
  if (codePoint > 0x20 && codePoint < 0x7f) return `'${char}'`;
  const invisible =
    codePoint < 0x20 ||
    (codePoint >= 0x7f && codePoint <= 0xa0) ||
    (codePoint >= 0xd800 && codePoint <= 0xdfff) ||
    /\s/u.test(char);
  return invisible ? codePointName(char) : `'${char}' (${codePointName(char)})`;
}
