import { describe, expect, it } from 'vitest';
import { addressToY, layoutAddressSpace } from './address-space';
import type { AddressSpaceItem, AddressSpaceLayout, RegionItem } from './address-space';
import type { MappedRegion } from './region-groups';

const LIBC = '/usr/lib/x86_64-linux-gnu/libc.so.6';
const PROG = '/usr/bin/prog';
const SHM_BASE = 0x7f8590900000n;
const TiB = 1n << 40n;

/** A small but real-looking process: program, heap, libc, a 4-page attachment, stack. */
const processRegions: MappedRegion[] = [
  { start: 0x400000n, end: 0x401000n, kind: 'data', label: PROG },
  { start: 0x401000n, end: 0x402000n, kind: 'text', label: PROG },
  { start: 0x402000n, end: 0x403000n, kind: 'data', label: PROG },
  { start: 0x1a3d000n, end: 0x1a5e000n, kind: 'heap', label: '[heap]' },
  { start: 0x7f859061e000n, end: 0x7f8590644000n, kind: 'library', label: LIBC },
  { start: 0x7f8590644000n, end: 0x7f859079a000n, kind: 'library', label: LIBC },
  { start: 0x7f859079a000n, end: 0x7f85907ed000n, kind: 'library', label: LIBC },
  { start: 0x7f85907ed000n, end: 0x7f85907f1000n, kind: 'library', label: LIBC },
  { start: 0x7f85907f1000n, end: 0x7f85907f3000n, kind: 'library', label: LIBC },
  { start: 0x7f85907f3000n, end: 0x7f8590800000n, kind: 'anonymous', label: '' },
  { start: SHM_BASE, end: SHM_BASE + 0x4000n, kind: 'shm', label: '/SYSV00000000' },
  { start: 0x7ffc91fb6000n, end: 0x7ffc91fd7000n, kind: 'stack', label: '[stack]' },
  { start: 0xffffffffff600000n, end: 0xffffffffff601000n, kind: 'vsyscall', label: '[vsyscall]' },
];

function region(start: bigint, end: bigint, kind: MappedRegion['kind'] = 'anonymous') {
  return { start, end, kind, label: '' };
}

function describeItem(item: AddressSpaceItem): string {
  return item.type === 'region' ? `${item.kind}×${item.count}` : item.label;
}

function sumOfHeights(layout: AddressSpaceLayout): number {
  return layout.items.reduce((sum, item) => sum + item.height, 0);
}

function shmItem(layout: AddressSpaceLayout): RegionItem {
  const item = layout.items.find((each) => each.type === 'region' && each.kind === 'shm');
  if (item?.type !== 'region') throw new Error('no shm item');
  return item;
}

describe('layoutAddressSpace', () => {
  const layout = layoutAddressSpace(processRegions, { height: 600 });

  it('lists items from the highest address down, with breaks labelled by their exact size', () => {
    expect(layout.items.map(describeItem)).toEqual([
      'vsyscall×1',
      '… 16 EiB unmapped …',
      'stack×1',
      '… 476 GiB unmapped …',
      'shm×1',
      '1 MiB unmapped',
      'anonymous×1',
      'library×5',
      '… 127.5 TiB unmapped …',
      'heap×1',
      '… 22.2 MiB unmapped …',
      'data×1',
      'text×1',
      'data×1',
    ]);
    const libcGap = layout.items[8];
    expect(libcGap).toMatchObject({
      type: 'gap',
      collapsed: true,
      start: 0x1a5e000n,
      end: 0x7f859061e000n,
      sizeLabel: '127.5 TiB',
      height: 20,
    });
  });

  it('stacks items edge to edge from y = 0 and fills the height exactly', () => {
    let y = 0;
    for (const item of layout.items) {
      expect(item.y).toBeCloseTo(y, 9);
      y += item.height;
    }
    expect(sumOfHeights(layout)).toBeCloseTo(600, 9);
    expect(layout.cramped).toBe(false);
  });

  it('orders addresses downwards without overlap', () => {
    layout.items.forEach((item, index) => {
      const below = layout.items[index + 1];
      if (below !== undefined) expect(below.end).toBe(item.start);
    });
  });

  it('gives every region its minimum height and the shm region more', () => {
    for (const item of layout.items) {
      if (item.type !== 'region') continue;
      expect(item.height).toBeGreaterThanOrEqual(item.kind === 'shm' ? 48 : 14);
    }
    expect(shmItem(layout).height).toBe(48);
    expect(shmItem(layout).toScale).toBe(false);
  });

  it('puts [vsyscall] at the very top, with exact bigint bounds', () => {
    expect(layout.items[0]).toMatchObject({
      type: 'region',
      start: 0xffffffffff600000n,
      end: 0xffffffffff601000n,
      y: 0,
      height: 14,
      sizeLabel: '4 KiB',
    });
    expect(layout.items[1]).toMatchObject({ start: 0x7ffc91fd7000n, end: 0xffffffffff600000n });
  });

  it('keeps relative sizes within a run', () => {
    const run = layoutAddressSpace(
      [region(0x1000n, 0x2000n, 'text'), region(0x2000n, 0x5000n, 'data')],
      { height: 160, minRegionPx: 0 },
    );
    expect(run.items.map((item) => [item.start, item.y, item.height, item.toScale])).toEqual([
      [0x2000n, 0, 120, true],
      [0x1000n, 120, 40, true],
    ]);
    expect(run.pxPerByte).toBe(160 / 0x4000);
  });

  it('draws small gaps as proportional empty space', () => {
    const spaced = layoutAddressSpace([region(0x1000n, 0x2000n), region(0x3000n, 0x4000n)], {
      height: 300,
      minRegionPx: 0,
    });
    expect(spaced.items[1]).toEqual({
      type: 'gap',
      start: 0x2000n,
      end: 0x3000n,
      y: 100,
      height: 100,
      label: '4 KiB unmapped',
      sizeLabel: '4 KiB',
      toScale: true,
      collapsed: false,
    });
  });

  it('collapses only gaps larger than collapseGapsOver', () => {
    const options = { height: 100, collapseGapsOver: 0x10000n, gapPx: 30 };
    const low = region(0x1000n, 0x2000n, 'text');
    const atLimit = layoutAddressSpace([low, region(0x12000n, 0x13000n, 'heap')], options);
    expect(atLimit.items[1]).toMatchObject({
      type: 'gap',
      collapsed: false,
      label: '64 KiB unmapped',
    });
    const pastLimit = layoutAddressSpace([low, region(0x12001n, 0x13000n, 'heap')], options);
    expect(pastLimit.items[1]).toMatchObject({
      type: 'gap',
      collapsed: true,
      start: 0x2000n,
      end: 0x12001n,
      height: 30,
      label: '… 64 KiB unmapped …',
    });
  });

  it('raises a small region to minRegionPx and scales the rest', () => {
    const small = layoutAddressSpace(
      [region(0x1000n, 0x2000n, 'text'), region(0x2000n, 0x2000n + (1n << 30n), 'heap')],
      { height: 200, minRegionPx: 14 },
    );
    expect(small.items.map((item) => [item.height, item.toScale])).toEqual([
      [186, true],
      [14, false],
    ]);
  });

  it('merges adjacent mappings unless asked not to', () => {
    const libc = layout.items.find((item) => item.type === 'region' && item.label === LIBC);
    expect(libc).toMatchObject({ count: 5, sizeLabel: '1.8 MiB' });
    const unmerged = layoutAddressSpace(processRegions, { height: 600, mergeAdjacent: false });
    expect(unmerged.items.filter((item) => item.type === 'region')).toHaveLength(13);
  });

  it('never merges or folds the shm region away', () => {
    const between = [
      region(0x100000000n, 0x100001000n),
      { start: 0x100000000n + TiB, end: 0x100001000n + TiB, kind: 'shm' as const, label: 's' },
      region(0x100000000n + 2n * TiB, 0x100001000n + 2n * TiB),
    ];
    const separate = layoutAddressSpace(between, { height: 300 });
    expect(separate.items.map(describeItem)).toEqual([
      'anonymous×1',
      '… 1 TiB unmapped …',
      'shm×1',
      '… 1 TiB unmapped …',
      'anonymous×1',
    ]);
    expect(shmItem(separate)).toMatchObject({ count: 1, sparse: false, height: 260 / 3 });
  });

  it('folds small mappings scattered across breaks into one sparse block', () => {
    const scattered = [0n, 1n, 2n, 3n].map((index) =>
      region(0x10000000000n + index * TiB, 0x10000040000n + index * TiB),
    );
    const folded = layoutAddressSpace(scattered, { height: 100 });
    expect(folded.items).toHaveLength(1);
    expect(folded.items[0]).toMatchObject({
      start: 0x10000000000n,
      end: 0x10000040000n + 3n * TiB,
      count: 4,
      sparse: true,
      sizeLabel: '1 MiB',
      height: 100,
      toScale: false,
    });
    const heap = region(0x10000000000n + 5n * TiB, 0x10000000000n + 5n * TiB + (1n << 30n), 'heap');
    const withHeap = layoutAddressSpace([...scattered, heap], { height: 300 });
    expect(withHeap.items.map((item) => [describeItem(item), item.y, item.height])).toEqual([
      ['heap×1', 0, 260],
      ['… 2 TiB unmapped …', 260, 20],
      ['anonymous×4', 280, 20],
    ]);
    const unfolded = layoutAddressSpace(scattered, { height: 100, foldSparseRuns: false });
    expect(unfolded.items.map(describeItem)).toEqual([
      'anonymous×1',
      '… 1 TiB unmapped …',
      'anonymous×1',
      '… 1 TiB unmapped …',
      'anonymous×1',
      '… 1 TiB unmapped …',
      'anonymous×1',
    ]);
  });

  it('squeezes everything when the minimums overflow, still filling the height', () => {
    const cramped = layoutAddressSpace(processRegions, { height: 120 });
    expect(cramped.cramped).toBe(true);
    expect(sumOfHeights(cramped)).toBeCloseTo(120, 9);
    expect(cramped.items.every((item) => !item.toScale)).toBe(true);
  });

  it('lays out nothing for no regions', () => {
    expect(layoutAddressSpace([], { height: 400 })).toEqual({
      items: [],
      height: 400,
      pxPerByte: 0,
      cramped: false,
    });
  });

  it('rejects bad options', () => {
    expect(() => layoutAddressSpace(processRegions, { height: -1 })).toThrow(RangeError);
    expect(() => layoutAddressSpace(processRegions, { height: Number.NaN })).toThrow(RangeError);
    expect(() => layoutAddressSpace(processRegions, { height: 100, gapPx: -2 })).toThrow(
      RangeError,
    );
  });
});

describe('addressToY', () => {
  const layout = layoutAddressSpace(processRegions, { height: 600 });
  const shm = shmItem(layout);

  it('maps an address inside a region linearly, high addresses higher up', () => {
    // Centre of page 0 of a 4-page region: 1/8 of the way up from the bottom edge.
    expect(addressToY(layout, SHM_BASE + 0x800n)).toBeCloseTo(shm.y + (shm.height * 7) / 8, 9);
    expect(addressToY(layout, SHM_BASE + 0x3800n)).toBeCloseTo(shm.y + shm.height / 8, 9);
    expect(addressToY(layout, SHM_BASE)).toBeCloseTo(shm.y + shm.height, 9);
  });

  it('handles addresses near 2^64', () => {
    expect(addressToY(layout, 0xffffffffff600800n)).toBe(7);
  });

  it('returns null outside every region', () => {
    expect(addressToY(layout, SHM_BASE + 0x4000n)).toBeNull(); // end is exclusive, a gap follows
    expect(addressToY(layout, 0x1000n)).toBeNull(); // below everything
    expect(addressToY(layout, 0x7f0000000000n)).toBeNull(); // inside a collapsed gap
    expect(addressToY(layout, 1n << 64n)).toBeNull();
  });

  it('returns null inside a sparse block, which has no scale', () => {
    const scattered = [0n, 1n].map((index) =>
      region(0x10000000000n + index * TiB, 0x10000040000n + index * TiB),
    );
    expect(addressToY(layoutAddressSpace(scattered, { height: 50 }), 0x10000000000n)).toBeNull();
  });
});
