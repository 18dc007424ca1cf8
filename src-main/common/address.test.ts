import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADDRESS_ALLOWED, formatAddress, parseAddress, toBigIntAddress } from './address';

const ADDRESS_MAX = (1n << 64n) - 1n;

describe('formatAddress', () => {
  it('writes 0x and lowercase hex, at least 12 digits, at most 16', () => {
    expect(formatAddress(0n)).toBe('0x000000000000');
    expect(formatAddress(0x401000n)).toBe('0x000000401000');
    expect(formatAddress(0x7f3a1442e000n)).toBe('0x7f3a1442e000');
    expect(formatAddress(0x1000000000000n)).toBe('0x1000000000000');
    expect(formatAddress(ADDRESS_MAX)).toBe('0xffffffffffffffff');
  });

  it('refuses values that are not 64-bit addresses', () => {
    expect(() => formatAddress(-1n)).toThrow(RangeError);
    expect(() => formatAddress(ADDRESS_MAX + 1n)).toThrow(RangeError);
  });
});

describe('toBigIntAddress', () => {
  it('accepts a bigint, 0x hex or decimal text, or a safe integer', () => {
    expect(toBigIntAddress(0x7f3a1442e000n)).toBe(0x7f3a1442e000n);
    expect(toBigIntAddress('0x7f3a1442e000')).toBe(0x7f3a1442e000n);
    expect(toBigIntAddress('0xFFFFFFFFFFFFFFFF')).toBe(ADDRESS_MAX);
    expect(toBigIntAddress('4096')).toBe(4096n);
    expect(toBigIntAddress(4096)).toBe(4096n);
  });

  it.each<bigint | number | string>([
    -1n,
    ADDRESS_MAX + 1n,
    -1,
    2 ** 53,
    1.5,
    Number.NaN,
    '',
    '0x',
    '-4096',
    '0x1_000',
    ' 4096',
    '0x10000000000000000',
    '18446744073709551616',
  ])('refuses %s', (value) => {
    expect(() => toBigIntAddress(value)).toThrow(RangeError);
  });

  it('reads back every formatted address', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: ADDRESS_MAX }), (address) => {
        expect(toBigIntAddress(formatAddress(address))).toBe(address);
      }),
    );
  });
});

describe('parseAddress', () => {
  it('reads what a person types', () => {
    const addresses = ['0x7f3a_1442_e000', ' 0x7F3A1442E000 ', '139887424757760'].map((text) => {
      const result = parseAddress(text);
      return result.ok ? result.address : result.error.message;
    });
    expect(addresses).toEqual([0x7f3a1442e000n, 0x7f3a1442e000n, 0x7f3a1442e000n]);
  });

  it.each([
    ['', 'Nothing to use: the address is empty'],
    [
      '7f3a1442e000',
      `"7f3a1442e000" is not a valid address: 'f' at position 2 is not a decimal digit`,
    ],
    ['-0x1000', '"-0x1000" is out of range for a 64-bit address'],
    ['0x1_0000_0000_0000_0000', 'is out of range for a 64-bit address'],
  ])('reports %j with a precise message', (text, message) => {
    const result = parseAddress(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('E_BAD_INPUT');
    expect(result.error.message).toContain(message);
    expect(result.error.allowed).toBe(ADDRESS_ALLOWED);
  });
});
