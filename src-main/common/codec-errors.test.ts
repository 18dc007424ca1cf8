import { describe, expect, it } from 'vitest';
import { describeRange, encodeValue, validateValue, VALUE_TYPES, type ValueType } from './codec';

/** [type, what was typed, text the message must contain] */
type ErrorCase = [ValueType, string, string];

function expectBadInput([type, text, fragment]: ErrorCase): void {
  const result = encodeValue(type, text, 'le');
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error.code).toBe('E_BAD_INPUT');
  expect(result.error.message).toContain(fragment);
  expect(result.error.message).toContain(type);
  expect(result.error.allowed).toBe(describeRange(type));
  expect(validateValue(type, text, 'be')).toEqual(result.error);
}

describe('integers out of range', () => {
  const cases: ErrorCase[] = [
    ['u8', '300', '300 is out of range for u8'],
    ['u8', '256', '256 is out of range for u8'],
    ['u8', '-1', '-1 is out of range for u8'],
    ['u8', '0x1ff', '0x1ff (511) is out of range for u8'],
    ['i8', '128', '128 is out of range for i8'],
    ['i8', '-129', '-129 is out of range for i8'],
    ['i8', '0x100', '0x100 (256) is out of range for i8'],
    ['i8', '-0xff', '-0xff (-255) is out of range for i8'],
    // A sign makes a hex literal a number, not a bit pattern.
    ['i8', '+0xff', '+0xff (255) is out of range for i8'],
    ['u16', '65536', '65536 is out of range for u16'],
    ['i16', '32768', '32768 is out of range for i16'],
    ['u32', '4294967296', '4294967296 is out of range for u32'],
    ['i32', '-2147483649', '-2147483649 is out of range for i32'],
    ['i32', '0x1_0000_0000', '0x1_0000_0000 (4294967296) is out of range for i32'],
    ['u64', '18446744073709551616', '18446744073709551616 is out of range for u64'],
    ['u64', '-1', '-1 is out of range for u64'],
    ['i64', '9223372036854775808', '9223372036854775808 is out of range for i64'],
    ['i64', '-9223372036854775809', '-9223372036854775809 is out of range for i64'],
    ['i64', '0x10000000000000000', '(18446744073709551616) is out of range for i64'],
  ];
  it.each(cases)('%s %j', (...errorCase) => expectBadInput(errorCase));

  it('shortens a very long number in the message', () => {
    const result = encodeValue('u8', '9'.repeat(500), 'le');
    expect(result.ok ? '' : result.error.message).toMatch(/^9{20}…9{20} is out of range for u8$/);
  });
});

describe('integer syntax', () => {
  const cases: ErrorCase[] = [
    ['u8', '12a', `"12a" is not a valid u8 value: 'a' at position 3 is not a decimal digit`],
    ['u8', ' 12a', `'a' at position 4`],
    ['u8', '1 0', 'a space at position 2 is not a decimal digit'],
    ['u16', '0x1g', `'g' at position 4 is not a hex digit`],
    ['u8', '0b102', `'2' at position 5 is not a binary digit`],
    ['u8', '0o8', `'8' at position 3 is not an octal digit`],
    ['u8', '１', `'１' (U+FF11) at position 1 is not a decimal digit`],
    ['u8', '1\t2', 'U+0009 at position 2'],
    ['u8', '1.5', '"1.5" is not a valid u8 value: it is not a whole number'],
    ['i32', '1e3', 'without a decimal point or exponent'],
    ['u8', '-', 'it has no digits after "-"'],
    ['u8', '0x', 'it has no digits after "0x"'],
    ['i8', '-0b', 'it has no digits after "-0b"'],
    ['u8', '1__0', `'_' at position 2 must sit between two digits`],
    ['u8', '_1', `'_' at position 1 must sit between two digits`],
    ['u8', '1_', `'_' at position 2 must sit between two digits`],
    ['u8', '0x_1', `'_' at position 3 must sit between two digits`],
    ['u8', 'NaN', `'N' at position 1 is not a decimal digit`],
  ];
  it.each(cases)('%s %j', (...errorCase) => expectBadInput(errorCase));
});

describe('floats', () => {
  const cases: ErrorCase[] = [
    ['f32', '3.5e38', '3.5e38 is out of range for f32'],
    ['f32', '-1e39', '-1e39 is out of range for f32'],
    // Halfway between FLT_MAX and the next power: rounds to infinity, so out of range.
    ['f32', '3.4028235677973366e38', 'is out of range for f32'],
    ['f64', '1e309', '1e309 is out of range for f64'],
    ['f64', '-1e400', '-1e400 is out of range for f64'],
    ['f32', '1.2.3', `"1.2.3" is not a valid f32 value: unexpected '.' at position 4`],
    ['f32', '1e', `it needs a digit after 'e'`],
    ['f64', '1e+', `it needs a digit after '+'`],
    ['f64', '-', `it needs a digit after '-'`],
    ['f64', '.', `it needs a digit after '.'`],
    ['f64', 'abc', `unexpected 'a' at position 1`],
    ['f64', '0x10', `unexpected 'x' at position 2`],
    ['f64', '-nan', `unexpected 'n' at position 2`],
    ['f64', '1__0.5', `'_' at position 2 must sit between two digits`],
    ['f64', '1,5', `unexpected ',' at position 2`],
  ];
  it.each(cases)('%s %j', (...errorCase) => expectBadInput(errorCase));

  it('accepts the largest finite float32 however it is spelled', () => {
    expect(validateValue('f32', '3.4028235e38', 'le')).toBeNull();
    expect(validateValue('f32', '-3.4028234663852886e38', 'le')).toBeNull();
  });
});

describe('text and hex', () => {
  const cases: ErrorCase[] = [
    ['ascii', 'café', `'é' (U+00E9) at position 4 is not an ASCII character`],
    ['ascii', 'a😀', `'😀' (U+1F600) at position 2 is not an ASCII character`],
    ['utf8', 'a\ud800', 'U+D800 at position 2 is half of a surrogate pair'],
    ['utf8', '\udc00x', 'U+DC00 at position 1'],
    ['hex', 'de ad b', '"b" at position 7 has an odd number of digits (1)'],
    ['hex', 'deadbee', '"deadbee" at position 1 has an odd number of digits (7)'],
    ['hex', 'de ag', `'g' at position 5 is not a hex digit`],
    ['hex', 'de-ad', `'-' at position 3 is not a hex digit`],
    ['hex', '0xde0xad', `'x' at position 6 is not a hex digit`],
    ['hex', 'de 0x', '"0x" at position 4 has no digits after 0x'],
  ];
  it.each(cases)('%s %j', (...errorCase) => expectBadInput(errorCase));
});

describe('empty input', () => {
  it.each(VALUE_TYPES.filter((type) => type !== 'ascii' && type !== 'utf8'))(
    '%s: empty or blank is nothing to write',
    (type) => {
      expectBadInput([type, '', `Nothing to write: the ${type} value is empty`]);
      expectBadInput([type, ' \t ', `Nothing to write: the ${type} value is empty`]);
    },
  );

  it.each(['ascii', 'utf8'] as const)(
    '%s: empty is nothing to write, but spaces are text',
    (type) => {
      expectBadInput([type, '', `Nothing to write: the ${type} value is empty`]);
      expect(validateValue(type, '   ', 'le')).toBeNull();
    },
  );

  it('hex made only of separators is empty', () => {
    expectBadInput(['hex', ' , ,', 'Nothing to write: the hex value is empty']);
  });
});

describe('describeRange', () => {
  it('names the exact bounds of each integer type', () => {
    const bounds: [ValueType, string, string][] = [
      ['u8', '0', '255'],
      ['i8', '-128', '127'],
      ['u16', '0', '65535'],
      ['i16', '-32768', '32767'],
      ['u32', '0', '4294967295'],
      ['i32', '-2147483648', '2147483647'],
      ['u64', '0', '18446744073709551615'],
      ['i64', '-9223372036854775808', '9223372036854775807'],
    ];
    for (const [type, min, max] of bounds) {
      expect(describeRange(type)).toContain(`from ${min} to ${max}`);
    }
    expect(describeRange('i16')).toContain('bit pattern up to 0xffff');
  });

  it('says what each other type accepts', () => {
    expect(describeRange('f32')).toContain('3.4028235e38');
    expect(describeRange('f64')).toContain('1.7976931348623157e308');
    expect(describeRange('ascii')).toContain('U+007F');
    expect(describeRange('utf8')).toContain('UTF-8');
    expect(describeRange('hex')).toContain('"de ad be ef"');
  });
});
