import { describe, expect, it } from 'vitest';
import {
  byteWidth,
  decodeValue,
  encodeValue,
  VALUE_TYPES,
  type Endianness,
  type ValueType,
} from './codec';

function bytesOf(type: ValueType, text: string, endian: Endianness = 'le'): number[] {
  const result = encodeValue(type, text, endian);
  if (!result.ok) throw new Error(`${type} ${JSON.stringify(text)}: ${result.error.message}`);
  return Array.from(result.bytes);
}

const decode = (type: ValueType, bytes: number[], endian: Endianness = 'le'): string =>
  decodeValue(type, Uint8Array.from(bytes), endian);

describe('byteWidth', () => {
  it('gives each fixed width and null for variable-length types', () => {
    expect(Object.fromEntries(VALUE_TYPES.map((type) => [type, byteWidth(type)]))).toEqual({
      u8: 1,
      i8: 1,
      u16: 2,
      i16: 2,
      u32: 4,
      i32: 4,
      u64: 8,
      i64: 8,
      f32: 4,
      f64: 8,
      ascii: null,
      utf8: null,
      hex: null,
    });
  });
});

describe('integers', () => {
  // [type, typed, little-endian bytes, displayed back]
  const cases: [ValueType, string, number[], string][] = [
    ['u8', '0', [0x00], '0'],
    ['u8', '255', [0xff], '255'],
    ['u8', '0xff', [0xff], '255'],
    ['u8', '0b1010', [0x0a], '10'],
    ['u8', '0o17', [0x0f], '15'],
    ['u8', '  42  ', [0x2a], '42'],
    ['u8', '+42', [0x2a], '42'],
    ['u8', '007', [0x07], '7'],
    ['u8', '-0', [0x00], '0'],
    ['i8', '-128', [0x80], '-128'],
    ['i8', '127', [0x7f], '127'],
    ['i8', '-1', [0xff], '-1'],
    ['i8', '0xff', [0xff], '-1'],
    ['i8', '0x80', [0x80], '-128'],
    ['i8', '-0x80', [0x80], '-128'],
    ['u16', '0x1234', [0x34, 0x12], '4660'],
    ['u16', '65535', [0xff, 0xff], '65535'],
    ['u16', '1_000', [0xe8, 0x03], '1000'],
    ['i16', '-2', [0xfe, 0xff], '-2'],
    ['i16', '-32768', [0x00, 0x80], '-32768'],
    ['u32', '0x11223344', [0x44, 0x33, 0x22, 0x11], '287454020'],
    ['u32', '4294967295', [0xff, 0xff, 0xff, 0xff], '4294967295'],
    ['u32', '0xdead_beef', [0xef, 0xbe, 0xad, 0xde], '3735928559'],
    ['i32', '-2147483648', [0x00, 0x00, 0x00, 0x80], '-2147483648'],
    ['i32', '2147483647', [0xff, 0xff, 0xff, 0x7f], '2147483647'],
    ['i32', '0xffffffff', [0xff, 0xff, 0xff, 0xff], '-1'],
    ['u64', '0', [0, 0, 0, 0, 0, 0, 0, 0], '0'],
    [
      'u64',
      '18446744073709551615',
      [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
      '18446744073709551615',
    ],
    ['u64', '0x0102030405060708', [8, 7, 6, 5, 4, 3, 2, 1], '72623859790382856'],
    ['u64', '9007199254740993', [0x01, 0, 0, 0, 0, 0, 0x20, 0], '9007199254740993'],
    ['i64', '-9223372036854775808', [0, 0, 0, 0, 0, 0, 0, 0x80], '-9223372036854775808'],
    [
      'i64',
      '9223372036854775807',
      [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f],
      '9223372036854775807',
    ],
    ['i64', '-1', [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], '-1'],
    [
      'i64',
      '-9007199254740993',
      [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xdf, 0xff],
      '-9007199254740993',
    ],
  ];

  it.each(cases)(
    '%s %j is written little-endian as %j and reads back as %s',
    (type, text, le, shown) => {
      expect(bytesOf(type, text, 'le')).toEqual(le);
      expect(decode(type, le, 'le')).toBe(shown);
    },
  );

  it.each(cases)('%s %j is written big-endian as the reverse', (type, text, le, shown) => {
    const be = [...le].reverse();
    expect(bytesOf(type, text, 'be')).toEqual(be);
    expect(decode(type, be, 'be')).toBe(shown);
  });

  it('reads a view that starts inside a larger buffer', () => {
    const read = Uint8Array.from([0x99, 0x99, 0x44, 0x33, 0x22, 0x11, 0x99]).subarray(2, 6);
    expect(decodeValue('u32', read, 'le')).toBe('287454020');
    expect(decodeValue('i16', read.subarray(2), 'be')).toBe(String(0x2211));
  });
});

describe('floats', () => {
  const cases: [ValueType, string, number[], string][] = [
    ['f32', '1', [0x00, 0x00, 0x80, 0x3f], '1'],
    ['f32', '-0', [0x00, 0x00, 0x00, 0x80], '-0'],
    ['f32', '0.1', [0xcd, 0xcc, 0xcc, 0x3d], '0.1'],
    ['f32', '-2.5e-3', [0x0a, 0xd7, 0x23, 0xbb], '-0.0025'],
    ['f32', 'NaN', [0x00, 0x00, 0xc0, 0x7f], 'NaN'],
    ['f32', 'Infinity', [0x00, 0x00, 0x80, 0x7f], 'Infinity'],
    ['f32', '-inf', [0x00, 0x00, 0x80, 0xff], '-Infinity'],
    ['f32', '3.4028235e38', [0xff, 0xff, 0x7f, 0x7f], '3.4028235e+38'],
    ['f32', '3.4028234663852886e38', [0xff, 0xff, 0x7f, 0x7f], '3.4028235e+38'],
    ['f32', '1e-45', [0x01, 0x00, 0x00, 0x00], '1e-45'],
    // Not exactly representable: rounds to the nearest float32, as a C cast would.
    ['f32', '16777217', [0x00, 0x00, 0x80, 0x4b], '16777216'],
    ['f64', '1', [0, 0, 0, 0, 0, 0, 0xf0, 0x3f], '1'],
    ['f64', '-0', [0, 0, 0, 0, 0, 0, 0, 0x80], '-0'],
    ['f64', '0.1', [0x9a, 0x99, 0x99, 0x99, 0x99, 0x99, 0xb9, 0x3f], '0.1'],
    ['f64', 'nan', [0, 0, 0, 0, 0, 0, 0xf8, 0x7f], 'NaN'],
    ['f64', '-Infinity', [0, 0, 0, 0, 0, 0, 0xf0, 0xff], '-Infinity'],
    [
      'f64',
      '1.7976931348623157e308',
      [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xef, 0x7f],
      '1.7976931348623157e+308',
    ],
    ['f64', '5e-324', [1, 0, 0, 0, 0, 0, 0, 0], '5e-324'],
    ['f64', '9007199254740993', [0, 0, 0, 0, 0, 0, 0x40, 0x43], '9007199254740992'],
    ['f64', '1_000.5', [0, 0, 0, 0, 0, 0x44, 0x8f, 0x40], '1000.5'],
    ['f64', '.5', [0, 0, 0, 0, 0, 0, 0xe0, 0x3f], '0.5'],
    ['f64', '1e21', [0x50, 0xef, 0xe2, 0xd6, 0xe4, 0x1a, 0x4b, 0x44], '1e+21'],
  ];

  it.each(cases)(
    '%s %j is written little-endian as %j and reads back as %s',
    (type, text, le, shown) => {
      expect(bytesOf(type, text, 'le')).toEqual(le);
      expect(decode(type, le, 'le')).toBe(shown);
    },
  );

  it.each(cases)('%s %j is written big-endian as the reverse', (type, text, le, shown) => {
    const be = [...le].reverse();
    expect(bytesOf(type, text, 'be')).toEqual(be);
    expect(decode(type, be, 'be')).toBe(shown);
  });

  it('shows any NaN payload as NaN', () => {
    expect(decode('f32', [0x01, 0x00, 0x80, 0xff])).toBe('NaN');
  });
});

describe('text and hex', () => {
  it('writes ascii exactly as typed, spaces and control characters included', () => {
    expect(bytesOf('ascii', 'Hi!')).toEqual([0x48, 0x69, 0x21]);
    expect(bytesOf('ascii', ' a ')).toEqual([0x20, 0x61, 0x20]);
    expect(bytesOf('ascii', '\u0000\u007f')).toEqual([0x00, 0x7f]);
  });

  it('shows ascii bytes outside 0x20-0x7e as dots', () => {
    expect(decode('ascii', [0x48, 0x00, 0x0a, 0x7f, 0x80, 0xff, 0x7e, 0x20])).toBe('H.....~ ');
  });

  it('writes utf8 with 1 to 4 bytes per character and reads it back', () => {
    const cases: [string, number[]][] = [
      ['A', [0x41]],
      ['é', [0xc3, 0xa9]],
      ['€', [0xe2, 0x82, 0xac]],
      ['😀', [0xf0, 0x9f, 0x98, 0x80]],
    ];
    for (const [text, bytes] of cases) {
      expect(bytesOf('utf8', text)).toEqual(bytes);
      expect(decode('utf8', bytes)).toBe(text);
    }
  });

  it('shows invalid utf8 as U+FFFD and keeps a byte-order mark', () => {
    expect(decode('utf8', [0x41, 0xff, 0x42])).toBe('A\ufffdB');
    expect(decode('utf8', [0xef, 0xbb, 0xbf, 0x41])).toBe('\ufeffA');
  });

  it.each([
    'de ad be ef',
    'deadbeef',
    '0xde 0xad 0xbe 0xef',
    '0xDEADBEEF',
    'de,ad, be ,ef',
    '\tde\nad  beef ',
  ])('reads hex %j as de ad be ef, in written order whatever the endianness', (text) => {
    expect(bytesOf('hex', text, 'le')).toEqual([0xde, 0xad, 0xbe, 0xef]);
    expect(bytesOf('hex', text, 'be')).toEqual([0xde, 0xad, 0xbe, 0xef]);
  });

  it('shows bytes as hex pairs, and zero bytes as nothing', () => {
    expect(decode('hex', [0x00, 0x0f, 0x10, 0xff])).toBe('00 0f 10 ff');
    expect(decode('hex', [])).toBe('');
    expect(decode('utf8', [])).toBe('');
  });
});

it('ignores endianness for 1-byte types', () => {
  expect(bytesOf('u8', '0x12', 'be')).toEqual(bytesOf('u8', '0x12', 'le'));
  expect(decode('i8', [0xfe], 'be')).toBe('-2');
});

it('refuses to decode a fixed-width type from the wrong number of bytes', () => {
  expect(() => decode('u32', [1, 2, 3])).toThrow(RangeError);
  expect(() => decode('f64', [1, 2, 3, 4, 5, 6, 7, 8, 9])).toThrow(
    /f64 needs exactly 8 bytes, got 9/,
  );
});
