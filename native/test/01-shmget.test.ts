// shmget: creating and opening segments, and the kernel's limits.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  IPC_CREAT,
  IPC_EXCL,
  IPC_PRIVATE,
  createSegment,
  expectSyscallError,
  removeSegment,
  shm,
  unusedKey,
} from './helpers';
import { sysvipcRow } from './proc';

describe('shmget', () => {
  it('creates a segment of the size asked for, owned by this process', () => {
    const shmid = createSegment(12345, { mode: 0o640 });
    const stat = shm.shmctl(shmid, 'IPC_STAT');
    expect(stat).toMatchObject({ key: IPC_PRIVATE, segsz: 12345, nattch: 0, atime: 0, dtime: 0 });
    expect(stat.mode & 0o777).toBe(0o640);
    expect(stat.cpid).toBe(process.pid);
    expect(stat.cuid).toBe(process.getuid?.());
    expect(sysvipcRow(shmid)).toMatchObject({ shmid, size: 12345, nattch: 0 });
  });

  it('gives a new id for every IPC_PRIVATE segment', () => {
    const first = createSegment();
    const second = createSegment();
    expect(second).not.toBe(first);
  });

  it('opens an existing key without IPC_CREAT, and with IPC_CREAT alone', () => {
    const key = unusedKey();
    const shmid = createSegment(100, { key });
    expect(shm.shmctl(shmid, 'IPC_STAT').key).toBe(key);
    // size 0 opens whatever size the segment has; a smaller size is allowed too.
    expect(shm.shmget(key, 0, 0)).toBe(shmid);
    expect(shm.shmget(key, 50, 0o600)).toBe(shmid);
    expect(shm.shmget(key, 100, IPC_CREAT | 0o600)).toBe(shmid);
  });

  it('fails with EEXIST for IPC_CREAT | IPC_EXCL on a key that exists', () => {
    const key = unusedKey();
    const shmid = createSegment(100, { key });
    expectSyscallError(() => shm.shmget(key, 100, IPC_CREAT | IPC_EXCL | 0o600), 'shmget', [
      'EEXIST',
    ]);
    // The failed call must not have touched the existing segment.
    expect(shm.shmctl(shmid, 'IPC_STAT')).toMatchObject({ key, segsz: 100 });
  });

  it('fails with EINVAL when an existing key is opened with a larger size', () => {
    const key = unusedKey();
    createSegment(100, { key });
    expectSyscallError(() => shm.shmget(key, 101, 0o600), 'shmget', ['EINVAL']);
  });

  it('fails with ENOENT for a key that does not exist, without IPC_CREAT', () => {
    const key = unusedKey();
    expectSyscallError(() => shm.shmget(key, 100, 0o600), 'shmget', ['ENOENT']);
    expectSyscallError(() => shm.shmget(key, 0, 0), 'shmget', ['ENOENT']);
  });

  it('fails with ENOENT once the key of a removed segment is looked up', () => {
    const key = unusedKey();
    const shmid = createSegment(100, { key });
    expect(removeSegment(shmid)).toBe(true);
    expectSyscallError(() => shm.shmget(key, 0, 0), 'shmget', ['ENOENT']);
  });

  it('fails with EINVAL for a size below SHMMIN (0) with IPC_CREAT', () => {
    expectSyscallError(() => shm.shmget(IPC_PRIVATE, 0, IPC_CREAT | 0o600), 'shmget', ['EINVAL']);
  });
});

describe('limits', () => {
  it('reports the limits the kernel publishes in /proc/sys/kernel', () => {
    const limits = shm.limits();
    const sysctl = (name: string) => readFileSync(`/proc/sys/kernel/${name}`, 'utf8').trim();
    expect(limits.SHMMAX).toBe(BigInt(sysctl('shmmax')));
    expect(limits.SHMALL).toBe(BigInt(sysctl('shmall')));
    expect(limits.SHMMNI).toBe(Number(sysctl('shmmni')));
    expect(limits.SHMMIN).toBe(1);
  });
});

describe('constants', () => {
  it('carries the kernel values the rest of the tests rely on', () => {
    expect(shm.constants).toMatchObject({
      IPC_PRIVATE: 0,
      IPC_CREAT: 0o1000,
      IPC_EXCL: 0o2000,
      SHM_RDONLY: 0o10000,
      SHM_RND: 0o20000,
      SHM_DEST: 0o1000,
      SHM_LOCKED: 0o2000,
    });
    expect(shm.constants.SHMLBA % shm.constants.pageSize).toBe(0);
    expect(Object.isFrozen(shm.constants)).toBe(true);
  });
});
