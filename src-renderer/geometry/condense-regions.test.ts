import { describe, expect, it } from 'vitest';
import { condenseRegions } from './condense-regions';
import type { MappedRegion } from './region-groups';

const MiB = 1n << 20n;
const SHM = 0x7f50d8598000n;

const regions: MappedRegion[] = [
  { start: 0x400000n, end: 0x401000n, kind: 'data', label: 'node' },
  { start: 0x401000n, end: 0x403000n, kind: 'text', label: 'node' },
  { start: 0x403000n, end: 0x404000n, kind: 'anonymous', label: '' },
  { start: 0x1a3d000n, end: 0x1a5e000n, kind: 'heap', label: '[heap]' },
  { start: SHM - 0x3000n, end: SHM - 0x1000n, kind: 'anonymous', label: '' },
  { start: SHM, end: SHM + 0x3000n, kind: 'shm', label: '/SYSV00000000 (deleted)' },
  { start: SHM + 0x3000n, end: SHM + 0x4000n, kind: 'anonymous', label: '' },
  { start: SHM + 0x5000n, end: SHM + 0x25000n, kind: 'library', label: 'libc.so.6' },
  { start: SHM + 0x25000n, end: SHM + 0x26000n, kind: 'library', label: 'libm.so.6' },
  { start: 0x7ffc91fb6000n, end: 0x7ffc91fd7000n, kind: 'stack', label: '[stack]' },
];

describe('condenseRegions', () => {
  const blocks = condenseRegions(regions, 16n * MiB);

  it('joins neighbouring mappings and keeps landmarks apart', () => {
    expect(blocks.map((block) => [block.kind, block.label, block.mappings])).toEqual([
      ['text', 'node', 3],
      ['heap', '[heap]', 1],
      ['anonymous', '', 1],
      ['shm', '/SYSV00000000 (deleted)', 1],
      ['library', 'libc.so.6, libm.so.6', 3],
      ['stack', '[stack]', 1],
    ]);
  });

  it('spans the run, counts its mapped bytes and its anonymous members', () => {
    const libraries = blocks[4];
    expect(libraries?.start).toBe(SHM + 0x3000n);
    expect(libraries?.end).toBe(SHM + 0x26000n);
    // 4 KiB anonymous + 128 KiB libc + 4 KiB libm; the 4 KiB hole is not mapped.
    expect(libraries?.mappedBytes).toBe(0x22000n);
    expect(libraries?.names).toEqual(['libc.so.6', 'libm.so.6']);
    expect(libraries?.unnamed).toBe(1);
  });

  it('keeps a large anonymous mapping apart from the library next to it', () => {
    // As in a Node child: a 510 MiB reservation (---p, no name) touching libstdc++'s mappings.
    const base = 0x7f7ec1fff000n;
    const blocks = condenseRegions(
      [
        { start: base - 0x1000n, end: base, kind: 'anonymous', label: '' },
        { start: base, end: base + 510n * MiB, kind: 'anonymous', label: '' },
        {
          start: base + 510n * MiB,
          end: base + 511n * MiB,
          kind: 'library',
          label: 'libstdc++.so.6.0.30',
        },
        { start: base + 511n * MiB, end: base + 512n * MiB, kind: 'library', label: 'libc.so.6' },
      ],
      16n * MiB,
    );
    expect(blocks.map((block) => [block.kind, block.label, block.mappings])).toEqual([
      ['anonymous', '', 1],
      ['anonymous', '', 1],
      ['library', 'libc.so.6, libstdc++.so.6.0.30', 2],
    ]);
    expect(blocks[1]?.unnamedBytes).toBe(510n * MiB);
  });

  it('keeps a single mapping as it was', () => {
    expect(blocks[2]).toEqual({
      start: SHM - 0x3000n,
      end: SHM - 0x1000n,
      kind: 'anonymous',
      label: '',
      mappings: 1,
      names: [],
      unnamed: 1,
      unnamedBytes: 0x2000n,
      mappedBytes: 0x2000n,
    });
  });

  it('does not join across a gap wider than the limit', () => {
    const apart = condenseRegions(
      [
        { start: 0x1000n, end: 0x2000n, kind: 'anonymous', label: '' },
        { start: 0x4000n, end: 0x5000n, kind: 'anonymous', label: '' },
      ],
      0x1000n,
    );
    expect(apart.map((block) => block.mappings)).toEqual([1, 1]);
    const together = condenseRegions(
      [
        { start: 0x1000n, end: 0x2000n, kind: 'anonymous', label: '' },
        { start: 0x3000n, end: 0x4000n, kind: 'anonymous', label: '' },
      ],
      0x1000n,
    );
    expect(together.map((block) => block.mappings)).toEqual([2]);
  });

  it('names the most bytes first, whatever the address order', () => {
    const [block] = condenseRegions(
      [
        { start: 0x1000n, end: 0x2000n, kind: 'library', label: 'small.so' },
        { start: 0x2000n, end: 0x9000n, kind: 'library', label: 'big.so' },
      ],
      0n,
    );
    expect(block?.names).toEqual(['big.so', 'small.so']);
  });

  it('returns nothing for no regions and refuses a negative limit', () => {
    expect(condenseRegions([], 0n)).toEqual([]);
    expect(() => condenseRegions(regions, -1n)).toThrow(RangeError);
  });
});
