// ShmLab's own looks (the watcher's window and sweep, peek, peekPages, view) leave the looking
// process's page table as they found it, so /proc/<pid>/pagemap shows only what the learner's own
// accesses (read, write, touch, increments) mapped. Every check reads the kernel's pagemap.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Attachment } from '../index.js';
import { AttachChild } from './children';
import {
  attach,
  createSegment,
  expectArgumentError,
  pageSize,
  thrownBy,
  titleWithSkipReason,
} from './helpers';
import type { PagemapEntry } from './proc';
import { pagemapEntry, smapsDirtyKb, sysvipcRow } from './proc';

const noCompiler =
  spawnSync('c++', ['--version']).status === 0 ? null : 'needs a C++ compiler (`c++`) on PATH';

const waitFor = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 5 });

function entry(pid: number | 'self', address: bigint, page: number): PagemapEntry {
  return pagemapEntry(pid, address + BigInt(page * pageSize), pageSize);
}

/** Which of `pages` have an entry in this process's page table for `attachment`. */
function presentIn(attachment: Attachment, pages: number[]): boolean[] {
  return pages.map((page) => entry('self', attachment.address, page).present);
}

/** The two frames are one, where this process may see frame numbers (CAP_SYS_ADMIN). */
function expectSameFrame(a: PagemapEntry, b: PagemapEntry): void {
  if (a.pfn === 0n || b.pfn === 0n) {
    console.warn('pagemap hides page frame numbers from this process: frames not compared');
    return;
  }
  expect(a.pfn).toBe(b.pfn);
}

describe("the watcher's looks", () => {
  it('report another process’s write with its bytes and leave no entry in the watcher', async () => {
    const shmid = createSegment(8 * pageSize);
    const writer = attach(shmid);
    const child = await AttachChild.start();
    const attached = await child.attach(shmid, { avoid: writer.address });
    if (!attached.ok) throw new Error(`child attach failed: ${attached.error.code}`);
    const { ref, address } = attached.value;
    await child.view(ref, 0, 4 * pageSize);
    const watch = await child.watch(ref);

    writer.write(10, Buffer.from('page zero'));
    writer.write(2 * pageSize + 20, Buffer.from('page two'));
    // Outside the window, so the sweep reports it: the pass that finds it hashed pages 0 and 2
    // (same chunk, earlier pages) after they were written.
    writer.write(6 * pageSize, Uint8Array.of(6));
    await waitFor(() => {
      const window = Buffer.alloc(4 * pageSize);
      for (const { offset, bytes } of watch.changes) window.set(bytes, offset);
      expect(window.subarray(10, 19).toString()).toBe('page zero');
      expect(window.subarray(2 * pageSize + 20, 2 * pageSize + 28).toString()).toBe('page two');
      expect(watch.pages).toContain(6);
    });
    // A look maps a page for the microseconds between its read and its zap: stop the watcher
    // (its threads are joined) so that no look is under way while pagemap is read.
    await child.unwatch(ref);
    for (const page of [0, 2, 6]) {
      expect(entry('self', writer.address, page).present, `page ${page} in the writer`).toBe(true);
      expect(entry(child.pid, address, page).present, `page ${page} in the watcher`).toBe(false);
    }

    // The watcher's own load is the learner's: that maps page 0, the writer's frame, and only it.
    expect((await child.read(ref, 10, 9)).toString()).toBe('page zero');
    const childPage0 = entry(child.pid, address, 0);
    expect(childPage0.present).toBe(true);
    expectSameFrame(childPage0, entry('self', writer.address, 0));
    expect(entry(child.pid, address, 2).present).toBe(false);
    expect(await child.close()).toEqual({ code: 0, signal: null });
  });
});

describe('peek, peekPages and view', () => {
  it('read a page this process never touched, with its bytes, and leave it not present', () => {
    const shmid = createSegment(4 * pageSize);
    const writer = attach(shmid);
    const looker = attach(shmid);
    writer.write(pageSize + 3, Buffer.from('peeked'));
    writer.write(3 * pageSize, Buffer.from('viewed'));
    const all = [0, 1, 2, 3];
    expect(presentIn(looker, all)).toEqual([false, false, false, false]);

    expect(looker.peek(pageSize + 3, 6).toString()).toBe('peeked');
    const result = looker.peekPages(0, 4 * pageSize);
    expect(result.pages).toEqual(['untouched', 'memory', 'untouched', 'memory']);
    expect(result.bytes.subarray(pageSize + 3, pageSize + 9).toString()).toBe('peeked');
    expect(result.bytes.subarray(3 * pageSize, 3 * pageSize + 6).toString()).toBe('viewed');
    expect(looker.view(3 * pageSize, 6).toString()).toBe('viewed');
    // view() while watching sets the watcher's window (its own read of the window's bytes).
    const stop = looker.watch(() => undefined);
    expect(
      looker
        .view(pageSize, 2 * pageSize)
        .subarray(3, 9)
        .toString(),
    ).toBe('peeked');
    stop();
    expect(presentIn(looker, all)).toEqual([false, false, false, false]);
    // Looking allocated nothing either.
    expect(sysvipcRow(shmid)?.rss).toBe(2 * pageSize);

    // read() is the learner's load: it maps the page, as a C program's load would.
    expect(looker.read(pageSize + 3, 6).toString()).toBe('peeked');
    expect(presentIn(looker, all)).toEqual([false, true, false, false]);
    expectSameFrame(entry('self', looker.address, 1), entry('self', writer.address, 1));
  });
});

describe('touch', () => {
  it('gives a page the segment never had a frame, mapped here, and writes nothing', () => {
    const shmid = createSegment(3 * pageSize);
    const toucher = attach(shmid);
    expect(toucher.touch(pageSize + 5)).toEqual({ value: 0, wrote: true });
    expect(sysvipcRow(shmid)?.rss).toBe(pageSize);
    // The write was made (the entry is dirty) and changed no byte.
    expect(smapsDirtyKb('self', toucher.address)).toBe(pageSize / 1024);
    expect(toucher.peek(0, 3 * pageSize).every((byte) => byte === 0)).toBe(true);
    // Page 2 gets a frame elsewhere; the toucher only looks at it.
    attach(shmid).write(2 * pageSize, Uint8Array.of(2));
    expect(toucher.peek(2 * pageSize, 1)[0]).toBe(2);
    expect(presentIn(toucher, [0, 1, 2])).toEqual([false, true, false]);
  });

  it('maps the frame another process has, returns its byte and leaves it as it was', async () => {
    const shmid = createSegment(3 * pageSize);
    const child = await AttachChild.start();
    const attached = await child.attach(shmid);
    if (!attached.ok) throw new Error(`child attach failed: ${attached.error.code}`);
    const { ref, address } = attached.value;
    await child.write(ref, 2 * pageSize + 7, Uint8Array.of(0x5a, 0xa5));

    const toucher = attach(shmid);
    // A look first: it sees the byte and maps nothing, so the entry below is the touch's.
    expect(toucher.peek(2 * pageSize + 7, 1)[0]).toBe(0x5a);
    expect(presentIn(toucher, [2])).toEqual([false]);
    expect(toucher.touch(2 * pageSize + 7)).toEqual({ value: 0x5a, wrote: true });
    expect(presentIn(toucher, [0, 1, 2])).toEqual([false, false, true]);
    expectSameFrame(entry('self', toucher.address, 2), entry(child.pid, address, 2));
    expect([...(await child.read(ref, 2 * pageSize + 6, 4))]).toEqual([0, 0x5a, 0xa5, 0]);
    expect(sysvipcRow(shmid)?.rss).toBe(pageSize);
    expect(await child.close()).toEqual({ code: 0, signal: null });
  });

  it('on a read-only attachment makes the read fault only', () => {
    const shmid = createSegment(2 * pageSize);
    const writer = attach(shmid);
    writer.write(0, Uint8Array.of(42));
    const reader = attach(shmid, { readOnly: true });
    expect(reader.peek(0, 1)[0]).toBe(42);
    expect(presentIn(reader, [0])).toEqual([false]);
    expect(reader.touch(0)).toEqual({ value: 42, wrote: false });
    // Page 0 is dirty already (the writer's store); a page nobody had is not, and the load that
    // gives it a frame (as a first load does) leaves it clean.
    const dirtyKb = smapsDirtyKb('self', reader.address);
    expect(reader.touch(pageSize + 1)).toEqual({ value: 0, wrote: false });
    expect(presentIn(reader, [0, 1])).toEqual([true, true]);
    expect(smapsDirtyKb('self', reader.address)).toBe(dirtyKb);
    expect(sysvipcRow(shmid)?.rss).toBe(2 * pageSize);
  });

  it('checks its offset like the other methods, and refuses after detach', () => {
    const shmid = createSegment(100);
    const toucher = attach(shmid);
    expectArgumentError(() => toucher.touch(100), RangeError, 'ERR_OUT_OF_RANGE', '"offset"');
    expectArgumentError(() => toucher.touch(-1), RangeError, 'ERR_OUT_OF_RANGE', '"offset"');
    expectArgumentError(() => toucher.touch(0.5), RangeError, 'ERR_OUT_OF_RANGE', '"offset"');
    expectArgumentError(
      () => toucher.touch('1' as unknown as number),
      TypeError,
      'ERR_INVALID_ARG_TYPE',
      '"offset"',
    );
    expect(toucher.touch(99)).toEqual({ value: 0, wrote: true });
    toucher.detach();
    expect(thrownBy(() => toucher.touch(0)).code).toBe('E_DETACHED');
  });
});

describe("the learner's entries", () => {
  it('stay present through every kind of look, an increment run’s included', async () => {
    const shmid = createSegment(8 * pageSize);
    const learner = attach(shmid);
    const other = attach(shmid);
    learner.touch(0);
    learner.write(pageSize, Buffer.from('mine'));
    // Pages the learner never touches; the other attachment keeps changing the window.
    other.write(3 * pageSize, Buffer.from('theirs'));
    other.write(6 * pageSize, Buffer.from('outside'));
    let reports = 0;
    const stop = learner.watch(() => (reports += 1), { fastIntervalUs: 50, idleAfterMs: 60_000 });
    learner.view(0, 4 * pageSize);
    // The run's first access makes page 2 the learner's.
    const run = learner.startIncrements({
      offset: 2 * pageSize + 8,
      times: 100_000_000,
      mode: 'plain',
    });
    const end = performance.now() + 1500;
    let sampled = 0;
    let sampledRunning = 0;
    for (let i = 0; performance.now() < end; i++) {
      other.write(3 * pageSize + (i % 64), Uint8Array.of(i & 0xff));
      other.write(pageSize + 100, Uint8Array.of(i & 0xff));
      learner.look(0, 8 * pageSize);
      learner.peekPages(0, 8 * pageSize);
      const started = run.progress() > 0;
      const [page0, page1, page2] = presentIn(learner, [0, 1, 2]);
      expect(page0, `page 0, sample ${i}`).toBe(true);
      expect(page1, `page 1, sample ${i}`).toBe(true);
      if (started) {
        expect(page2, `page 2 (the run's), sample ${i}`).toBe(true);
        sampledRunning += 1;
      }
      sampled += 1;
      // Let the watcher's reports reach JavaScript now and then.
      if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    run.cancel();
    await run.finished;
    stop();
    expect(sampled).toBeGreaterThan(10);
    expect(sampledRunning).toBeGreaterThan(0);
    expect(reports).toBeGreaterThan(0);
    // Pages the learner never touched were looked at all along, and are not the learner's.
    expect(presentIn(learner, [0, 1, 2, 3, 6])).toEqual([true, true, true, false, false]);
  });
});

describe('a range the kernel will not let a look take back', () => {
  it.skipIf(noCompiler !== null)(
    titleWithSkipReason(
      'is not read where that would leave an entry, and read where the entry is the learner’s',
      noCompiler !== null,
      noCompiler ?? '',
    ),
    () => {
      // mlock2(MLOCK_ONFAULT) makes MADV_DONTNEED fail with EINVAL; Node cannot mlock, so a small
      // program does it, with the addon's own traceless reader linked in.
      const src = join(import.meta.dirname, '..', 'src');
      const dir = mkdtempSync(join(tmpdir(), 'shmlab-locked-'));
      try {
        const program = join(dir, 'locked-look');
        const sources = ['traceless.cc', 'residency.cc'].map((file) => join(src, file));
        const build = spawnSync(
          'c++',
          ['-std=c++20', '-O2', '-Wall', '-Wextra', '-pthread', `-I${src}`, '-o', program].concat(
            join(import.meta.dirname, 'fixtures', 'locked-look.cc'),
            sources,
          ),
          { encoding: 'utf8' },
        );
        expect(build.stderr).toBe('');
        expect(build.status).toBe(0);
        const run = spawnSync(program, { encoding: 'utf8' });
        expect(run.stderr).toBe('');
        expect(run.status).toBe(0);
        expect(JSON.parse(run.stdout)).toEqual({
          // Not read: the zeros a page never read shows, and no entry left behind.
          untouched: { bytes: '', present: false },
          own: { loaded: 42, byte: 42, present: true },
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe('pageTable', () => {
  it('gives this process’s own pagemap entries and smaps, as the kernel has them', () => {
    const shmid = createSegment(3 * pageSize);
    const attachment = attach(shmid);
    attachment.write(pageSize + 1, Uint8Array.of(7)); // page 1 only
    const table = attachment.pageTable(true);
    expect(table.entries.length).toBe(3 * 8);
    const present = [0, 1, 2].map((page) => table.entries.readBigUInt64LE(page * 8) >> 63n === 1n);
    expect(present).toEqual(presentIn(attachment, [0, 1, 2]));
    expect(present).toEqual([false, true, false]);
    const pfn = (table.entries.readBigUInt64LE(8) & ((1n << 55n) - 1n)) as bigint;
    expect(pfn).toBe(entry('self', attachment.address, 1).pfn);
    // smaps names this very region, with one page resident in it.
    const header = `${attachment.address.toString(16)}-`;
    expect(table.smaps).toContain(`\n${header}`);
    const block = table.smaps!.slice(table.smaps!.indexOf(`\n${header}`));
    expect(/\nRss:\s+(\d+) kB/.exec(block)?.[1]).toBe(String(pageSize / 1024));
    expect(attachment.pageTable(false).smaps).toBeNull();
    // The first pages only, when asked: what a view shows, not the whole segment.
    expect(attachment.pageTable(false, 2).entries.equals(table.entries.subarray(0, 16))).toBe(true);
    expect(thrownBy(() => attachment.pageTable(false, 4))).toMatchObject({
      code: 'ERR_OUT_OF_RANGE',
    });
    expect(thrownBy(() => attachment.pageTable('yes' as unknown as boolean))).toMatchObject({
      code: 'ERR_INVALID_ARG_TYPE',
    });
    attachment.detach();
    expect(thrownBy(() => attachment.pageTable(false))).toMatchObject({ code: 'E_DETACHED' });
  });
});
