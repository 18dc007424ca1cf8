/**
 * Encodes the values learners type into the bytes written to shared memory, and decodes bytes
 * read from a mapping for display. Pure: shared by main, children and the renderer.
 *
 * Accepted input, per type:
 * - integers: optional sign, decimal or 0x/0b/0o digits, `_` between digits, surrounding
 *   whitespace ignored. For signed types an unsigned 0x/0b/0o literal that fits the width is a
 *   two's-complement bit pattern (`0xff` as i8 is -1), as in a hex editor; decimal is always
 *   the number itself. u64/i64 are exact (BigInt).
 * - floats: decimal or scientific notation, `NaN`, `Infinity`/`inf` (any case, optional sign).
 *   Values that round to a finite f32/f64 are accepted; values that would round to infinity
 *   are out of range.
 * - ascii: U+0000 to U+007F only; utf8: any well-formed text; hex: see {@link parseHex}.
 *   Text is written as typed (no trimming, no NUL terminator).
 * Empty input (or blank, except for text) is an error for every type: zero bytes do nothing.
 */
import { badInput, quoteInput, shorten, type CodecError, type EncodeResult } from './codec-error';
import { formatHex, HEX_ALLOWED, parseHex } from './hex';
import { formatFloat32, formatFloat64, parseFloatText, parseIntegerText } from './number-text';
import { decodeText, encodeAscii, encodeUtf8, TEXT_ALLOWED } from './text-codec';

/** Every type a value can be written or read as. */
export const VALUE_TYPES = [
  'u8',
  'i8',
  'u16',
  'i16',
  'u32',
  'i32',
  'u64',
  'i64',
  'f32',
  'f64',
  'ascii',
  'utf8',
  'hex',
] as const;

/** A type a value can be written or read as. */
export type ValueType = (typeof VALUE_TYPES)[number];

/** Byte orders; ignored for 1-byte types, text and hex. */
export const ENDIANNESSES = ['le', 'be'] as const;

/** `le`: least significant byte first (x86, most ARM); `be`: most significant first. */
export type Endianness = (typeof ENDIANNESSES)[number];

type IntegerType = 'u8' | 'i8' | 'u16' | 'i16' | 'u32' | 'i32' | 'u64' | 'i64';

const INTEGER_BITS: Readonly<Record<IntegerType, 8 | 16 | 32 | 64>> = {
  u8: 8,
  i8: 8,
  u16: 16,
  i16: 16,
  u32: 32,
  i32: 32,
  u64: 64,
  i64: 64,
};

function isIntegerType(type: ValueType): type is IntegerType {
  return type in INTEGER_BITS;
}

interface IntegerRange {
  min: bigint;
  max: bigint;
  patternMax: bigint;
}

function computeIntegerRange(type: IntegerType): IntegerRange {
  const bits = BigInt(INTEGER_BITS[type]);
  const patternMax = (1n << bits) - 1n;
  if (type.startsWith('u')) return { min: 0n, max: patternMax, patternMax };
  return { min: -(1n << (bits - 1n)), max: (1n << (bits - 1n)) - 1n, patternMax };
}

/** Each integer type's range, worked out once (every write's value is checked against it). */
const INTEGER_RANGES = Object.fromEntries(
  (Object.keys(INTEGER_BITS) as IntegerType[]).map((type) => [type, computeIntegerRange(type)]),
) as Record<IntegerType, IntegerRange>;

/** Bytes a value of `type` occupies: 1 to 8, or null for text and hex, whose length varies. */
export function byteWidth(type: ValueType): number | null {
  if (isIntegerType(type)) return INTEGER_BITS[type] / 8;
  if (type === 'f32') return 4;
  if (type === 'f64') return 8;
  return null;
}

/** What a field of `type` accepts, in words; the `allowed` text of its errors. */
export function describeRange(type: ValueType): string {
  if (isIntegerType(type)) {
    const { min, max, patternMax } = INTEGER_RANGES[type];
    if (min === 0n) return `a whole number from 0 to ${max}, in decimal or 0x/0b/0o`;
    return `a whole number from ${min} to ${max}, or a 0x/0b/0o bit pattern up to 0x${patternMax.toString(16)}`;
  }
  switch (type) {
    case 'f32':
      return 'a decimal number up to ±3.4028235e38 (e.g. 1.5 or -2.5e-3), NaN, Infinity or -Infinity';
    case 'f64':
      return 'a decimal number up to ±1.7976931348623157e308 (e.g. 1.5 or -2.5e-3), NaN, Infinity or -Infinity';
    case 'ascii':
    case 'utf8':
      return TEXT_ALLOWED[type];
    case 'hex':
      return HEX_ALLOWED;
  }
}

function encodeInteger(type: IntegerType, text: string, endian: Endianness): EncodeResult {
  // Worded only when a value is refused: a write's value is checked on every click.
  const allowed = (): string => describeRange(type);
  const parsed = parseIntegerText(text);
  if (!parsed.ok) {
    return badInput(
      `${quoteInput(text)} is not a valid ${type} value: ${parsed.reason}`,
      allowed(),
    );
  }
  const { value, radix, hasSign } = parsed.value;
  const { min, max, patternMax } = INTEGER_RANGES[type];
  const isBitPattern = radix !== 10 && !hasSign && value <= patternMax;
  if (!isBitPattern && (value < min || value > max)) {
    const typed = text.trim();
    const exact = value.toString();
    const shown = typed === exact ? shorten(typed) : `${shorten(typed)} (${shorten(exact)})`;
    return badInput(`${shown} is out of range for ${type}`, allowed());
  }
  const bits = INTEGER_BITS[type];
  const pattern = BigInt.asUintN(bits, value);
  const bytes = new Uint8Array(bits / 8);
  const view = new DataView(bytes.buffer);
  const littleEndian = endian === 'le';
  if (bits === 8) view.setUint8(0, Number(pattern));
  else if (bits === 16) view.setUint16(0, Number(pattern), littleEndian);
  else if (bits === 32) view.setUint32(0, Number(pattern), littleEndian);
  else view.setBigUint64(0, pattern, littleEndian);
  return { ok: true, bytes };
}

function encodeFloat(type: 'f32' | 'f64', text: string, endian: Endianness): EncodeResult {
  const allowed = (): string => describeRange(type);
  const parsed = parseFloatText(text);
  if (!parsed.ok) {
    return badInput(
      `${quoteInput(text)} is not a valid ${type} value: ${parsed.reason}`,
      allowed(),
    );
  }
  const { value, isSpecial } = parsed.value;
  // Round to nearest, as the hardware does: FLT_MAX's usual spelling 3.4028235e38 is accepted.
  const stored = type === 'f32' ? Math.fround(value) : value;
  if (!isSpecial && !Number.isFinite(stored)) {
    return badInput(`${shorten(text.trim())} is out of range for ${type}`, allowed());
  }
  const bytes = new Uint8Array(type === 'f32' ? 4 : 8);
  const view = new DataView(bytes.buffer);
  if (type === 'f32') view.setFloat32(0, value, endian === 'le');
  else view.setFloat64(0, value, endian === 'le');
  return { ok: true, bytes };
}

/**
 * Encodes what a learner typed as the bytes of a `type` value in `endian` byte order.
 * Never throws: input that cannot be written gives `{ ok: false, error }` whose message names
 * the input and the type, and whose `allowed` is {@link describeRange}(type).
 */
export function encodeValue(type: ValueType, text: string, endian: Endianness): EncodeResult {
  if (text.trim() === '' && type !== 'ascii' && type !== 'utf8') {
    return badInput(`Nothing to write: the ${type} value is empty`, describeRange(type));
  }
  if (isIntegerType(type)) return encodeInteger(type, text, endian);
  switch (type) {
    case 'f32':
    case 'f64':
      return encodeFloat(type, text, endian);
    case 'ascii':
      return encodeAscii(text);
    case 'utf8':
      return encodeUtf8(text);
    case 'hex':
      return parseHex(text);
  }
}

/**
 * The error {@link encodeValue} would give for `text`, or null if it can be written; for a
 * zod `superRefine`. (Byte order never makes input invalid; it is taken for symmetry.)
 */
export function validateValue(
  type: ValueType,
  text: string,
  endian: Endianness,
): CodecError | null {
  const result = encodeValue(type, text, endian);
  return result.ok ? null : result.error;
}

/**
 * Text for display of bytes read as `type`: integers in decimal (64-bit exact), floats in the
 * shortest form that reads back to the same value (`-0`, `NaN`, `Infinity` included), ascii
 * with bytes outside 0x20–0x7e as `.`, utf8 with invalid sequences as U+FFFD, hex as `de ad`.
 * Whatever this returns, {@link encodeValue} turns back into the same bytes (NaN payloads and
 * ascii's `.` aside).
 * @throws RangeError if a fixed-width type gets other than {@link byteWidth}(type) bytes;
 * slice the bytes first.
 */
export function decodeValue(type: ValueType, bytes: Uint8Array, endian: Endianness): string {
  const width = byteWidth(type);
  if (width !== null && bytes.length !== width) {
    throw new RangeError(`${type} needs exactly ${width} bytes, got ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = endian === 'le';
  switch (type) {
    case 'u8':
      return String(view.getUint8(0));
    case 'i8':
      return String(view.getInt8(0));
    case 'u16':
      return String(view.getUint16(0, le));
    case 'i16':
      return String(view.getInt16(0, le));
    case 'u32':
      return String(view.getUint32(0, le));
    case 'i32':
      return String(view.getInt32(0, le));
    case 'u64':
      return view.getBigUint64(0, le).toString();
    case 'i64':
      return view.getBigInt64(0, le).toString();
    case 'f32':
      return formatFloat32(view.getFloat32(0, le));
    case 'f64':
      return formatFloat64(view.getFloat64(0, le));
    case 'ascii':
    case 'utf8':
      return decodeText(type, bytes);
    case 'hex':
      return formatHex(bytes);
  }
}
