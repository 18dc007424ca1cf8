import { describe, expect, it } from 'vitest';
import type { MapRegion } from '../../../src-main/common/api';
import { X86_64_VSYSCALL, largestAnonymous, upperBand } from './address-space-facts';

const region = (start: string, end: string, path: string, perms = 'rw-p'): MapRegion => ({
  start,
  end,
  perms,
  offset: '0x0',
  dev: '00:00',
  inode: 0,
  path,
  kind: path === '' ? 'anonymous' : path === '[stack]' ? 'stack' : 'library',
});

// Lines as a Node child's maps show them (x86-64).
const maps = [
  region('0x7f7ec17c0000', '0x7f7ec1fc0000', ''),
  region('0x7f7ec1fff000', '0x7f7ee1e00000', '', '---p'),
  region('0x7f7ee9200000', '0x7f7ee9299000', '/usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30'),
  region('0x7fffd1e80000', '0x7fffd1ea1000', '[stack]'),
  region('0xffffffffff600000', '0xffffffffff601000', '[vsyscall]', '--xp'),
];

describe('upperBand', () => {
  it('measures the band from the end of [stack] to [vsyscall]', () => {
    const band = upperBand(maps);
    expect(band).toEqual({
      stackEnd: 0x7fffd1ea1000n,
      vsyscallStart: X86_64_VSYSCALL,
      bytes: X86_64_VSYSCALL - 0x7fffd1ea1000n,
      x86_64: true,
    });
    // Practically all of 2^64: the 16 EiB the diagram folds.
    expect(Number(band!.bytes) / 2 ** 64).toBeGreaterThan(0.99);
  });

  it('gives null without [stack] or [vsyscall]', () => {
    expect(upperBand(maps.slice(0, 4))).toBeNull();
    expect(upperBand([maps[4]!])).toBeNull();
  });
});

describe('largestAnonymous', () => {
  it('finds the largest nameless mapping, with its permissions', () => {
    expect(largestAnonymous(maps)).toEqual({
      start: 0x7f7ec1fff000n,
      bytes: 0x7f7ee1e00000n - 0x7f7ec1fff000n,
      perms: '---p',
    });
    expect(largestAnonymous(maps.slice(2))).toBeNull();
  });
});
