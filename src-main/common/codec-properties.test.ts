import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  byteWidth,
  decodeValue,
  describeRange,
  encodeValue,
  validateValue,
  VALUE_TYPES,
  type Endianness,
  type ValueType,
} from './codec';

const INTEGER_TYPES = [
  ['u8', 8, false],
  ['i8', 8, true],
  ['u16', 16, false],
  ['i16', 16, true],
  ['u32', 32, false],
  ['i32', 32, true],
  ['u64', 64, false],
  ['i64', 64, true],
] as const;

const endian = fc.constantFrom<Endianness>('le', 'be');

function encoded(type: ValueType, text: string, order: Endianness): Uint8Array {
  const result = encodeValue(type, text, order);
  if (!result.ok) throw new Error(`${type} ${JSON.stringify(text)}: ${result.error.message}`);
  return result.bytes;
}

/** The bytes of a two's-complement pattern, computed with shifts rather than DataView. */
function expectedBytes(value: bigint, bits: number, order: Endianness): number[] {
  const pattern = BigInt.asUintN(bits, value);
  const le = Array.from({ length: bits / 8 }, (_, k) => Number((pattern >> BigInt(8 * k)) & 0xffn));
  return order === 'le' ? le : le.reverse();
}

/** How a test spells a number so that -0 keeps its sign. */
const spell = (value: number): string => (Object.is(value, -0) ? '-0' : String(value));

const sameNumber = (a: number, b: number): boolean =>
  Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

describe.each(INTEGER_TYPES)('%s', (type, bits, signed) => {
  const min = signed ? -(1n << BigInt(bits - 1)) : 0n;
  const max = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;

  it('writes every value as its two’s-complement bytes and reads it back exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({ min, max }), endian, (value, order) => {
        const bytes = encoded(type, value.toString(), order);
        expect(Array.from(bytes)).toEqual(expectedBytes(value, bits, order));
        expect(decodeValue(type, bytes, order)).toBe(value.toString());
      }),
    );
  });

  it('gives the same bytes for hex, binary and octal spellings', () => {
    fc.assert(
      fc.property(fc.bigInt({ min, max }), endian, (value, order) => {
        const sign = value < 0n ? '-' : '';
        const magnitude = value < 0n ? -value : value;
        const decimal = Array.from(encoded(type, value.toString(), order));
        expect(Array.from(encoded(type, `${sign}0x${magnitude.toString(16)}`, order))).toEqual(
          decimal,
        );
        expect(Array.from(encoded(type, `${sign}0b${magnitude.toString(2)}`, order))).toEqual(
          decimal,
        );
        expect(Array.from(encoded(type, `${sign}0o${magnitude.toString(8)}`, order))).toEqual(
          decimal,
        );
      }),
    );
  });

  it('rejects every value just outside the range', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 1n << 70n }), (excess) => {
        for (const value of [max + excess, min - excess]) {
          const result = encodeValue(type, value.toString(), 'le');
          expect(result.ok ? '' : result.error.message).toBe(
            `${value} is out of range for ${type}`,
          );
        }
      }),
    );
  });

  if (signed) {
    it('reads an unsigned hex literal as a bit pattern', () => {
      fc.assert(
        fc.property(fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n }), (pattern) => {
          const bytes = encoded(type, `0x${pattern.toString(16)}`, 'be');
          expect(decodeValue(type, bytes, 'be')).toBe(BigInt.asIntN(bits, pattern).toString());
        }),
      );
    });
  }
});

describe('floats', () => {
  it('f64: every double, NaN, infinities and -0 included, reads back as itself', () => {
    fc.assert(
      fc.property(fc.double(), endian, (value, order) => {
        const shown = decodeValue('f64', encoded('f64', spell(value), order), order);
        expect(sameNumber(Number(shown), value)).toBe(true);
      }),
    );
  });

  it('f32: every float32 reads back as itself, in no more digits than the double needs', () => {
    fc.assert(
      fc.property(fc.float(), endian, (value, order) => {
        const shown = decodeValue('f32', encoded('f32', spell(value), order), order);
        expect(sameNumber(Math.fround(Number(shown)), value)).toBe(true);
        expect(shown.length).toBeLessThanOrEqual(spell(value).length);
      }),
    );
  });

  it('f32: any double in range is stored rounded to the nearest float32', () => {
    const limit = 3.4028234663852886e38;
    fc.assert(
      fc.property(fc.double({ min: -limit, max: limit, noNaN: true }), endian, (value, order) => {
        const shown = decodeValue('f32', encoded('f32', spell(value), order), order);
        expect(sameNumber(Math.fround(Number(shown)), Math.fround(value))).toBe(true);
      }),
    );
  });
});

describe('any bytes', () => {
  it.each(VALUE_TYPES.filter((type) => type !== 'ascii' && type !== 'utf8'))(
    '%s: what decode shows encodes back to the same bytes',
    (type) => {
      const width = byteWidth(type);
      const bytes =
        width === null
          ? fc.uint8Array({ minLength: 1, maxLength: 64 })
          : fc.uint8Array({ minLength: width, maxLength: width });
      fc.assert(
        fc.property(bytes, endian, (original, order) => {
          const shown = decodeValue(type, original, order);
          const again = encoded(type, shown, order);
          // A float NaN may carry any payload; encoding NaN writes the canonical one.
          if (shown !== 'NaN') expect(Array.from(again)).toEqual(Array.from(original));
          else expect(decodeValue(type, again, order)).toBe('NaN');
        }),
      );
    },
  );

  it('utf8: text reads back as itself', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1 }), (text) => {
        expect(decodeValue('utf8', encoded('utf8', text, 'le'), 'le')).toBe(text);
      }),
    );
  });
});

describe('garbage input', () => {
  const numberish = fc.constantFrom(...'0123456789abefxobABEFXO_-+.eE nNaIiy,\t'.split(''));
  const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));
  const garbage = fc.oneof(
    fc.string({ unit: numberish, maxLength: 30 }),
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.string({ unit: anyCodeUnit, maxLength: 30 }),
  );

  it.each(VALUE_TYPES)(
    '%s: never throws; always bytes of the right width or a CodecError',
    (type) => {
      fc.assert(
        fc.property(garbage, endian, (text, order) => {
          const result = encodeValue(type, text, order);
          expect(validateValue(type, text, order)).toEqual(result.ok ? null : result.error);
          if (result.ok) {
            const width = byteWidth(type);
            expect(result.bytes.length).toBe(width ?? result.bytes.length);
            expect(result.bytes.length).toBeGreaterThan(0);
          } else {
            expect(result.error.code).toBe('E_BAD_INPUT');
            expect(result.error.message).toContain(type);
            expect(result.error.allowed).toBe(describeRange(type));
          }
        }),
        { numRuns: 500 },
      );
    },
  );
});
