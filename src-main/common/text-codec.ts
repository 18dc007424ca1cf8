/** Text values: ascii and utf8, written exactly as typed (no trimming, no NUL terminator). */
import { badInput, describeChar, type EncodeResult } from './codec-error';

/** What ascii and utf8 fields accept; the `allowed` text of their errors. */
export const TEXT_ALLOWED = {
  ascii: 'one or more ASCII characters (U+0000 to U+007F); choose utf8 for any other character',
  utf8: 'one or more characters of any script, stored as UTF-8 (1 to 4 bytes each)',
} as const;

const utf8Decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
const utf8Encoder = new TextEncoder();

/** Each character as one byte; the first character above U+007F is an error. */
export function encodeAscii(text: string): EncodeResult {
  if (text === '') {
    return badInput('Nothing to write: the ascii value is empty', TEXT_ALLOWED.ascii);
  }
  const chars = Array.from(text);
  const bytes = new Uint8Array(chars.length);
  for (const [k, char] of chars.entries()) {
    const codePoint = char.codePointAt(0) ?? 0;
    if (codePoint > 0x7f) {
      return badInput(
        `Not valid ascii: ${describeChar(char)} at position ${k + 1} is not an ASCII character`,
        TEXT_ALLOWED.ascii,
      );
    }
    bytes[k] = codePoint;
  }
  return { ok: true, bytes };
}

/**
 * UTF-8 bytes of `text`. A lone surrogate (half of a pair, possible only from pasted or
 * generated text) is an error rather than TextEncoder's silent U+FFFD.
 */
export function encodeUtf8(text: string): EncodeResult {
  if (text === '') {
    return badInput('Nothing to write: the utf8 value is empty', TEXT_ALLOWED.utf8);
  }
  for (const [k, char] of Array.from(text).entries()) {
    const codePoint = char.codePointAt(0) ?? 0;
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) {
      return badInput(
        `Not valid utf8: ${describeChar(char)} at position ${k + 1} is half of a surrogate pair, ` +
          'which UTF-8 cannot store',
        TEXT_ALLOWED.utf8,
      );
    }
  }
  return { ok: true, bytes: utf8Encoder.encode(text) };
}

/** ascii: bytes 0x20–0x7e as themselves, all others as `.`; utf8: decoded, invalid as U+FFFD. */
export function decodeText(type: 'ascii' | 'utf8', bytes: Uint8Array): string {
  if (type === 'utf8') return utf8Decoder.decode(bytes);
  return Array.from(bytes, (byte) =>
    byte >= 0x20 && byte <= 0x7e ? String.fromCharCode(byte) : '.',
  ).join('');
}
