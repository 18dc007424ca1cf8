import { describe, expect, it } from 'vitest';
import { foldSparseRuns, groupRegions, sortRegions } from './region-groups';
import type { MappedRegion } from './region-groups';

const LIBC = '/usr/lib/x86_64-linux-gnu/libc.so.6';
const TiB = 1n << 40n;
const MiB = 1n << 20n;

/** The five mappings of libc.so.6 and its bss, as in a real maps file. */
const libc: MappedRegion[] = [
  { start: 0x7f859061e000n, end: 0x7f8590644000n, kind: 'library', label: LIBC },
  { start: 0x7f8590644000n, end: 0x7f859079a000n, kind: 'library', label: LIBC },
  { start: 0x7f859079a000n, end: 0x7f85907ed000n, kind: 'library', label: LIBC },
  { start: 0x7f85907ed000n, end: 0x7f85907f1000n, kind: 'library', label: LIBC },
  { start: 0x7f85907f1000n, end: 0x7f85907f3000n, kind: 'library', label: LIBC },
  { start: 0x7f85907f3000n, end: 0x7f8590800000n, kind: 'anonymous', label: '' },
];

function anonymous(start: bigint, size: bigint): MappedRegion {
  return { start, end: start + size, kind: 'anonymous', label: '' };
}

describe('sortRegions', () => {
  it('sorts by start address', () => {
    const sorted = sortRegions([libc[2]!, libc[0]!, libc[1]!]);
    expect(sorted.map((region) => region.start)).toEqual([
      0x7f859061e000n,
      0x7f8590644000n,
      0x7f859079a000n,
    ]);
  });

  it('rejects empty, out-of-range and overlapping regions', () => {
    expect(() => sortRegions([anonymous(0x1000n, 0n)])).toThrow(RangeError);
    expect(() => sortRegions([anonymous((1n << 64n) - 0x1000n, 0x2000n)])).toThrow(RangeError);
    expect(() => sortRegions([anonymous(0x1000n, 0x2000n), anonymous(0x2000n, 0x1000n)])).toThrow(
      RangeError,
    );
  });
});

describe('groupRegions', () => {
  it('merges the adjacent mappings of one library into one block with a count', () => {
    const groups = groupRegions(libc);
    expect(groups).toHaveLength(2);
    expect(groups[0]).toMatchObject({
      start: 0x7f859061e000n,
      end: 0x7f85907f3000n,
      kind: 'library',
      label: LIBC,
      count: 5,
      mappedBytes: 0x1d5000n,
      sparse: false,
    });
    expect(groups[0]?.members).toEqual(libc.slice(0, 5));
    expect(groups[1]).toMatchObject({ kind: 'anonymous', count: 1, mappedBytes: 0xd000n });
  });

  it('accepts the regions in any order', () => {
    expect(groupRegions([...libc].reverse())).toEqual(groupRegions(libc));
  });

  it('does not merge across a hole', () => {
    const groups = groupRegions([
      { start: 0xb6f000n, end: 0xb71000n, kind: 'text', label: '/usr/bin/node' },
      { start: 0xb72000n, end: 0x25fe000n, kind: 'text', label: '/usr/bin/node' },
    ]);
    expect(groups.map((group) => group.count)).toEqual([1, 1]);
  });

  it('never merges shm regions, not even two attachments side by side', () => {
    const groups = groupRegions([
      { start: 0x7f0000000000n, end: 0x7f0000004000n, kind: 'shm', label: '/SYSV00000000' },
      { start: 0x7f0000004000n, end: 0x7f0000008000n, kind: 'shm', label: '/SYSV00000000' },
    ]);
    expect(groups.map((group) => [group.kind, group.count, group.start])).toEqual([
      ['shm', 1, 0x7f0000000000n],
      ['shm', 1, 0x7f0000004000n],
    ]);
  });

  it('gives nothing for no regions', () => {
    expect(groupRegions([])).toEqual([]);
  });
});

describe('foldSparseRuns', () => {
  const v8Pages = [
    anonymous(0x8850e000000n, 256n * 1024n),
    anonymous(0x8850e000000n + TiB, 256n * 1024n),
    anonymous(0x8850e000000n + 3n * TiB, 128n * 1024n),
  ];

  it('folds small mappings scattered between breaks into one sparse block', () => {
    const folded = foldSparseRuns(groupRegions(v8Pages), 16n * MiB);
    expect(folded).toHaveLength(1);
    expect(folded[0]).toMatchObject({
      start: 0x8850e000000n,
      end: 0x8850e000000n + 3n * TiB + 128n * 1024n,
      kind: 'anonymous',
      count: 3,
      mappedBytes: 640n * 1024n,
      sparse: true,
    });
    expect(folded[0]?.members).toEqual(v8Pages);
  });

  it('keeps mappings apart when the gap between them is small enough to draw', () => {
    const near = [anonymous(0x10000n, 0x1000n), anonymous(0x20000n, 0x1000n)];
    expect(foldSparseRuns(groupRegions(near), 16n * MiB)).toHaveLength(2);
  });

  it('keeps large mappings and mappings of another label out of a run', () => {
    const regions = [
      ...v8Pages,
      anonymous(0x8850e000000n + 5n * TiB, 512n * MiB),
      { ...anonymous(0x8850e000000n + 7n * TiB, 0x1000n), label: '[anon:v8]' },
    ];
    const folded = foldSparseRuns(groupRegions(regions), 16n * MiB);
    expect(folded.map((group) => [group.count, group.sparse])).toEqual([
      [3, true],
      [1, false],
      [1, false],
    ]);
  });

  it('never folds shm regions', () => {
    const pages = [0n, 1n, 2n].map((index) => ({
      start: 0x7f0000000000n + index * TiB,
      end: 0x7f0000001000n + index * TiB,
      kind: 'shm' as const,
      label: '/SYSV00000000',
    }));
    expect(foldSparseRuns(groupRegions(pages), 16n * MiB)).toHaveLength(3);
  });
});
