// residency() and peek(): looking at a segment without making the kernel allocate its pages, and
// without inventing zeros for pages that are in swap.
import { describe, expect, it } from 'vitest';
import { pageOut, whyNoSwap } from './pageout';
import { attach, createSegment, pageSize, thrownBy, titleWithSkipReason } from './helpers';
import { sysvipcRow } from './proc';

const noSwap = whyNoSwap();

describe('residency and peek: looking without allocating pages', () => {
  it('a fresh segment has no page in memory; attach, watch and peek do not change that', async () => {
    const shmid = createSegment(3 * pageSize);
    const a = attach(shmid);
    const b = attach(shmid);
    const stop = b.watch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect([...a.residency()]).toEqual([0, 0, 0]);
    expect(a.peek(0, 3 * pageSize).every((byte) => byte === 0)).toBe(true);
    expect(a.peekPages(0, 3 * pageSize).pages).toEqual(['untouched', 'untouched', 'untouched']);
    expect([...a.residency()]).toEqual([0, 0, 0]);
    expect(sysvipcRow(shmid)?.rss).toBe(0);
    stop();
  });

  it('a write to one page makes exactly that page resident, in every attachment', () => {
    const shmid = createSegment(3 * pageSize);
    const a = attach(shmid);
    const b = attach(shmid);
    a.write(pageSize + 5, Uint8Array.of(0xab, 0xcd));
    expect([...b.residency()]).toEqual([0, 1, 0]);
    const peeked = b.peek(pageSize, 8);
    expect([...peeked]).toEqual([0, 0, 0, 0, 0, 0xab, 0xcd, 0]);
    expect(sysvipcRow(shmid)?.rss).toBe(pageSize);
  });

  it('peekPages names each page of an unaligned range, from the page the range starts in', () => {
    const shmid = createSegment(4 * pageSize);
    const a = attach(shmid);
    a.write(2 * pageSize, Uint8Array.of(7));
    const result = a.peekPages(pageSize + 1, 2 * pageSize);
    expect(result.firstPage).toBe(1);
    expect(result.pages).toEqual(['untouched', 'memory', 'untouched']);
    expect(result.bytes.length).toBe(2 * pageSize);
    expect(result.bytes[pageSize - 1]).toBe(7);
    expect(a.peekPages(pageSize, 0)).toMatchObject({ firstPage: 1, pages: [] });
    expect(sysvipcRow(shmid)?.rss).toBe(pageSize);
  });

  it.skipIf(noSwap !== null)(
    titleWithSkipReason(
      'pages in swap are read back with their bytes, never shown as zeros; untouched ones stay unallocated',
      noSwap !== null,
      noSwap ?? '',
    ),
    async (context) => {
      const shmid = createSegment(4 * pageSize);
      const writer = attach(shmid);
      const first = Buffer.alloc(pageSize, 0x5a);
      const third = Buffer.from('still here after swap');
      writer.write(0, first);
      writer.write(2 * pageSize + 100, third);
      // The kernel pages out only what no other process maps.
      writer.detach();
      await pageOut(shmid);
      const row = sysvipcRow(shmid);
      // MADV_PAGEOUT is advice: say so if the kernel kept the pages, rather than pass vacuously.
      if (row?.swap !== 2 * pageSize) {
        context.skip(
          `the kernel did not page the segment out (rss ${row?.rss}, swap ${row?.swap})`,
        );
      }
      expect(row?.rss).toBe(0);

      const reader = attach(shmid);
      // mincore cannot tell these pages from untouched ones: that is what peek must not trust.
      expect([...reader.residency()]).toEqual([0, 0, 0, 0]);
      const result = reader.peekPages(0, 4 * pageSize);
      expect(result.pages).toEqual(['swap', 'untouched', 'swap', 'untouched']);
      expect(result.bytes.subarray(0, pageSize)).toEqual(first);
      expect(result.bytes.subarray(2 * pageSize + 100, 2 * pageSize + 100 + third.length)).toEqual(
        third,
      );
      // The swapped pages came back; the untouched ones were not allocated.
      expect(sysvipcRow(shmid)).toMatchObject({ rss: 2 * pageSize, swap: 0 });
      expect([...reader.residency()]).toEqual([1, 0, 1, 0]);
      expect(reader.peek(0, 4 * pageSize)).toEqual(result.bytes);
    },
  );

  it.skipIf(noSwap !== null)(
    titleWithSkipReason(
      'a watcher started while a page is in swap takes its real bytes as the baseline',
      noSwap !== null,
      noSwap ?? '',
    ),
    async (context) => {
      const shmid = createSegment(2 * pageSize);
      const writer = attach(shmid);
      writer.write(0, Buffer.from('written before the watch'));
      writer.detach();
      await pageOut(shmid);
      if (sysvipcRow(shmid)?.swap !== pageSize) context.skip('the kernel kept the page in memory');

      const watched = attach(shmid);
      const changed: number[] = [];
      const stop = watched.watch((changes) => changed.push(...changes.map((c) => c.offset)));
      // Bring page 0 back (peek reads swapped pages), then change page 1 from elsewhere.
      expect(watched.peek(0, 24).toString()).toBe('written before the watch');
      attach(shmid).write(pageSize + 10, Uint8Array.of(1));
      await expect.poll(() => changed).toContain(pageSize + 10);
      // Page 0 did not change: coming back from swap is not a write.
      expect(changed).toEqual([pageSize + 10]);
      stop();
    },
  );

  it('peek checks its range like read, and refuses after detach', () => {
    const shmid = createSegment(100);
    const a = attach(shmid);
    expect(thrownBy(() => a.peek(90, 20)).code).toBe('ERR_OUT_OF_RANGE');
    expect(thrownBy(() => a.peekPages(0, 101)).code).toBe('ERR_OUT_OF_RANGE');
    a.detach();
    expect(thrownBy(() => a.peek(0, 1)).code).toBe('E_DETACHED');
    expect(thrownBy(() => a.peekPages(0, 1)).code).toBe('E_DETACHED');
    expect(thrownBy(() => a.residency()).code).toBe('E_DETACHED');
  });
});
