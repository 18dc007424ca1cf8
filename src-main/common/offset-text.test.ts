import { describe, expect, it } from 'vitest';
import {
  OFFSET_ALLOWED,
  bytesText,
  encodeWriteValue,
  offsetRangeProblem,
  offsetText,
  parseOffset,
} from './offset-text';
import { MAX_LAB_SEGMENT, MAX_VALUE_TEXT } from './schemas';

describe('bytesText and offsetText', () => {
  it('uses the singular for one byte only', () => {
    expect(bytesText(1)).toBe('1 byte');
    expect(bytesText(0)).toBe('0 bytes');
    expect(bytesText(4)).toBe('4 bytes');
  });

  it('gives decimal and hex', () => {
    expect(offsetText(0)).toBe('0 (0x0)');
    expect(offsetText(4095)).toBe('4095 (0xfff)');
  });
});

describe('parseOffset', () => {
  it('reads decimal and hex alike, as every offset field must', () => {
    expect(parseOffset('16')).toEqual({ ok: true, value: 16 });
    expect(parseOffset('0x10')).toEqual({ ok: true, value: 16 });
    expect(parseOffset(' 0X1_0 ')).toEqual({ ok: true, value: 16 });
    expect(parseOffset('0b10000')).toEqual({ ok: true, value: 16 });
    expect(parseOffset(String(MAX_LAB_SEGMENT))).toEqual({ ok: true, value: MAX_LAB_SEGMENT });
  });

  it('refuses negative, empty, malformed and too large offsets, naming what is allowed', () => {
    const negative = parseOffset('-4');
    expect(!negative.ok && negative.message).toBe(
      `An offset cannot be negative (-4); allowed: ${OFFSET_ALLOWED}`,
    );
    const empty = parseOffset('  ');
    expect(!empty.ok && empty.message).toMatch(/^The offset is empty; allowed: /);
    const typo = parseOffset('1O');
    expect(!typo.ok && typo.message).toMatch(/^"1O" is not an offset: 'O' at position 2/);
    const fraction = parseOffset('1.5');
    expect(!fraction.ok && fraction.message).toMatch(/not a whole number/);
    const huge = parseOffset(String(MAX_LAB_SEGMENT + 1));
    expect(!huge.ok && huge.message).toMatch(/past the largest Lab segment/);
  });
});

describe('offsetRangeProblem', () => {
  it('accepts a value that ends exactly at the end', () => {
    expect(offsetRangeProblem(4092, 4, 4096)).toBeNull();
    expect(offsetRangeProblem(0, 4096, 4096)).toBeNull();
  });

  it('names the allowed offsets when the value runs past the end', () => {
    expect(offsetRangeProblem(4094, 4, 4096)).toBe(
      '4 bytes at offset 4094 (0xffe) would end at 4098, past the end of the 4096-byte attachment; allowed offsets for 4 bytes: 0 to 4092 (0xffc).',
    );
    expect(offsetRangeProblem(5000, 1, 4096)).toMatch(
      /^Offset 5000 \(0x1388\) is past the end.*0 to 4095/,
    );
    expect(offsetRangeProblem(0, 5000, 4096)).toMatch(/more than the whole 4096-byte attachment/);
  });
});

describe('encodeWriteValue', () => {
  it('gives the bytes a write stores', () => {
    const encoded = encodeWriteValue('u32', '0x2a', 'le');
    expect(encoded.ok && Array.from(encoded.bytes)).toEqual([0x2a, 0, 0, 0]);
    const big = encodeWriteValue('u16', '258', 'be');
    expect(big.ok && Array.from(big.bytes)).toEqual([1, 2]);
  });

  it('refuses what the write schema refuses: out-of-range values and over-long text', () => {
    const range = encodeWriteValue('u8', '300', 'le');
    expect(!range.ok && range.error.message).toMatch(/300 is out of range for u8/);
    const long = encodeWriteValue('ascii', 'x'.repeat(MAX_VALUE_TEXT + 1), 'le');
    expect(!long.ok && long.error.allowed).toBe(`at most ${MAX_VALUE_TEXT} characters`);
  });
});
