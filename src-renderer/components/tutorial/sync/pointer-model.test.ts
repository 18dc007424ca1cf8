import { describe, expect, it } from 'vitest';
import type { MapRegion } from '../../../../src-main/common/api';
import {
  addressText,
  decodeU64,
  dereferenceText,
  findAddress,
  pointerValue,
  regionText,
} from './pointer-model';

const line = (
  start: string,
  end: string,
  perms: string,
  kind: MapRegion['kind'],
  path = '',
): MapRegion => ({ start, end, perms, offset: '0x0', dev: '00:00', inode: 0, path, kind });

/** Lines as a child's /proc/<pid>/maps gave them (shortened), unsorted as a caller may pass. */
const maps: MapRegion[] = [
  line('0x7f5e2c000000', '0x7f5e2c021000', 'rw-p', 'anonymous'),
  line('0x55d4c1a2b000', '0x55d4c1d5e000', 'rw-p', 'heap', '[heap]'),
  line(
    '0x7f5e2e1c0000',
    '0x7f5e2e1e6000',
    'r--p',
    'library',
    '/usr/lib/x86_64-linux-gnu/libc.so.6',
  ),
  line('0x7ffc8e3f1000', '0x7ffc8e412000', 'rw-p', 'stack', '[stack]'),
];
const [anon, heap, libc, stack] = maps as [MapRegion, MapRegion, MapRegion, MapRegion];

describe('decodeU64 and pointerValue', () => {
  it('round-trips an address through little-endian bytes', () => {
    const value = pointerValue('0x7f3a1442e000', 32);
    expect(value).toBe((0x7f3a1442e000n + 32n).toString());
    const bytes = [0x20, 0xe0, 0x42, 0x14, 0x3a, 0x7f, 0, 0];
    expect(decodeU64(bytes)).toBe(0x7f3a1442e020n);
    expect(decodeU64([1, 2, 3])).toBeNull();
  });
});

describe('findAddress', () => {
  it('finds the line of a mapped address, first and last byte included', () => {
    expect(findAddress(maps, 0x55d4c1a2b000n)).toEqual({ kind: 'mapped', region: heap });
    expect(findAddress(maps, 0x55d4c1d5dfffn)).toEqual({ kind: 'mapped', region: heap });
    const inLibc = findAddress(maps, 0x7f5e2e1c0010n);
    expect(inLibc).toEqual({ kind: 'mapped', region: libc });
    expect(addressText(inLibc, 0x7f5e2e1c0010n)).toBe(
      'In B, 0x7f5e2e1c0010 lies in a shared library (/usr/lib/x86_64-linux-gnu/libc.so.6, ' +
        '0x7f5e2e1c0000–0x7f5e2e1e6000, r--p).',
    );
    expect(regionText(heap)).toBe('its heap ([heap], 0x55d4c1a2b000–0x55d4c1d5e000, rw-p)');
  });

  it('names the nearest regions either side of a gap', () => {
    const found = findAddress(maps, 0x7f5e2d000000n);
    expect(found).toEqual({ kind: 'unmapped', below: anon, above: libc });
    expect(addressText(found, 0x7f5e2d000000n)).toBe(
      'In B, nothing is mapped at 0x7f5e2d000000: it falls in the gap from 0x7f5e2c021000 to 0x7f5e2e1c0000.',
    );
    expect(dereferenceText(found)).toContain('SIGSEGV');
    expect(findAddress(maps, 0x1000n)).toEqual({ kind: 'unmapped', below: null, above: heap });
    expect(findAddress(maps, 0x7fffffffffffn)).toEqual({
      kind: 'unmapped',
      below: stack,
      above: null,
    });
  });
});

describe('dereferenceText', () => {
  const region = (perms: string): MapRegion => ({
    start: '0x1000',
    end: '0x2000',
    perms,
    offset: '0x0',
    dev: '00:00',
    inode: 0,
    path: '[heap]',
    kind: 'heap',
  });

  it('is a crash for an unreadable page and wrong data for a readable one', () => {
    expect(dereferenceText({ kind: 'mapped', region: region('---p') })).toContain('SIGSEGV');
    const readable = dereferenceText({ kind: 'mapped', region: region('r--p') });
    expect(readable).toContain('wrong data');
    expect(readable).not.toContain('corrupt');
    expect(dereferenceText({ kind: 'mapped', region: region('rw-p') })).toContain('corrupt B');
  });
});
