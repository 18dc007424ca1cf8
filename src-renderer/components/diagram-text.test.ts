import { describe, expect, it } from 'vitest';
import type { ProcessState } from '../../src-main/common/api';
import {
  mapsLine,
  blockLabel,
  columnHeader,
  columnPlaceholder,
  describeDiagram,
  fitLabel,
  frameCellLabels,
  pickLabel,
  shmLabelLines,
  shortName,
  summariseBlocks,
  wrapLabel,
} from './diagram-text';
import type { BlockSummary } from './diagram-text';
import { joinSegmentPages } from './segment-pages';

const state = (overrides: Partial<ProcessState> = {}): ProcessState => ({
  name: 'A',
  pid: 4242,
  status: 'running',
  exitCode: null,
  signal: null,
  attachment: null,
  ...overrides,
});

const summary = (overrides: Partial<BlockSummary>): BlockSummary => ({
  kind: 'library',
  mappings: 1,
  names: [],
  unnamed: 0,
  unnamedBytes: 0n,
  mappedBytes: 4096n,
  sparse: false,
  ...overrides,
});

describe('shortName', () => {
  it('keeps the last path component and pseudo-paths, drops " (deleted)"', () => {
    expect(shortName('/usr/lib/x86_64-linux-gnu/libc.so.6')).toBe('libc.so.6');
    expect(shortName('/SYSV00000000 (deleted)')).toBe('SYSV00000000');
    expect(shortName('[stack]')).toBe('[stack]');
    expect(shortName('[anon:v8]')).toBe('[anon:v8]');
    expect(shortName('')).toBe('');
  });
});

describe('fitLabel', () => {
  it('cuts long labels with an ellipsis and leaves short ones alone', () => {
    expect(fitLabel('libc.so.6', 20)).toBe('libc.so.6');
    expect(fitLabel('libstdc++.so.6.0.30', 10)).toBe('libstdc++…');
    expect(fitLabel('abc', 1)).toBe('…');
    expect(fitLabel('abc', 0)).toBe('');
  });
});

describe('pickLabel and shmLabelLines', () => {
  it('takes the longest candidate that fits', () => {
    expect(pickLabel(['… 127.4 TiB unmapped …', '… 127.4 TiB …'], 30)).toBe(
      '… 127.4 TiB unmapped …',
    );
    expect(pickLabel(['… 127.4 TiB unmapped …', '… 127.4 TiB …'], 14)).toBe('… 127.4 TiB …');
    expect(pickLabel(['abcdef', 'abcd'], 3)).toBe('ab…');
  });

  it('puts the base address on its own line when one line does not fit', () => {
    expect(shmLabelLines(5, 0x7f3a1442e000n, '12 KiB · 3 pages', 40)).toEqual([
      'shmid 5 @ 0x7f3a1442e000',
      '12 KiB · 3 pages',
    ]);
    expect(shmLabelLines(5, 0x7f3a1442e000n, '12 KiB · 3 pages', 20)).toEqual([
      'shmid 5',
      '@ 0x7f3a1442e000',
      '12 KiB · 3 pages',
    ]);
  });
});

describe('frameCellLabels', () => {
  it('offers shorter labels for narrow cells', () => {
    const pfn = {
      key: 'pfn:0x1a2b3',
      kind: 'pfn' as const,
      pfn: '0x1a2b3',
      pageIndices: [0],
      processes: [],
    };
    expect(frameCellLabels(pfn, 5)).toEqual(['PFN 0x1a2b3 · page 0', '0x1a2b3 · p0', '0x1a2b3']);
    const identity = {
      ...pfn,
      key: 'page:2',
      kind: 'identity' as const,
      pfn: null,
      pageIndices: [2],
    };
    expect(frameCellLabels(identity, 5)).toEqual(['page 2 of shmid 5', 'page 2', 'p2']);
    const absent = { ...identity, key: 'none:1', kind: 'absent' as const, pageIndices: [1] };
    expect(frameCellLabels(absent, 5)[0]).toBe('page 1 · no frame yet');
  });
});

describe('blockLabel', () => {
  it('labels blocks by name and count', () => {
    expect(blockLabel(summary({ names: ['libc.so.6'], mappings: 5 }))).toBe('libc.so.6 ×5');
    expect(blockLabel(summary({ kind: 'text', names: ['node'] }))).toBe('node (text)');
    expect(blockLabel(summary({ kind: 'stack', names: ['[stack]'] }))).toBe('[stack]');
    expect(blockLabel(summary({ kind: 'anonymous', mappings: 14, unnamed: 14 }))).toBe('anon ×14');
    expect(blockLabel(summary({ names: ['node'], mappings: 8, unnamed: 1 }))).toBe(
      'node + anon · 8 maps',
    );
    expect(blockLabel(summary({ names: ['a.so', 'b.so', 'c.so', 'd.so'], mappings: 45 }))).toBe(
      'a.so, b.so +2 · 45 maps',
    );
    expect(blockLabel(summary({ mappings: 24, unnamed: 24, sparse: true }))).toBe(
      'anon ×24, scattered',
    );
    expect(blockLabel(summary({ kind: 'anonymous', unnamed: 1 }))).toBe('anon');
  });

  it('never names mostly anonymous memory after the library beside it', () => {
    // 510 MiB reserved without a name next to 2 MiB of libstdc++ and libc, as in a Node child.
    const MiB = 1n << 20n;
    const label = blockLabel(
      summary({
        kind: 'anonymous',
        names: ['libstdc++.so.6.0.30', 'libc.so.6'],
        mappings: 12,
        unnamed: 4,
        unnamedBytes: 510n * MiB,
        mappedBytes: 512n * MiB,
      }),
    );
    expect(label).toBe('anon + libstdc++.so.6.0.30 +1 · 12 maps');
    expect(label.startsWith('libstdc++')).toBe(false);
  });

  it('sums the blocks an item holds', () => {
    const block = { start: 0n, end: 1n, kind: 'library' as const, label: 'x' };
    const summed = summariseBlocks(
      'library',
      [
        { ...block, mappings: 2, names: ['x.so'], unnamed: 0, unnamedBytes: 0n, mappedBytes: 10n },
        {
          ...block,
          mappings: 3,
          names: ['x.so', 'y.so'],
          unnamed: 1,
          unnamedBytes: 2n,
          mappedBytes: 5n,
        },
      ],
      false,
    );
    expect(summed).toMatchObject({ mappings: 5, names: ['x.so', 'y.so'], unnamed: 1 });
    expect(summed.unnamedBytes).toBe(2n);
    expect(summed.mappedBytes).toBe(15n);
  });
});

describe('column header and placeholder', () => {
  it('names the process and its pid', () => {
    expect(columnHeader('A', state())).toBe('Process A · pid 4242');
    expect(columnHeader('B', state({ pid: null }))).toBe('Process B');
  });

  it('says why there is nothing to draw', () => {
    expect(columnPlaceholder('B', state({ status: 'exited', signal: 'SIGKILL' }), true)).toEqual([
      'Process B is not running',
      '(killed by SIGKILL)',
    ]);
    expect(columnPlaceholder('A', state({ status: 'starting' }), false)).toEqual([
      'Process A is starting…',
    ]);
    expect(columnPlaceholder('A', state(), false)).toEqual([
      "Reading process A's",
      '/proc/4242/maps…',
    ]);
    expect(columnPlaceholder('A', state(), true)).toBeNull();
  });
});

describe('describeDiagram', () => {
  const both = {
    A: { running: true, mappedShmid: 5, base: 0x7f3a1442e000n },
    B: { running: true, mappedShmid: 5, base: 0x7e0000001000n },
  };

  it('says where each process maps the segment and which frames back it', () => {
    const pages = joinSegmentPages({
      pageCount: 3,
      pages: {
        A: [
          { address: '0x7f3a1442e000', present: true, swapped: false, pfn: '0x1234' },
          { address: '0x7f3a1442f000', present: false, swapped: false, pfn: null },
          { address: '0x7f3a14430000', present: false, swapped: false, pfn: null },
        ],
        B: [
          { address: '0x7e0000001000', present: true, swapped: false, pfn: '0x1234' },
          { address: '0x7e0000002000', present: false, swapped: false, pfn: null },
          { address: '0x7e0000003000', present: false, swapped: false, pfn: null },
        ],
      },
      maxDrawn: 16,
      maxRows: 64,
    });
    expect(describeDiagram(5, both, pages)).toBe(
      'Process A maps shmid 5 at 0x7f3a1442e000, process B maps shmid 5 at 0x7e0000001000; ' +
        '1 of 3 pages has a frame: PFN 0x1234; A and B map the same frame for 1 page.',
    );
  });

  it('says when frame numbers are hidden and when a process is missing', () => {
    const pages = joinSegmentPages({
      pageCount: 1,
      pages: {
        A: [{ address: '0x7f3a1442e000', present: true, swapped: false, pfn: null }],
        B: null,
      },
      maxDrawn: 16,
      maxRows: 64,
    });
    const processes = { A: both.A, B: { running: false, mappedShmid: null, base: null } };
    expect(describeDiagram(5, processes, pages)).toBe(
      'Process A maps shmid 5 at 0x7f3a1442e000, process B is not running; ' +
        '1 of 1 page has a frame; the kernel hides the frame numbers.',
    );
  });

  it('says of which pages it counts frames when only the first were read', () => {
    const pages = joinSegmentPages({
      pageCount: 1000,
      pages: {
        A: [{ address: '0x7f3a1442e000', present: true, swapped: false, pfn: '0x9' }],
        B: null,
      },
      maxDrawn: 16,
      maxRows: 64,
    });
    const processes = { A: both.A, B: { running: false, mappedShmid: null, base: null } };
    expect(describeDiagram(5, processes, pages)).toContain(
      '1 of the first 1 of 1000 pages has a frame',
    );
  });

  it('says when there is no segment', () => {
    const idle = { running: true, mappedShmid: null, base: null };
    expect(describeDiagram(null, { A: idle, B: idle }, null)).toBe(
      'Memory diagram: no segment is attached, so there are no shared pages to draw.',
    );
    const stopped = { running: false, mappedShmid: null, base: null };
    expect(describeDiagram(null, { A: idle, B: stopped }, null)).toBe(
      'Memory diagram: no segment is attached (process B is not running), ' +
        'so there are no shared pages to draw.',
    );
  });
});

describe('mapsLine', () => {
  it('prints a region the way /proc/<pid>/maps does', () => {
    expect(
      mapsLine({
        start: '0x7f3a1442e000',
        end: '0x7f3a14431000',
        perms: 'rw-s',
        offset: '0x0',
        dev: '00:01',
        inode: 5,
        path: '/SYSV00005348 (deleted)',
        kind: 'shm',
      }),
    ).toBe('7f3a1442e000-7f3a14431000 rw-s 00000000 00:01 5 /SYSV00005348 (deleted)');
  });
});

describe('wrapLabel', () => {
  it('breaks at spaces into the lines allowed, and cuts the last one', () => {
    expect(wrapLabel('same address as pid 4242: inherited across fork', 30, 2)).toEqual([
      'same address as pid 4242:',
      'inherited across fork',
    ]);
    expect(wrapLabel('short', 30, 2)).toEqual(['short']);
    expect(wrapLabel('one two three four five six', 9, 2)).toEqual(['one two', 'three fo…']);
    expect(wrapLabel('', 10, 2)).toEqual([]);
  });
});
