import { describe, expect, it } from 'vitest';
import type { MapRegion, ProcessFacts } from '../../src-main/common/api';
import { buildAddressColumn } from './address-column-model';

const line = (
  start: string,
  end: string,
  kind: MapRegion['kind'],
  path: string,
  inode = 0,
): MapRegion => ({ start, end, perms: 'rw-p', offset: '0x0', dev: '00:00', inode, path, kind });

const SHM = line('0x7f50d8598000', '0x7f50d859b000', 'shm', '/SYSV00000000 (deleted)', 5);

const facts: ProcessFacts = {
  state: {
    name: 'A',
    pid: 4242,
    status: 'running',
    exitCode: null,
    signal: null,
    attachment: { shmid: 5, address: SHM.start, size: 3 * 4096, readOnly: false },
  },
  maps: [
    line('0x400000', '0xb6f000', 'data', '/usr/bin/node'),
    line('0xb6f000', '0x25fe000', 'text', '/usr/bin/node'),
    line('0x1fdbb000', '0x2007e000', 'heap', '[heap]'),
    line('0x7f50d8000000', '0x7f50d8021000', 'anonymous', ''),
    SHM,
    line('0x7f50d859b000', '0x7f50d859f000', 'anonymous', ''),
    line('0x7f50d9e1e000', '0x7f50d9e44000', 'library', '/usr/lib/libc.so.6'),
    line('0x7f50d9e44000', '0x7f50d9f9a000', 'library', '/usr/lib/libc.so.6'),
    line('0x7ffefa69b000', '0x7ffefa6bc000', 'stack', '[stack]'),
  ],
  shmRegion: SHM,
  smaps: null,
  pageCount: 3,
  pages: [
    { address: '0x7f50d8598000', present: true, swapped: false, pfn: '0x10' },
    { address: '0x7f50d8599000', present: false, swapped: false, pfn: null },
    { address: '0x7f50d859a000', present: true, swapped: false, pfn: '0x11' },
  ],
  pfnHiddenReason: null,
};

const input = {
  facts,
  shmid: 5,
  drawnPages: 3,
  pageSize: 4096,
  top: 30,
  height: 300,
  labelChars: 40,
};

describe('buildAddressColumn', () => {
  const column = buildAddressColumn(input);

  it('labels the blocks from the top (high addresses) down', () => {
    expect(column.regions.map((region) => region.lines[0])).toEqual([
      '[stack]',
      'libc.so.6 ×2',
      'anon',
      'shmid 5 @ 0x7f50d8598000',
      'anon',
      '[heap]',
      'node ×2',
    ]);
    expect(column.gaps.map((gap) => [gap.label, gap.collapsed])).toEqual([
      ['… 696.5 GiB unmapped …', true],
      ['… 24.5 MiB unmapped …', true],
      ['5.5 MiB unmapped', false],
      ['… 127.3 TiB unmapped …', true],
      ['… 471.7 MiB unmapped …', true],
    ]);
    expect(column.cramped).toBe(false);
  });

  it('fills the band given, from top to top + height', () => {
    const items = [...column.regions, ...column.gaps].sort((a, b) => a.y - b.y);
    expect(items[0]?.y).toBe(30);
    const last = items[items.length - 1];
    expect((last?.y ?? 0) + (last?.height ?? 0)).toBeCloseTo(330);
  });

  it('marks the attachment and puts each page centre inside it, page 0 lowest', () => {
    const shm = column.regions.find((region) => region.current);
    expect(shm?.lines).toEqual(['shmid 5 @ 0x7f50d8598000', '12 KiB · 3 pages']);
    expect(column.current).toEqual({ y: shm?.y, height: shm?.height });
    expect(column.pageMarks.map((mark) => mark.present)).toEqual([true, false, true]);
    const [p0, p1, p2] = column.pageMarks.map((mark) => mark.y);
    const top = shm?.y ?? 0;
    const bottom = top + (shm?.height ?? 0);
    expect(p0).toBeGreaterThan(p1 ?? 0);
    expect(p1).toBeGreaterThan(p2 ?? 0);
    expect(p0).toBeLessThan(bottom);
    expect(p2).toBeGreaterThan(top);
    expect(column.pageBoundaries).toHaveLength(2);
  });

  it('draws no page marks for a segment other than the diagram’s', () => {
    const other = buildAddressColumn({ ...input, shmid: 6 });
    expect(other.pageMarks).toEqual([]);
    expect(other.current).toBeNull();
    expect(other.regions.find((region) => region.shm)?.lines[0]).toBe('shmid 5 @ 0x7f50d8598000');
  });

  it('cuts labels to the room given', () => {
    const narrow = buildAddressColumn({ ...input, labelChars: 18 });
    const lines = narrow.regions.flatMap((region) => region.lines);
    expect(lines.filter((line) => line.length > 18)).toEqual([]);
    expect(narrow.regions.find((region) => region.shm)?.lines).toEqual([
      'shmid 5',
      '@ 0x7f50d8598000',
      '12 KiB · 3 pages',
    ]);
    expect(narrow.gaps[0]?.label).toBe('… 696.5 GiB …');
  });
});
