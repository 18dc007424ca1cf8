import { describe, expect, it } from 'vitest';
import { formatBytes, formatOffsetSum } from './format';

const TiB = 1n << 40n;

describe('formatBytes', () => {
  it('writes exact bytes under 1 KiB', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(100)).toBe('100 B');
    expect(formatBytes(1023n)).toBe('1023 B');
  });

  it('drops a trailing .0 and keeps one decimal otherwise', () => {
    expect(formatBytes(1024)).toBe('1 KiB');
    expect(formatBytes(4096)).toBe('4 KiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(1572864n)).toBe('1.5 MiB');
    expect(formatBytes(3n << 30n)).toBe('3 GiB');
  });

  it('rounds to the nearest tenth', () => {
    expect(formatBytes(1075)).toBe('1 KiB'); // 1.0498 KiB
    expect(formatBytes(1076)).toBe('1.1 KiB'); // 1.0508 KiB
    expect(formatBytes((1274n * TiB) / 10n)).toBe('127.4 TiB');
    expect(formatBytes((12745n * TiB) / 100n + 1n)).toBe('127.5 TiB');
  });

  it('moves to the next unit when rounding reaches 1024', () => {
    expect(formatBytes(1048575)).toBe('1 MiB');
    expect(formatBytes((1n << 30n) - 1n)).toBe('1 GiB');
  });

  it('handles the whole 64-bit range with bigint', () => {
    expect(formatBytes(0xffffffffff600000n - 0x7ffc91fd7000n)).toBe('16 EiB');
    expect(formatBytes(1n << 64n)).toBe('16 EiB');
    expect(formatBytes(1n << 70n)).toBe('1024 EiB');
  });

  it('gives the same text for number and bigint', () => {
    expect(formatBytes(2 ** 40 * 3)).toBe(formatBytes(3n * TiB));
  });

  it('rejects negative and fractional counts', () => {
    expect(() => formatBytes(-1)).toThrow(RangeError);
    expect(() => formatBytes(-1n)).toThrow(RangeError);
    expect(() => formatBytes(1.5)).toThrow(RangeError);
    expect(() => formatBytes(Number.NaN)).toThrow(RangeError);
  });
});

describe('formatOffsetSum', () => {
  it('shows base + offset = address with the exact sum', () => {
    expect(formatOffsetSum(0x7f3a1442e000n, 16)).toEqual({
      base: '0x7f3a1442e000',
      offset: '0x10',
      sum: '0x7f3a1442e010',
    });
  });

  it('carries across digits', () => {
    expect(formatOffsetSum(0x7f3a1442efffn, 1)).toEqual({
      base: '0x7f3a1442efff',
      offset: '0x1',
      sum: '0x7f3a1442f000',
    });
  });

  it('writes a zero offset', () => {
    expect(formatOffsetSum(0x55d0c8a00000n, 0)).toEqual({
      base: '0x55d0c8a00000',
      offset: '0x0',
      sum: '0x55d0c8a00000',
    });
  });

  it('rejects bad offsets and sums past 64 bits', () => {
    expect(() => formatOffsetSum(0x1000n, -1)).toThrow(RangeError);
    expect(() => formatOffsetSum(0x1000n, 0.5)).toThrow(RangeError);
    expect(() => formatOffsetSum(0x1000n, 2 ** 53)).toThrow(RangeError);
    expect(() => formatOffsetSum((1n << 64n) - 1n, 1)).toThrow(RangeError);
  });
});
