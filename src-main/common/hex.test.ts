import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatHex, HEX_ALLOWED, parseHex } from './hex';

function parsed(text: string): number[] {
  const result = parseHex(text);
  if (!result.ok) throw new Error(result.error.message);
  return Array.from(result.bytes);
}

describe('formatHex', () => {
  it('writes lowercase two-digit pairs separated by single spaces', () => {
    expect(formatHex(Uint8Array.from([0x00, 0x0a, 0xab, 0xff]))).toBe('00 0a ab ff');
    expect(formatHex(new Uint8Array(0))).toBe('');
  });
});

describe('parseHex', () => {
  it('reads pairs with or without separators and 0x prefixes, in written order', () => {
    expect(parsed('de ad be ef')).toEqual([0xde, 0xad, 0xbe, 0xef]);
    expect(parsed('DEADbeef')).toEqual([0xde, 0xad, 0xbe, 0xef]);
    expect(parsed('0xde, 0XAD,0xbeef')).toEqual([0xde, 0xad, 0xbe, 0xef]);
    expect(parsed('00')).toEqual([0x00]);
  });

  it('names the offending token or character and where it is', () => {
    const messages = ['a', 'de a', 'de zz', 'de 0x', 'de\u00a0ad\u00e9'].map((text) => {
      const result = parseHex(text);
      return result.ok ? 'ok' : `${result.error.code}: ${result.error.message}`;
    });
    expect(messages).toEqual([
      'E_BAD_INPUT: Not valid hex: "a" at position 1 has an odd number of digits (1); each byte is exactly two, e.g. 05 rather than 5',
      'E_BAD_INPUT: Not valid hex: "a" at position 4 has an odd number of digits (1); each byte is exactly two, e.g. 05 rather than 5',
      "E_BAD_INPUT: Not valid hex: 'z' at position 4 is not a hex digit (0-9, a-f)",
      'E_BAD_INPUT: Not valid hex: "0x" at position 4 has no digits after 0x',
      "E_BAD_INPUT: Not valid hex: 'é' (U+00E9) at position 6 is not a hex digit (0-9, a-f)",
    ]);
  });

  it('gives the allowed forms with every error', () => {
    const result = parseHex('xyz');
    expect(result.ok ? '' : result.error.allowed).toBe(HEX_ALLOWED);
  });

  it('reads back whatever formatHex writes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1 }), (bytes) => {
        expect(parsed(formatHex(bytes))).toEqual(Array.from(bytes));
      }),
    );
  });
});
