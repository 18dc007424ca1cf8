// The kernel's view of one real System V segment attached in two real processes: this test
// process and a forked child. Every figure asserted here is read back from /proc.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Attachment } from '../../native/index.js';
import { native } from '../lab/native';
import { ShmChild } from './fixtures/shm-child-host';
import { findShmRegion, readMaps, regionKind, shmKeyOfPath } from './maps';
import { hasCapSysAdmin, readPagemap } from './pagemap';
import { readSmapsRegion } from './smaps';
import { readSysvShm } from './sysvipc-shm';

const { pageSize, IPC_PRIVATE } = native.constants;
const page = BigInt(pageSize);
/** Not a whole number of pages: the mapping is rounded up to four pages. */
const segmentSize = 3 * pageSize + 100;
const mappedSize = 4 * pageSize;

const created: number[] = [];
let shmid: number;
let attachment: Attachment;
let child: ShmChild;
let childAddress: bigint;

async function record(id: number) {
  return (await readSysvShm()).find((row) => row.shmid === id);
}

async function figures(pid: number, start: bigint) {
  const found = await readSmapsRegion(pid, start);
  if (found === null) throw new Error(`no smaps entry at 0x${start.toString(16)} in ${pid}`);
  return found;
}

const pagesOf = (base: bigint) => [0n, 1n, 2n, 3n].map((index) => base + index * page);

beforeEach(async () => {
  shmid = native.shmget(IPC_PRIVATE, segmentSize, 0o600);
  created.push(shmid);
  attachment = native.shmat(shmid);
  child = await ShmChild.start();
  childAddress = await child.attach(shmid);
});

afterEach(async () => {
  try {
    await child?.stop();
    attachment?.detach();
  } finally {
    native.shmctl(shmid, 'IPC_RMID');
  }
});

afterAll(async () => {
  const mine = (await readSysvShm()).filter((row) => row.cpid === process.pid);
  expect(created.length).toBeGreaterThan(0);
  expect(mine.filter((row) => created.includes(row.shmid))).toEqual([]);
});

describe('one segment in two processes', () => {
  it('is listed in /proc/sysvipc/shm with the size, attach count and pids', async () => {
    const row = await record(shmid);
    const stat = native.shmctl(shmid, 'IPC_STAT');
    expect(row).toMatchObject({
      key: 0,
      perms: 0o600,
      size: segmentSize,
      nattch: 2,
      cpid: process.pid,
      lpid: child.pid,
      uid: process.getuid?.(),
      rss: 0,
      swap: 0,
    });
    expect(row).toMatchObject({ atime: stat.atime, dtime: stat.dtime, ctime: stat.ctime });

    attachment.write(0, Uint8Array.of(1));
    expect((await record(shmid))?.rss).toBe(pageSize);

    await child.detach();
    expect(await record(shmid)).toMatchObject({ nattch: 1, lpid: child.pid, rss: pageSize });
  });

  it('appears in each process’s maps at its own address as a shared /SYSV mapping', async () => {
    const expected = {
      inode: shmid,
      path: '/SYSV00000000 (deleted)',
      deleted: true,
      offset: 0n,
      perms: { raw: 'rw-s', read: true, write: true, execute: false, shared: true },
    };
    for (const [pid, address] of [
      [process.pid, attachment.address],
      [child.pid, childAddress],
    ] as const) {
      const region = findShmRegion(await readMaps(pid), shmid, address);
      expect(region).toMatchObject({ ...expected, start: address });
      expect(region && region.end - region.start).toBe(BigInt(mappedSize));
      expect(region && regionKind(region)).toBe('shm');
      expect(region && shmKeyOfPath(region.path)).toBe(0);
    }

    await child.detach();
    expect(findShmRegion(await readMaps(child.pid), shmid)).toBeUndefined();
  });

  it('tells two attachments in one process apart by address', async () => {
    const second = native.shmat(shmid);
    try {
      const regions = await readMaps(process.pid);
      expect(second.address).not.toBe(attachment.address);
      expect(findShmRegion(regions, shmid, second.address)?.start).toBe(second.address);
      expect(findShmRegion(regions, shmid, attachment.address)?.start).toBe(attachment.address);
      const lowest = [second.address, attachment.address].sort((a, b) => (a < b ? -1 : 1))[0];
      expect(findShmRegion(regions, shmid)?.start).toBe(lowest);
    } finally {
      second.detach();
    }
  });

  it('shows resident, private and shared pages in smaps as each process touches them', async () => {
    const untouched = await figures(process.pid, attachment.address);
    expect(untouched).toMatchObject({ Size: mappedSize, Rss: 0, Pss: 0, Swap: 0 });
    expect((await figures(child.pid, childAddress)).Rss).toBe(0);

    attachment.write(0, Uint8Array.of(0xa1));
    attachment.write(pageSize, Uint8Array.of(0xa2));
    expect(await figures(process.pid, attachment.address)).toEqual({
      Size: mappedSize,
      Rss: 2 * pageSize,
      Pss: 2 * pageSize,
      Shared_Clean: 0,
      Shared_Dirty: 0,
      Private_Clean: 0,
      Private_Dirty: 2 * pageSize,
      Swap: 0,
    });
    expect((await figures(child.pid, childAddress)).Rss).toBe(0);

    // The child touches page 0 only: that frame is now mapped twice, page 1 still once.
    await child.write(0, 0xb1);
    const parent = await figures(process.pid, attachment.address);
    const other = await figures(child.pid, childAddress);
    expect(parent).toMatchObject({ Rss: 2 * pageSize, Shared_Dirty: pageSize });
    expect(parent).toMatchObject({ Private_Dirty: pageSize, Pss: pageSize + pageSize / 2 });
    expect(other).toMatchObject({ Rss: pageSize, Shared_Dirty: pageSize, Private_Dirty: 0 });
    expect(other.Pss).toBe(pageSize / 2);
    expect(parent.Shared_Clean + parent.Shared_Dirty).toBeGreaterThan(0);
    expect(other.Shared_Clean + other.Shared_Dirty).toBeGreaterThan(0);
    expect((await record(shmid))?.rss).toBe(2 * pageSize);
  });

  it('maps a page written in both processes to one physical frame (pagemap)', async () => {
    const before = await readPagemap(process.pid, pagesOf(attachment.address), pageSize);
    expect(before.map((state) => state.present)).toEqual([false, false, false, false]);

    attachment.write(0, Uint8Array.of(1));
    attachment.write(pageSize, Uint8Array.of(2));
    await child.write(0, 3);
    const mine = await readPagemap(process.pid, pagesOf(attachment.address), pageSize);
    const theirs = await readPagemap(child.pid, pagesOf(childAddress), pageSize);

    expect(mine.map((state) => state.address)).toEqual(pagesOf(attachment.address));
    expect(mine.map((state) => state.present)).toEqual([true, true, false, false]);
    expect(theirs.map((state) => state.present)).toEqual([true, false, false, false]);
    // Page 0 is mapped by both, page 1 only here.
    expect(mine.map((state) => state.exclusive)).toEqual([false, true, undefined, undefined]);
    expect(theirs[0]).toMatchObject({ exclusive: false, swapped: false, fileOrSharedAnon: true });

    if (await hasCapSysAdmin()) {
      expect(mine[0]?.pfn).not.toBeNull();
      expect(mine[0]?.pfn).toBe(theirs[0]?.pfn);
      expect(mine[1]?.pfn).not.toBeNull();
      expect(mine[1]?.pfn).not.toBe(mine[0]?.pfn);
      expect(mine[0]?.pfnHiddenReason).toBeUndefined();
    } else {
      expect(mine[0]).toMatchObject({
        pfn: null,
        pfnHiddenReason: expect.stringContaining('CAP_SYS_ADMIN'),
      });
    }
    expect(mine[2]).toMatchObject({ present: false, pfn: null });
  });
});
