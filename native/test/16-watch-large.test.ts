// Watching segments far larger than what is on screen, in real processes: an untouched 1 GiB
// segment watched by two children, and a 64 GiB SHM_NORESERVE one. Watching allocates none of
// the segment's pages (its rss in /proc/sysvipc/shm stays what was written), changes inside the
// window arrive with their bytes and changes elsewhere as page numbers. Memory and speed are
// measured by the bench, not here.
import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';
import type { ChildWatch } from './children';
import { AttachChild } from './children';
import {
  IPC_CREAT,
  IPC_EXCL,
  IPC_PRIVATE,
  adoptSegment,
  createSegment,
  isCoded,
  pageSize,
  shm,
} from './helpers';
import { sysvipcRow } from './proc';

const GiB = 2 ** 30;
const { SHM_NORESERVE } = shm.constants;

/** The raw shmget: index.js takes only IPC_CREAT, IPC_EXCL and permission bits. */
const binding = createRequire(import.meta.url)('../build/Release/shmlab.node') as {
  shmget(key: number, size: number, flags: number): number;
};

/** A child with `shmid` attached and watched. */
async function watchingChild(shmid: number) {
  const child = await AttachChild.start();
  const attached = await child.attach(shmid);
  if (!attached.ok) throw new Error(`child attach failed: ${attached.error.code}`);
  const { ref } = attached.value;
  const watch = await child.watch(ref);
  return { child, ref, watch };
}

/** What the child's reports say the window holds, starting from `initial`. */
function replay(watch: ChildWatch, initial: Buffer, windowOffset: number): Buffer {
  const copy = Buffer.from(initial);
  for (const { offset, bytes } of watch.changes) copy.set(bytes, offset - windowOffset);
  return copy;
}

const waitFor = (check: () => void, timeout = 15_000) =>
  vi.waitFor(check, { timeout, interval: 10 });

describe('watching large segments', () => {
  it('an untouched 1 GiB segment, watched by two processes, keeps no page until written', async () => {
    expect(SHM_NORESERVE).toBe(0o10000);
    const shmid = createSegment(GiB);
    const a = await watchingChild(shmid);
    const b = await watchingChild(shmid);
    const windowOffset = 512 * 2 ** 20;
    const initial = await b.child.view(b.ref, windowOffset, 4 * pageSize);
    expect(initial.every((byte) => byte === 0)).toBe(true);
    // Several window polls and sweep passes later, still nothing is allocated.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(sysvipcRow(shmid)?.rss).toBe(0);

    const inside = Buffer.from('inside the window of B');
    await a.child.write(a.ref, windowOffset + pageSize + 100, inside);
    await waitFor(() => {
      const seen = replay(b.watch, initial, windowOffset);
      expect(seen.subarray(pageSize + 100, pageSize + 100 + inside.length)).toEqual(inside);
    });
    const farOffset = GiB - 3 * pageSize + 9;
    await a.child.write(a.ref, farOffset, Buffer.from('far away'));
    const farPage = Math.floor(farOffset / pageSize);
    await waitFor(() => expect(b.watch.pages.has(farPage)).toBe(true));
    // A's window is the first 64 KiB: both writes reach it as pages.
    await waitFor(() => {
      expect(a.watch.pages).toEqual(new Set([windowOffset / pageSize + 1, farPage]));
    });
    expect([...b.watch.pages]).toEqual([farPage]);
    // Exactly the two written pages exist: watching faulted nothing in.
    expect(sysvipcRow(shmid)?.rss).toBe(2 * pageSize);
    await a.child.close();
    await b.child.close();
  });

  it('a 64 GiB SHM_NORESERVE segment attaches, is watched and viewed; writes are reported', async (context) => {
    let shmid: number;
    try {
      shmid = binding.shmget(IPC_PRIVATE, 64 * GiB, IPC_CREAT | IPC_EXCL | SHM_NORESERVE | 0o600);
    } catch (error) {
      const code = isCoded(error) ? String(error.code) : String(error);
      console.warn(`skipping the 64 GiB case: the kernel refused to create it (${code})`);
      return context.skip(`the kernel refused a 64 GiB SHM_NORESERVE segment (${code})`);
    }
    adoptSegment(shmid);
    const writer = await AttachChild.start();
    const attached = await writer.attach(shmid);
    if (!attached.ok) throw new Error(`writer attach failed: ${attached.error.code}`);
    const b = await watchingChild(shmid);
    const windowOffset = 40 * GiB;
    const initial = await b.child.view(b.ref, windowOffset, 64 * 1024);
    expect(initial).toEqual(Buffer.alloc(64 * 1024));

    const inside = Buffer.from('one page of 64 GiB');
    await writer.write(attached.value.ref, windowOffset + 5000, inside);
    await waitFor(() => {
      const seen = replay(b.watch, initial, windowOffset);
      expect(seen.subarray(5000, 5000 + inside.length)).toEqual(inside);
    });
    // A page elsewhere is found by the sweep, which probes every page once the segment's page
    // count moved (16 Mi pages at a bounded share of a core: seconds, not milliseconds).
    const farOffset = 63 * GiB + 12_345;
    await writer.write(attached.value.ref, farOffset, Uint8Array.of(0x64));
    await waitFor(
      () => expect(b.watch.pages.has(Math.floor(farOffset / pageSize))).toBe(true),
      60_000,
    );
    expect(sysvipcRow(shmid)?.rss).toBe(2 * pageSize);
    await writer.close();
    await b.child.close();
  }, 90_000);
});
