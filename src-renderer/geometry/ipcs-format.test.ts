import { describe, expect, it } from 'vitest';
import { formatCtime, formatKey, formatOctal } from './ipcs-format';

describe('ipcs formatting', () => {
  it('formats times like ctime(), with a space-padded day, or Not set', () => {
    const seconds = new Date(2026, 10, 7, 2, 1, 40).getTime() / 1000;
    expect(formatCtime(seconds)).toBe('Sat Nov  7 02:01:40 2026');
    expect(formatCtime(new Date(2026, 10, 27, 14, 5, 9).getTime() / 1000)).toBe(
      'Fri Nov 27 14:05:09 2026',
    );
    expect(formatCtime(0)).toBe('Not set');
  });

  it('formats modes like %#o', () => {
    expect(formatOctal(0o640)).toBe('0640');
    expect(formatOctal(0o1600)).toBe('01600');
    expect(formatOctal(0)).toBe('0');
  });

  it('formats keys as eight hex digits, negatives as their unsigned bits', () => {
    expect(formatKey(0x1234)).toBe('0x00001234');
    expect(formatKey(0)).toBe('0x00000000');
    expect(formatKey(-559038737)).toBe('0xdeadbeef');
  });
});
