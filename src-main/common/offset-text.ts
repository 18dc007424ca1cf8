/**
 * The one parser and the one range check for byte offsets into an attachment, and the one
 * encoding of a value to write, shared by every form that writes or reads at an offset (the
 * tutorial's store-and-load pane and each process pane's writer). Pure: no DOM, no node:*.
 */
import type { Endianness, ValueType } from './codec';
import { encodeValue } from './codec';
import { parseIntegerText } from './number-text';
import { MAX_LAB_SEGMENT, MAX_VALUE_TEXT } from './schemas';

/** What an offset field accepts; the `allowed` text of every offset error. */
export const OFFSET_ALLOWED = 'a byte offset from 0, in decimal (16) or 0x hex (0x10)';

/** An offset as typed, parsed; or a message saying what was wrong and what is allowed. */
export type OffsetParse = { ok: true; value: number } | { ok: false; message: string };

/** `1 byte`, `4 bytes`. */
export function bytesText(count: number): string {
  return count === 1 ? '1 byte' : `${count} bytes`;
}

/** An offset in decimal and hex, as learners compare it with the hex view: `16 (0x10)`. */
export function offsetText(offset: number): string {
  return `${offset} (0x${offset.toString(16)})`;
}

/**
 * Parses a typed byte offset: decimal (`16`), or hex, octal or binary with a 0x, 0o or 0b
 * prefix (`0x10`), `_` between digits allowed; from 0 to the largest Lab segment.
 */
export function parseOffset(text: string): OffsetParse {
  const fail = (problem: string): OffsetParse => ({
    ok: false,
    message: `${problem}; allowed: ${OFFSET_ALLOWED}`,
  });
  if (text.trim() === '') return fail('The offset is empty');
  const parsed = parseIntegerText(text);
  if (!parsed.ok) return fail(`"${text.trim()}" is not an offset: ${parsed.reason}`);
  const { value } = parsed.value;
  if (value < 0n) return fail(`An offset cannot be negative (${value})`);
  if (value > BigInt(MAX_LAB_SEGMENT)) return fail(`${value} is past the largest Lab segment`);
  return { ok: true, value: Number(value) };
}

/**
 * Why `length` bytes at `offset` do not fit an attachment of `size` bytes, naming the offsets
 * that would; null when they fit.
 */
export function offsetRangeProblem(offset: number, length: number, size: number): string | null {
  if (offset + length <= size) return null;
  const what = bytesText(length);
  if (length > size) return `The value is ${what}, more than the whole ${size}-byte attachment.`;
  const allowed = `allowed offsets for ${what}: 0 to ${offsetText(size - length)}`;
  if (offset >= size) {
    return `Offset ${offsetText(offset)} is past the end of the ${size}-byte attachment; ${allowed}.`;
  }
  return `${what} at offset ${offsetText(offset)} would end at ${offset + length}, past the end of the ${size}-byte attachment; ${allowed}.`;
}

/** The bytes a value encodes to, or why it cannot be written (`message` and `allowed`). */
export type WriteEncoding =
  { ok: true; bytes: Uint8Array } | { ok: false; error: { message: string; allowed: string } };

/**
 * Encodes what a learner typed as the bytes a write of `type` stores, with the same length
 * limit the write command's schema applies, so a form never offers what the Lab refuses.
 */
export function encodeWriteValue(type: ValueType, text: string, endian: Endianness): WriteEncoding {
  if (text.length > MAX_VALUE_TEXT) {
    return {
      ok: false,
      error: {
        message: `The value is ${text.length} characters long`,
        allowed: `at most ${MAX_VALUE_TEXT} characters`,
      },
    };
  }
  const encoded = encodeValue(type, text, endian);
  return encoded.ok ? { ok: true, bytes: encoded.bytes } : { ok: false, error: encoded.error };
}
