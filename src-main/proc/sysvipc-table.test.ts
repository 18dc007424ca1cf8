import { describe, expect, it } from 'vitest';
import { ProcFormatError } from './proc-error';
import {
  decimal,
  octal,
  parseSysvTable,
  parseSysvTableWithExtra,
  signedDecimal,
} from './sysvipc-table';

describe('field parsers', () => {
  it('decimal: digits only, leading zeros allowed, up to the largest safe integer', () => {
    expect(decimal('0')).toBe(0);
    expect(decimal('0042')).toBe(42);
    expect(decimal('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    for (const text of ['', '-1', '+1', ' 1', '1 ', '1.0', '1e4', '0x10', 'twelve']) {
      expect(decimal(text), text).toBeNull();
    }
  });

  it('a value past 2^53 is never read as a safe integer', () => {
    for (const text of ['9007199254740992', '9007199254740993', '18446744073709551615']) {
      const value = decimal(text);
      expect(value !== null && Number.isSafeInteger(value), text).toBe(false);
    }
  });

  it('signedDecimal: key_t as printed, negative when its top bit is set', () => {
    expect(signedDecimal('-559038737')).toBe(-559038737);
    expect(signedDecimal('1095779')).toBe(1095779);
    for (const text of ['-', '--1', '1-', '', '+5']) expect(signedDecimal(text), text).toBeNull();
  });

  it('octal: mode bits, refusing 8 and 9', () => {
    expect(octal('1600')).toBe(0o1600);
    expect(octal('0777')).toBe(0o777);
    for (const text of ['680', '9', '', '-1']) expect(octal(text), text).toBeNull();
  });
});

describe('parseSysvTable', () => {
  const TABLE = [
    '  id  mode  owner numa',
    '   7   644   1000 node0',
    '  12  1600      0 node1',
    '',
  ];

  it('reads the wanted columns by name; the variant keeps the others in extra, as printed', () => {
    const columns = { owner: decimal, id: decimal, mode: octal };
    expect(parseSysvTable(TABLE.join('\n'), 'test', columns)).toEqual([
      { owner: 1000, id: 7, mode: 0o644 },
      { owner: 0, id: 12, mode: 0o1600 },
    ]);
    expect(parseSysvTableWithExtra(TABLE.join('\n'), 'test', { id: decimal })).toEqual([
      { id: 7, extra: { mode: '644', owner: '1000', numa: 'node0' } },
      { id: 12, extra: { mode: '1600', owner: '0', numa: 'node1' } },
    ]);
  });

  it('names the line and the column of a malformed field', () => {
    const bad = [...TABLE];
    bad[2] = '  12  1690      0 node1';
    let caught: unknown;
    try {
      parseSysvTable(bad.join('\n'), 'test', { id: decimal, mode: octal });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ProcFormatError);
    expect(caught).toMatchObject({ lineNumber: 3, source: 'test' });
    expect((caught as Error).message).toMatch(/column "mode" is not a whole number .*"1690"/);
  });
});
