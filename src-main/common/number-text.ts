/**
 * Parsing and printing of the numbers learners type into value fields. Pure syntax: the
 * caller checks ranges and builds the message, which quotes the input and names the type.
 */
import { describeChar } from './codec-error';

/** A parsed value, or the reason it could not be parsed (e.g. `'a' at position 3 is …`). */
export type TextParse<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** The number base of an integer literal: decimal, or the one its 0x / 0b / 0o prefix names. */
export type Radix = 2 | 8 | 10 | 16;

/** An integer literal as typed. */
export interface IntegerLiteral {
  readonly value: bigint;
  readonly radix: Radix;
  /** Whether the literal began with `-` or `+`. */
  readonly hasSign: boolean;
}

/** A floating-point literal as typed. */
export interface FloatLiteral {
  readonly value: number;
  /** `NaN` or `Infinity` written as a word, as opposed to digits that overflowed. */
  readonly isSpecial: boolean;
}

const DIGIT_NAMES: Readonly<Record<Radix, string>> = {
  2: 'a binary digit (0 or 1)',
  8: 'an octal digit (0-7)',
  10: 'a decimal digit',
  16: 'a hex digit (0-9, a-f)',
};

/** The trimmed input as code points, and how many code points the trim removed at the start. */
function trimmed(text: string): { chars: string[]; offset: number } {
  const start = text.length - text.trimStart().length;
  return { chars: Array.from(text.trim()), offset: start };
}

function prefixRadix(marker: string | undefined): Radix | undefined {
  switch (marker) {
    case 'x':
    case 'X':
      return 16;
    case 'b':
    case 'B':
      return 2;
    case 'o':
    case 'O':
      return 8;
    default:
      return undefined;
  }
}

/** 0–15 for 0-9, a-f and A-F; 99 for any other character. */
function digitValue(char: string): number {
  return /^[0-9a-f]$/i.test(char) ? parseInt(char, 16) : 99;
}

function isDecimalDigit(char: string | undefined): boolean {
  return char !== undefined && char >= '0' && char <= '9';
}

function fail(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}

const UNDERSCORE_RULE = 'must sit between two digits';

/**
 * Parses an integer: optional `-`/`+`, then decimal digits or a 0x, 0b or 0o prefix and digits
 * in that base, with single `_` allowed between digits. Leading zeros stay decimal (`010` is ten).
 * Surrounding whitespace is ignored; positions in reasons count code points from 1 in `text`.
 */
export function parseIntegerText(text: string): TextParse<IntegerLiteral> {
  const { chars, offset } = trimmed(text);
  const position = (k: number): number => offset + k + 1;
  const hasSign = chars[0] === '-' || chars[0] === '+';
  let k = hasSign ? 1 : 0;
  const radix = chars[k] === '0' ? (prefixRadix(chars[k + 1]) ?? 10) : 10;
  if (radix !== 10) k += 2;
  const bodyStart = k;
  if (bodyStart >= chars.length) {
    return fail(`it has no digits after "${chars.join('')}"`);
  }
  let digits = '';
  for (; k < chars.length; k++) {
    const char = chars[k] ?? '';
    if (char === '_') {
      if (k === bodyStart || k === chars.length - 1 || chars[k + 1] === '_') {
        return fail(`'_' at position ${position(k)} ${UNDERSCORE_RULE}`);
      }
      continue;
    }
    if (digitValue(char) >= radix) {
      const asFloat = radix === 10 ? parseFloatText(text) : undefined;
      if (asFloat?.ok && Number.isFinite(asFloat.value.value)) {
        return fail(
          Number.isInteger(asFloat.value.value)
            ? 'write whole numbers in plain digits, without a decimal point or exponent'
            : 'it is not a whole number',
        );
      }
      return fail(`${describeChar(char)} at position ${position(k)} is not ${DIGIT_NAMES[radix]}`);
    }
    digits += char;
  }
  const prefix = radix === 16 ? '0x' : radix === 8 ? '0o' : radix === 2 ? '0b' : '';
  const magnitude = BigInt(prefix + digits);
  return { ok: true, value: { value: chars[0] === '-' ? -magnitude : magnitude, radix, hasSign } };
}

/** Index after a run of decimal digits starting at `from`, with single `_` between digits. */
function skipDigits(chars: readonly string[], from: number): number {
  let k = from;
  while (k < chars.length) {
    const char = chars[k];
    const joinsDigits = char === '_' && k > from && isDecimalDigit(chars[k + 1]);
    if (!isDecimalDigit(char) && !joinsDigits) break;
    k++;
  }
  return k;
}

/**
 * Parses a floating-point number: decimal or scientific notation (`-1.5`, `.5`, `2e-3`,
 * `1_000.25`), or the words `NaN`, `Infinity`/`inf` with optional sign, case-insensitive.
 * Hex literals are not floats here. Finite literals too large for a double give ±Infinity
 * with `isSpecial: false`, so the caller can report them as out of range.
 */
export function parseFloatText(text: string): TextParse<FloatLiteral> {
  const { chars, offset } = trimmed(text);
  const word = chars.join('').toLowerCase();
  if (word === 'nan') return { ok: true, value: { value: NaN, isSpecial: true } };
  const unsignedWord = word.replace(/^[+-]/, '');
  if (unsignedWord === 'inf' || unsignedWord === 'infinity') {
    const value = word.startsWith('-') ? -Infinity : Infinity;
    return { ok: true, value: { value, isSpecial: true } };
  }

  const unexpected = (k: number): { ok: false; reason: string } => {
    const char = chars[k];
    if (char === undefined) {
      return fail(`it needs a digit after ${describeChar(chars[k - 1] ?? '')}`);
    }
    if (char === '_') return fail(`'_' at position ${offset + k + 1} ${UNDERSCORE_RULE}`);
    return fail(`unexpected ${describeChar(char)} at position ${offset + k + 1}`);
  };

  let k = chars[0] === '-' || chars[0] === '+' ? 1 : 0;
  const integerEnd = skipDigits(chars, k);
  let mantissaDigits = integerEnd - k;
  k = integerEnd;
  if (chars[k] === '.') {
    const fractionEnd = skipDigits(chars, k + 1);
    mantissaDigits += fractionEnd - (k + 1);
    k = fractionEnd;
  }
  if (mantissaDigits === 0) return unexpected(k);
  if (chars[k] === 'e' || chars[k] === 'E') {
    k++;
    if (chars[k] === '-' || chars[k] === '+') k++;
    const exponentEnd = skipDigits(chars, k);
    if (exponentEnd === k) return unexpected(k);
    k = exponentEnd;
  }
  if (k !== chars.length) return unexpected(k);
  return { ok: true, value: { value: Number(word.replaceAll('_', '')), isSpecial: false } };
}

/** Shortest text that reads back as the same double; `-0` keeps its sign. */
export function formatFloat64(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

/**
 * Shortest text that reads back (through `Math.fround`) as the same float32, e.g. `0.1`
 * rather than the double `0.10000000149011612` that the same 4 bytes hold exactly.
 */
export function formatFloat32(value: number): string {
  if (!Number.isFinite(value) || value === 0) return formatFloat64(value);
  // Nine significant digits always identify a float32; stop at the first precision that does.
  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return formatFloat64(candidate);
  }
  return formatFloat64(Number(value.toPrecision(9)));
}
