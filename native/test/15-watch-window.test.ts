// The watcher's window and pages: changes inside the window (view()) come with their bytes,
// changes elsewhere as page numbers; reports that JavaScript has not taken yet are merged, not
// queued without limit; poke() looks at once. Timing is never asserted: each test waits for what
// must arrive and checks what arrived.
import type { Attachment, MappingChange, WatchOptions } from '../index.js';
import { describe, expect, it, vi } from 'vitest';
import { attach, createSegment, expectArgumentError, pageSize, shm, thrownBy } from './helpers';
import { sysvipcRow } from './proc';

const { MAX_WATCH_WINDOW, MAX_EXPECT_US } = shm.constants;

interface Reports {
  readonly batches: { changes: MappingChange[]; pages: number[] }[];
  /** Every page reported so far. */
  pages(): Set<number>;
  /** `initial` with every reported change applied: what the reports say the window holds. */
  replayed(initial: Buffer, windowOffset: number): Buffer;
  stop(): void;
}

function watchReports(attachment: Attachment, options?: WatchOptions): Reports {
  const batches: Reports['batches'] = [];
  const stop = attachment.watch((changes, pages) => batches.push({ changes, pages }), options);
  return {
    batches,
    pages: () => new Set(batches.flatMap((batch) => batch.pages)),
    replayed: (initial, windowOffset) => {
      const copy = Buffer.from(initial);
      for (const { changes } of batches) {
        for (const { offset, bytes } of changes) copy.set(bytes, offset - windowOffset);
      }
      return copy;
    },
    stop,
  };
}

const waitFor = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 5 });

/** Blocks this thread (so no report can be delivered) for `ms`, calling `step` in between. */
function busyFor(ms: number, step: () => void): void {
  const end = performance.now() + ms;
  while (performance.now() < end) step();
}

describe('the watch window', () => {
  it('is the first MAX_WATCH_WINDOW bytes until view() says otherwise', async () => {
    expect(MAX_WATCH_WINDOW).toBe(64 * 1024);
    const size = MAX_WATCH_WINDOW + 4 * pageSize;
    const shmid = createSegment(size);
    const reports = watchReports(attach(shmid));
    const writer = attach(shmid);
    writer.write(MAX_WATCH_WINDOW - 2, Buffer.from('in'));
    const outsidePage = Math.floor((MAX_WATCH_WINDOW + 2 * pageSize + 7) / pageSize);
    writer.write(MAX_WATCH_WINDOW + 2 * pageSize + 7, Buffer.from('out'));
    await waitFor(() => {
      expect(reports.replayed(Buffer.alloc(MAX_WATCH_WINDOW), 0).subarray(-2).toString()).toBe(
        'in',
      );
      expect(reports.pages()).toEqual(new Set([outsidePage]));
    });
    // The window's own page was reported with its bytes, never as a page.
    const changed = reports.batches.flatMap((batch) => batch.changes);
    expect(changed.every(({ offset }) => offset < MAX_WATCH_WINDOW)).toBe(true);
    reports.stop();
  });

  it('view() returns the bytes and moves the exact reports; the old window becomes pages', async () => {
    const shmid = createSegment(16 * pageSize);
    const writer = attach(shmid);
    writer.write(8 * pageSize + 10, Buffer.from('before'));
    const watched = attach(shmid);
    const reports = watchReports(watched);
    const windowOffset = 8 * pageSize;
    const initial = watched.view(windowOffset, 2 * pageSize);
    expect(initial).toEqual(writer.read(windowOffset, 2 * pageSize));
    expect(initial.subarray(10, 16).toString()).toBe('before');

    writer.write(windowOffset + pageSize + 3, Buffer.from('inside'));
    writer.write(100, Buffer.from('was the window'));
    await waitFor(() => {
      const replayed = reports.replayed(initial, windowOffset);
      expect(replayed).toEqual(writer.read(windowOffset, 2 * pageSize));
      expect(reports.pages().has(0)).toBe(true);
    });
    for (const { changes } of reports.batches) {
      for (const { offset, bytes } of changes) {
        expect(offset).toBeGreaterThanOrEqual(windowOffset);
        expect(offset + bytes.length).toBeLessThanOrEqual(windowOffset + 2 * pageSize);
      }
    }
    // Pages wholly inside the window are never reported as pages.
    expect(reports.pages().has(8) || reports.pages().has(9)).toBe(false);
    reports.stop();
  });

  it('a page that gets a frame is reported even if its bytes stay zero', async () => {
    const shmid = createSegment(32 * pageSize);
    const watched = attach(shmid);
    watched.view(0, 16);
    const reports = watchReports(watched);
    attach(shmid).write(20 * pageSize, Uint8Array.of(0));
    await waitFor(() => expect(reports.pages()).toEqual(new Set([20])));
    reports.stop();
  });

  it('watching and viewing fault nothing in: the segment keeps no page until written', async () => {
    const shmid = createSegment(64 * pageSize);
    const watched = attach(shmid);
    const reports = watchReports(watched);
    expect(watched.view(10 * pageSize, 3 * pageSize).every((byte) => byte === 0)).toBe(true);
    // Long enough for several polls of the window and passes of the sweep.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sysvipcRow(shmid)?.rss).toBe(0);
    expect(reports.batches).toEqual([]);
    attach(shmid).write(40 * pageSize, Uint8Array.of(1));
    await waitFor(() => expect(reports.pages()).toEqual(new Set([40])));
    expect(sysvipcRow(shmid)?.rss).toBe(pageSize);
    reports.stop();
  });

  it('keeps a window set before watch() for the watch that follows', async () => {
    const shmid = createSegment(8 * pageSize);
    const watched = attach(shmid);
    watched.view(4 * pageSize, 64);
    const reports = watchReports(watched);
    attach(shmid).write(4 * pageSize + 1, Buffer.from('kept'));
    await waitFor(() =>
      expect(
        reports
          .replayed(Buffer.alloc(64), 4 * pageSize)
          .subarray(1, 5)
          .toString(),
      ).toBe('kept'),
    );
    reports.stop();
  });

  it('merges what piles up while JavaScript is busy into a few batches with the latest bytes', async () => {
    const shmid = createSegment(pageSize);
    const reports = watchReports(attach(shmid), { fastIntervalUs: 50, idleIntervalUs: 50 });
    const writer = attach(shmid);
    let value = 0;
    // 200 ms of writes to 64 places while this thread cannot take a single report.
    busyFor(200, () => {
      value = (value + 1) % 256;
      for (let at = 0; at < 64; at += 1) writer.write(at * 32, Uint8Array.of(value));
    });
    const final = writer.read(0, pageSize);
    await waitFor(() => expect(reports.replayed(Buffer.alloc(pageSize), 0)).toEqual(final));
    // However many scans saw changes, at most one batch was queued behind the busy thread.
    expect(reports.batches.length).toBeLessThanOrEqual(2);
    for (const { changes } of reports.batches) expect(changes.length).toBeLessThanOrEqual(256);
    reports.stop();
  });

  it('poke() makes the watcher look at once; the report carries the bytes it read', async () => {
    const shmid = createSegment(8 * pageSize);
    const watched = attach(shmid);
    watched.view(0, 64);
    const reports = watchReports(watched, {
      fastIntervalUs: 1_000_000,
      idleIntervalUs: 1_000_000,
      idleAfterMs: 0,
    });
    const writer = attach(shmid);
    writer.write(8, Buffer.from('poked'));
    writer.write(5 * pageSize, Buffer.from('far'));
    watched.poke(8, 5);
    watched.poke(5 * pageSize, 3);
    await waitFor(() => {
      expect(reports.replayed(Buffer.alloc(64), 0).subarray(8, 13).toString()).toBe('poked');
      // Page 0 too: the window covers only part of it, and the rest may have changed as well.
      expect(reports.pages()).toEqual(new Set([0, 5]));
    });
    watched.poke(); // no range: the window only
    reports.stop();
    watched.poke(0, 1); // not watching: nothing to do
  });

  it('look() scans the window now and hands its changes to the listener before it returns', () => {
    const shmid = createSegment(pageSize);
    const watched = attach(shmid);
    watched.view(0, 64);
    // Polls a second apart: only look() can have found the change by the next line.
    const reports = watchReports(watched, {
      fastIntervalUs: 1_000_000,
      idleIntervalUs: 1_000_000,
      idleAfterMs: 0,
    });
    const writer = attach(shmid);
    writer.write(8, Buffer.from('looked'));
    watched.look(8, 6);
    expect(reports.batches).toHaveLength(1);
    expect(reports.replayed(Buffer.alloc(64), 0).subarray(8, 14).toString()).toBe('looked');
    // Nothing new in the window: no more changes (the sweep's thread may have added page 0 by
    // now, which a look delivers too).
    watched.look(8, 6);
    expect(reports.batches.slice(1).flatMap((batch) => batch.changes)).toEqual([]);
    const calls = reports.batches.length;
    reports.stop();
    writer.write(8, Buffer.from('unseen'));
    watched.look(0, 1); // not watching: nothing to do
    expect(reports.batches).toHaveLength(calls);
    expectArgumentError(() => watched.look(-1, 1), RangeError, 'ERR_OUT_OF_RANGE', '"offset"');
  });

  it('expect() has the watcher look closely until the expected change lands', async () => {
    const shmid = createSegment(pageSize);
    const watched = attach(shmid);
    watched.view(0, 64);
    // Polls a second apart: a change seen well within that was seen by expect()'s close look.
    const reports = watchReports(watched, {
      fastIntervalUs: 1_000_000,
      idleIntervalUs: 1_000_000,
      idleAfterMs: 0,
    });
    const writer = attach(shmid);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the watcher is in its long wait
    watched.expect(MAX_EXPECT_US);
    writer.write(20, Buffer.from('soon'));
    await vi.waitFor(
      () => expect(reports.replayed(Buffer.alloc(64), 0).subarray(20, 24).toString()).toBe('soon'),
      { timeout: 700, interval: 2 },
    );
    reports.stop();
    expectArgumentError(() => watched.expect(-1), RangeError, 'ERR_OUT_OF_RANGE', '"withinUs"');
    expectArgumentError(
      () => watched.expect(MAX_EXPECT_US + 1),
      RangeError,
      'ERR_OUT_OF_RANGE',
      '"withinUs"',
    );
  });

  it('view() and poke() check their arguments', () => {
    const shmid = createSegment(MAX_WATCH_WINDOW * 2);
    const attachment = attach(shmid);
    expectArgumentError(
      () => attachment.view(0, MAX_WATCH_WINDOW + 1),
      RangeError,
      'ERR_OUT_OF_RANGE',
      '"length"',
    );
    expectArgumentError(
      () => attachment.view(MAX_WATCH_WINDOW * 2 - 1, 2),
      RangeError,
      'ERR_OUT_OF_RANGE',
      'segment size',
    );
    expectArgumentError(() => attachment.view(-1, 1), RangeError, 'ERR_OUT_OF_RANGE', '"offset"');
    expectArgumentError(
      () => attachment.poke(0, MAX_WATCH_WINDOW * 2 + 1),
      RangeError,
      'ERR_OUT_OF_RANGE',
      'segment size',
    );
    expect(attachment.view(5, 0)).toEqual(Buffer.alloc(0));
    attachment.detach();
    expect(thrownBy(() => attachment.view(0, 1)).code).toBe('E_DETACHED');
    expect(thrownBy(() => attachment.poke()).code).toBe('E_DETACHED');
  });
});
