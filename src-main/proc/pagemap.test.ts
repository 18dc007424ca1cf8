import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { Attachment } from '../../native/index.js';
import { findProjectRoot, native } from '../lab/native';
import { startZombie } from './fixtures/zombie';
import { decodePagemapEntry, hasCapSysAdmin, readPagemap } from './pagemap';
import { ProcFileError } from './proc-error';

const run = promisify(execFile);
const SETPRIV = '/usr/bin/setpriv';
const PRESENT = 1n << 63n;
const SWAPPED = 1n << 62n;
const FILE = 1n << 61n;
const EXCLUSIVE = 1n << 56n;
const SOFT_DIRTY = 1n << 55n;

describe('decodePagemapEntry', () => {
  it('decodes a present page with its frame and flags', () => {
    const entry = PRESENT | FILE | EXCLUSIVE | SOFT_DIRTY | 0x123456n;
    expect(decodePagemapEntry(0x7000n, entry, true)).toEqual({
      address: 0x7000n,
      present: true,
      swapped: false,
      pfn: 0x123456n,
      exclusive: true,
      softDirty: true,
      fileOrSharedAnon: true,
    });
  });

  it('uses all 55 frame bits', () => {
    const top = (1n << 55n) - 1n;
    expect(decodePagemapEntry(0n, PRESENT | top, true).pfn).toBe(top);
  });

  it('reports frame 0 of a present page as hidden, saying why', () => {
    const unprivileged = decodePagemapEntry(0x1000n, PRESENT, false);
    expect(unprivileged).toMatchObject({ present: true, pfn: null, exclusive: false });
    expect(unprivileged.pfnHiddenReason).toBe(
      'the kernel hides page frame numbers from processes without CAP_SYS_ADMIN',
    );
    const privileged = decodePagemapEntry(0x1000n, PRESENT, true);
    expect(privileged.pfnHiddenReason).toMatch(/initial user namespace/);
  });

  it('gives no frame, exclusivity or reason for absent and swapped pages', () => {
    expect(decodePagemapEntry(0x2000n, 0n, true)).toEqual({
      address: 0x2000n,
      present: false,
      swapped: false,
      pfn: null,
      softDirty: false,
      fileOrSharedAnon: false,
    });
    // A swap entry: type 3 in bits 0-4, offset 0x42 in bits 5-54, not a frame.
    const swapped = decodePagemapEntry(0x3000n, SWAPPED | (0x42n << 5n) | 3n, true);
    expect(swapped).toMatchObject({ present: false, swapped: true, pfn: null });
    expect(swapped.pfnHiddenReason).toBeUndefined();
    expect(swapped.exclusive).toBeUndefined();
  });
});

describe('readPagemap', () => {
  const { pageSize, IPC_PRIVATE } = native.constants;
  const page = BigInt(pageSize);
  let shmid: number | undefined;
  let attachment: Attachment | undefined;

  afterEach(() => {
    attachment?.detach();
    if (shmid !== undefined) native.shmctl(shmid, 'IPC_RMID');
    shmid = undefined;
    attachment = undefined;
  });

  it('answers in the order asked, per page, for duplicate and unaligned addresses', async () => {
    shmid = native.shmget(IPC_PRIVATE, 3 * pageSize, 0o600);
    attachment = native.shmat(shmid);
    const base = attachment.address;
    attachment.write(pageSize + 5, Uint8Array.of(7));

    const states = await readPagemap(
      process.pid,
      [base + 2n * page, base + page + 5n, base, base + page],
      pageSize,
    );
    expect(states.map((state) => state.address)).toEqual([
      base + 2n * page,
      base + page,
      base,
      base + page,
    ]);
    expect(states.map((state) => state.present)).toEqual([false, true, false, true]);
    expect(states[1]).toMatchObject({ exclusive: true, fileOrSharedAnon: true, swapped: false });
    expect(states[1]?.pfn).toBe(states[3]?.pfn);
    if (await hasCapSysAdmin()) expect(states[1]?.pfn).toBeGreaterThan(0n);
    else expect(states[1]?.pfn).toBeNull();
  });

  it('reads pages outside the user address space as absent', async () => {
    const states = await readPagemap(
      process.pid,
      [0n, 0xffffffffff600000n, 0xfffffffffffff000n],
      pageSize,
    );
    expect(states.map((state) => [state.present, state.pfn])).toEqual([
      [false, null],
      [false, null],
      [false, null],
    ]);
  });

  it('hides frame numbers from a process without CAP_SYS_ADMIN, and says so', async () => {
    const probe = join(import.meta.dirname, 'fixtures', 'pagemap-probe.ts');
    const node = [process.execPath, '--import', 'tsx', probe];
    // Root drops the capability from its bounding set for the probe; others never had it.
    const privileged = await hasCapSysAdmin();
    if (privileged)
      expect(existsSync(SETPRIV), 'setpriv (util-linux) drops the capability').toBe(true);
    const [file, ...args] = privileged ? [SETPRIV, '--bounding-set', '-sys_admin', ...node] : node;
    const { stdout } = await run(file ?? '', args, { cwd: findProjectRoot() });
    expect(JSON.parse(stdout)).toEqual({
      capSysAdmin: false,
      present: true,
      pfn: null,
      reason: 'the kernel hides page frame numbers from processes without CAP_SYS_ADMIN',
    });
  });

  it('rejects with typed errors for missing and exited processes and bad arguments', async () => {
    const missing = readPagemap(2147483647, [0n], pageSize);
    await expect(missing).rejects.toBeInstanceOf(ProcFileError);
    await expect(missing).rejects.toMatchObject({ code: 'ENOENT', syscall: 'open' });

    const zombie = await startZombie();
    try {
      await expect(readPagemap(zombie.pid, [0n], pageSize)).rejects.toMatchObject({
        code: 'ESRCH',
        path: `/proc/${zombie.pid}/pagemap`,
      });
    } finally {
      zombie.release();
    }

    await expect(readPagemap(process.pid, [0n], 3000)).rejects.toThrow(/power of two/);
    await expect(readPagemap(process.pid, [-1n], pageSize)).rejects.toThrow(/negative/);
  });
});
