// Semaphore sets against the real kernel: semget, every semctl command, semop with IPC_NOWAIT,
// and the errors the kernel gives (each compared with /proc/sysvipc/sem where it shows).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SemChild } from './children';
import {
  IPC_CREAT,
  IPC_EXCL,
  IPC_PRIVATE,
  adoptSemaphoreSet,
  createSemaphoreSet,
  earliestKernelStamp,
  expectSyscallError,
  isRoot,
  removeSemaphoreSet,
  shm,
  titleWithSkipReason,
  unusedKey,
} from './helpers';
import { listedSemids, sysvipcSemRow } from './proc';

const NOBODY = 65534;
const limits = shm.semLimits();

describe('semLimits', () => {
  it("are the kernel's (semctl IPC_INFO), as /proc/sys/kernel/sem lists them", () => {
    // /proc/sys/kernel/sem: SEMMSL SEMMNS SEMOPM SEMMNI.
    const [msl, mns, opm, mni] = readFileSync('/proc/sys/kernel/sem', 'utf8').trim().split(/\s+/);
    expect(limits).toMatchObject({
      SEMMSL: Number(msl),
      SEMMNS: Number(mns),
      SEMOPM: Number(opm),
      SEMMNI: Number(mni),
    });
    // SEMVMX and SEMAEM are compile-time constants of the kernel (ipc/sem.c): 32767.
    expect(limits.SEMVMX).toBe(32767);
    expect(limits.SEMAEM).toBe(limits.SEMVMX);
    expect(shm.constants.SEM_UNDO).toBe(0o10000);
    expect(shm.constants.IPC_NOWAIT).toBe(0o4000);
  });
});

describe('semget', () => {
  it('creates a set the kernel lists, opens it by key, and refuses a second IPC_EXCL', () => {
    const key = unusedKey();
    const semid = createSemaphoreSet(3, { key, mode: 0o640 });
    expect(sysvipcSemRow(semid)).toMatchObject({ key, semid, perms: 0o640, nsems: 3 });
    expect(shm.semget(key, 0, 0)).toBe(semid);
    expect(shm.semget(key, 2, 0)).toBe(semid); // fewer than it has: the same set
    expectSyscallError(() => shm.semget(key, 3, IPC_CREAT | IPC_EXCL | 0o600), 'semget', [
      'EEXIST',
    ]);
    // More semaphores than the set has: EINVAL.
    expectSyscallError(() => shm.semget(key, 4, 0), 'semget', ['EINVAL']);
    // A fresh set starts at 0 everywhere.
    expect(shm.semctl(semid, 0, 'GETALL')).toEqual([0, 0, 0]);
  });

  it('ENOENT for a key nobody uses, without IPC_CREAT; EINVAL for nsems 0 with IPC_CREAT', () => {
    expectSyscallError(() => shm.semget(unusedKey(), 1, 0o600), 'semget', ['ENOENT']);
    expectSyscallError(() => shm.semget(IPC_PRIVATE, 0, IPC_CREAT | 0o600), 'semget', ['EINVAL']);
  });
});

describe('semctl', () => {
  it('SETVAL, GETVAL, SETALL, GETALL, GETPID, GETNCNT and GETZCNT read what the kernel holds', () => {
    const semid = createSemaphoreSet(3);
    // Nobody has operated on a fresh set.
    expect(shm.semctl(semid, 2, 'GETPID')).toBe(0);
    shm.semctl(semid, 1, 'SETVAL', 7);
    expect(shm.semctl(semid, 1, 'GETVAL')).toBe(7);
    expect(shm.semctl(semid, 0, 'GETALL')).toEqual([0, 7, 0]);
    shm.semctl(semid, 0, 'SETALL', [1, 2, limits.SEMVMX]);
    expect(shm.semctl(semid, 0, 'GETALL')).toEqual([1, 2, limits.SEMVMX]);
    shm.semop(semid, [{ num: 2, op: -5, nowait: true }]);
    expect(shm.semctl(semid, 2, 'GETPID')).toBe(process.pid);
    expect(shm.semctl(semid, 2, 'GETVAL')).toBe(limits.SEMVMX - 5);
    expect(shm.semctl(semid, 0, 'GETNCNT')).toBe(0);
    expect(shm.semctl(semid, 0, 'GETZCNT')).toBe(0);
  });

  it('IPC_STAT gives every semid_ds field as /proc/sysvipc/sem shows it; semop sets otime', () => {
    const key = unusedKey();
    const before = earliestKernelStamp();
    const semid = createSemaphoreSet(2, { key, mode: 0o620 });
    const created = shm.semctl(semid, 0, 'IPC_STAT');
    const uid = process.getuid?.() ?? -1;
    const gid = process.getgid?.() ?? -1;
    expect(created).toEqual({
      key,
      uid,
      gid,
      cuid: uid,
      cgid: gid,
      mode: 0o620,
      nsems: 2,
      otime: 0,
      ctime: created.ctime,
    });
    expect(created.ctime).toBeGreaterThanOrEqual(before);
    shm.semop(semid, [{ num: 1, op: 1, nowait: true }]);
    const stat = shm.semctl(semid, 0, 'IPC_STAT');
    expect(stat.otime).toBeGreaterThanOrEqual(before);
    const row = sysvipcSemRow(semid);
    expect(row).toEqual({
      key,
      semid,
      perms: stat.mode,
      nsems: stat.nsems,
      uid: stat.uid,
      gid: stat.gid,
      cuid: stat.cuid,
      cgid: stat.cgid,
      otime: stat.otime,
      ctime: stat.ctime,
    });
  });

  it('IPC_SET changes the mode (and keeps uid and gid it was not given); IPC_RMID removes', () => {
    const semid = createSemaphoreSet(1, { mode: 0o600 });
    shm.semctl(semid, 0, 'IPC_SET', { mode: 0o644 });
    expect(shm.semctl(semid, 0, 'IPC_STAT')).toMatchObject({
      mode: 0o644,
      uid: process.getuid?.(),
      gid: process.getgid?.(),
    });
    expect(sysvipcSemRow(semid)?.perms).toBe(0o644);
    shm.semctl(semid, 0, 'IPC_RMID');
    expect(listedSemids()).not.toContain(semid);
    // Linux answers EINVAL for an id that is gone, for every command.
    for (const command of ['GETVAL', 'IPC_STAT', 'IPC_RMID'] as const) {
      expectSyscallError(() => shm.semctl(semid, 0, command as 'GETVAL'), 'semctl', ['EINVAL']);
    }
    expect(removeSemaphoreSet(semid)).toBe(false);
  });

  it('EINVAL for a semnum past the set; ERANGE from the kernel above SEMVMX', () => {
    const semid = createSemaphoreSet(2);
    expectSyscallError(() => shm.semctl(semid, 2, 'GETVAL'), 'semctl', ['EINVAL']);
    expectSyscallError(() => shm.semctl(semid, 2, 'SETVAL', 1), 'semctl', ['EINVAL']);
    shm.semctl(semid, 0, 'SETVAL', limits.SEMVMX);
    // semop may not push a value past SEMVMX either: the kernel's ERANGE, nothing changed.
    expectSyscallError(() => shm.semop(semid, [{ num: 0, op: 1, nowait: true }]), 'semop', [
      'ERANGE',
    ]);
    expect(shm.semctl(semid, 0, 'GETVAL')).toBe(limits.SEMVMX);
  });
});

describe('semop with IPC_NOWAIT', () => {
  it('does all operations or none: EAGAIN when one would wait, and nothing changed', () => {
    const semid = createSemaphoreSet(2);
    shm.semctl(semid, 0, 'SETALL', [1, 0]);
    expectSyscallError(
      () =>
        shm.semop(semid, [
          { num: 0, op: -1, nowait: true },
          { num: 1, op: -1, nowait: true },
        ]),
      'semop',
      ['EAGAIN'],
    );
    expect(shm.semctl(semid, 0, 'GETALL')).toEqual([1, 0]);
    // Wait-for-zero on a non-zero value would wait too.
    expectSyscallError(() => shm.semop(semid, [{ num: 0, op: 0, nowait: true }]), 'semop', [
      'EAGAIN',
    ]);
    shm.semop(semid, [
      { num: 0, op: -1, nowait: true },
      { num: 1, op: 3, nowait: true },
      { num: 0, op: 0, nowait: true },
    ]);
    expect(shm.semctl(semid, 0, 'GETALL')).toEqual([0, 3]);
  });

  it('EFBIG for a num past the set; EINVAL once the set is removed', () => {
    const semid = createSemaphoreSet(1);
    expectSyscallError(() => shm.semop(semid, [{ num: 1, op: 1, nowait: true }]), 'semop', [
      'EFBIG',
    ]);
    removeSemaphoreSet(semid);
    expectSyscallError(() => shm.semop(semid, [{ num: 0, op: 1, nowait: true }]), 'semop', [
      'EINVAL',
      'EIDRM',
    ]);
  });

  it('with undo: the kernel reverses it when the process exits', async () => {
    const semid = createSemaphoreSet(1);
    shm.semctl(semid, 0, 'SETVAL', 1);
    const child = await SemChild.start();
    await child.call('semop', { semid, ops: [{ num: 0, op: -1, nowait: true, undo: true }] });
    expect(shm.semctl(semid, 0, 'GETVAL')).toBe(0);
    expect(shm.semctl(semid, 0, 'GETPID')).toBe(child.pid);
    expect(await child.close()).toEqual({ code: 0, signal: null });
    expect(shm.semctl(semid, 0, 'GETVAL')).toBe(1);
  });
});

describe('permissions', () => {
  it.skipIf(!isRoot)(
    titleWithSkipReason(
      'EACCES for another uid on a 0600 set; EPERM for its IPC_SET and IPC_RMID',
      !isRoot,
      'needs root to run a child under another uid',
    ),
    async () => {
      const semid = createSemaphoreSet(1, { mode: 0o600 });
      shm.semctl(semid, 0, 'SETVAL', 1);
      const other = await SemChild.start({ uid: NOBODY, gid: NOBODY });
      expect({ uid: other.uid, gid: other.gid }).toEqual({ uid: NOBODY, gid: NOBODY });
      const denied = { ok: false, error: { code: 'EACCES', syscall: 'semop' } };
      expect(
        await other.request('semop', { semid, ops: [{ num: 0, op: -1, nowait: true }] }),
      ).toMatchObject(denied);
      expect(await other.request('semctl', { semid, semnum: 0, command: 'GETVAL' })).toMatchObject({
        ok: false,
        error: { code: 'EACCES', syscall: 'semctl' },
      });
      for (const command of ['IPC_RMID', 'IPC_SET']) {
        const argument = command === 'IPC_SET' ? { mode: 0o666 } : undefined;
        expect(
          await other.request('semctl', { semid, semnum: 0, command, argument }),
        ).toMatchObject({ ok: false, error: { code: 'EPERM', syscall: 'semctl' } });
      }
      // 0604: others may read (GETVAL) but not alter (semop).
      shm.semctl(semid, 0, 'IPC_SET', { mode: 0o604 });
      expect(await other.request('semctl', { semid, semnum: 0, command: 'GETVAL' })).toEqual({
        ok: true,
        value: 1,
      });
      expect(
        await other.request('semop', { semid, ops: [{ num: 0, op: -1, nowait: true }] }),
      ).toMatchObject(denied);
      expect(shm.semctl(semid, 0, 'GETVAL')).toBe(1);
      expect(await other.close()).toEqual({ code: 0, signal: null });
    },
  );

  it('an owner without privilege takes its read permission away and gives it back', async () => {
    const owner = await SemChild.start(isRoot ? { uid: NOBODY, gid: NOBODY } : {});
    const semid = await owner.call<number>('create', { nsems: 1, mode: 0o600 });
    adoptSemaphoreSet(semid);
    await owner.call('semctl', { semid, semnum: 0, command: 'IPC_SET', argument: { mode: 0 } });
    expect(await owner.request('semctl', { semid, semnum: 0, command: 'IPC_STAT' })).toMatchObject({
      ok: false,
      error: { code: 'EACCES' },
    });
    // IPC_SET needs ownership only; the uid and gid it was not given are read with
    // SEM_STAT_ANY, which needs no read permission.
    await owner.call('semctl', { semid, semnum: 0, command: 'IPC_SET', argument: { mode: 0o640 } });
    expect(await owner.request('semctl', { semid, semnum: 0, command: 'IPC_STAT' })).toMatchObject({
      ok: true,
      value: { mode: 0o640, uid: owner.uid, gid: owner.gid },
    });
    expect(await owner.close()).toEqual({ code: 0, signal: null });
  });
});
