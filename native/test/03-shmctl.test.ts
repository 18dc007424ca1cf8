// shmctl: IPC_STAT, IPC_SET and IPC_RMID, including removal while attached.
import { describe, expect, it } from 'vitest';
import {
  IPC_PRIVATE,
  NEVER_EXISTED_SHMID,
  SHM_DEST,
  attach,
  createSegment,
  earliestKernelStamp,
  expectSyscallError,
  removeSegment,
  shm,
  unusedKey,
} from './helpers';
import { listedShmids, sysvipcRow } from './proc';

describe('shmctl IPC_STAT', () => {
  it('tracks attach and detach: nattch, lpid, atime and dtime', () => {
    const before = earliestKernelStamp();
    const shmid = createSegment(64);
    expect(shm.shmctl(shmid, 'IPC_STAT')).toMatchObject({ nattch: 0, atime: 0, dtime: 0 });
    const attachment = attach(shmid);
    const attached = shm.shmctl(shmid, 'IPC_STAT');
    expect(attached).toMatchObject({ nattch: 1, lpid: process.pid, dtime: 0 });
    expect(attached.atime).toBeGreaterThanOrEqual(before);
    attachment.detach();
    const detached = shm.shmctl(shmid, 'IPC_STAT');
    expect(detached).toMatchObject({ nattch: 0, lpid: process.pid, atime: attached.atime });
    expect(detached.dtime).toBeGreaterThanOrEqual(attached.atime);
  });

  it('returns every field of shmid_ds as a number', () => {
    const shmid = createSegment(64);
    const stat = shm.shmctl(shmid, 'IPC_STAT');
    expect(Object.keys(stat).sort()).toEqual(
      [
        'key',
        'uid',
        'gid',
        'cuid',
        'cgid',
        'mode',
        'segsz',
        'atime',
        'dtime',
        'ctime',
        'cpid',
        'lpid',
        'nattch',
      ].sort(),
    );
    for (const value of Object.values(stat)) expect(Number.isSafeInteger(value)).toBe(true);
    expect({ uid: stat.uid, gid: stat.gid }).toEqual({
      uid: process.getuid?.(),
      gid: process.getgid?.(),
    });
  });

  it('fails with EINVAL for an id that never existed', () => {
    expect(listedShmids()).not.toContain(NEVER_EXISTED_SHMID);
    expectSyscallError(() => shm.shmctl(NEVER_EXISTED_SHMID, 'IPC_STAT'), 'shmctl', ['EINVAL']);
    expectSyscallError(() => shm.shmctl(NEVER_EXISTED_SHMID, 'IPC_RMID'), 'shmctl', ['EINVAL']);
    expectSyscallError(
      () => shm.shmctl(NEVER_EXISTED_SHMID, 'IPC_SET', { mode: 0o600 }),
      'shmctl',
      ['EINVAL'],
    );
  });

  it('fails with EIDRM or EINVAL for an id that was removed', () => {
    const shmid = createSegment();
    shm.shmctl(shmid, 'IPC_RMID');
    // shmctl(2) documents EIDRM for "shmid points to a removed identifier"; Linux frees a segment
    // with no attachments at once, and then reports its id as invalid (EINVAL).
    expectSyscallError(() => shm.shmctl(shmid, 'IPC_STAT'), 'shmctl', ['EIDRM', 'EINVAL']);
    expectSyscallError(() => shm.shmctl(shmid, 'IPC_RMID'), 'shmctl', ['EIDRM', 'EINVAL']);
  });
});

describe('shmctl IPC_SET', () => {
  it('changes the permission bits and keeps the owner', () => {
    const shmid = createSegment(64, { mode: 0o600 });
    const before = shm.shmctl(shmid, 'IPC_STAT');
    shm.shmctl(shmid, 'IPC_SET', { mode: 0o644 });
    const after = shm.shmctl(shmid, 'IPC_STAT');
    expect(after.mode & 0o777).toBe(0o644);
    expect(after).toMatchObject({ uid: before.uid, gid: before.gid, cuid: before.cuid });
    expect(after.ctime).toBeGreaterThanOrEqual(before.ctime);
    expect(sysvipcRow(shmid)?.perms).toBe(0o644);
  });

  it('keeps every field when given no settings or an empty object', () => {
    const shmid = createSegment(64, { mode: 0o640 });
    // The types ask for settings; index.js also takes none at all.
    const untypedShmctl = shm.shmctl as (shmid: number, command: string) => void;
    untypedShmctl(shmid, 'IPC_SET');
    shm.shmctl(shmid, 'IPC_SET', {});
    const stat = shm.shmctl(shmid, 'IPC_STAT');
    expect(stat.mode & 0o777).toBe(0o640);
    expect(stat.uid).toBe(process.getuid?.());
  });

  it('gives the segment away (uid, gid) and keeps the creator (cuid, cgid)', () => {
    // The owner may give a segment away without privilege; the creator can still remove it.
    const shmid = createSegment(64);
    const creator = shm.shmctl(shmid, 'IPC_STAT');
    shm.shmctl(shmid, 'IPC_SET', { uid: 65534, gid: 65534 });
    const stat = shm.shmctl(shmid, 'IPC_STAT');
    expect(stat).toMatchObject({ uid: 65534, gid: 65534, cuid: creator.cuid, cgid: creator.cgid });
    expect(stat.mode & 0o777).toBe(0o600);
  });

  it('keeps SHM_DEST when the mode is changed after IPC_RMID', () => {
    const shmid = createSegment(64);
    attach(shmid);
    shm.shmctl(shmid, 'IPC_RMID');
    shm.shmctl(shmid, 'IPC_SET', { mode: 0o640 });
    expect(shm.shmctl(shmid, 'IPC_STAT').mode).toBe(SHM_DEST | 0o640);
  });
});

describe('shmctl IPC_RMID', () => {
  it('removes a segment with no attachments at once', () => {
    const shmid = createSegment();
    expect(listedShmids()).toContain(shmid);
    shm.shmctl(shmid, 'IPC_RMID');
    expect(listedShmids()).not.toContain(shmid);
  });

  it('only marks an attached segment (SHM_DEST, key 0); it goes with the last detach', () => {
    const key = unusedKey();
    const shmid = createSegment(100, { key, mode: 0o600 });
    const first = attach(shmid);
    const second = attach(shmid);
    first.write(0, Buffer.from('before'));

    shm.shmctl(shmid, 'IPC_RMID');

    const marked = shm.shmctl(shmid, 'IPC_STAT');
    expect(marked.mode).toBe(SHM_DEST | 0o600);
    expect(marked.key).toBe(IPC_PRIVATE);
    expect(marked.nattch).toBe(2);
    expect(sysvipcRow(shmid)).toMatchObject({ key: 0, perms: SHM_DEST | 0o600, nattch: 2 });
    // The key is free again: a new segment may take it.
    expectSyscallError(() => shm.shmget(key, 0, 0), 'shmget', ['ENOENT']);

    // The mappings keep working through the removal.
    expect(first.read(0, 6).toString()).toBe('before');
    second.write(0, Buffer.from('after!'));
    expect(first.read(0, 6).toString()).toBe('after!');

    first.detach();
    expect(sysvipcRow(shmid)).toMatchObject({ nattch: 1 });
    expect(second.read(0, 6).toString()).toBe('after!');

    second.detach();
    expect(listedShmids()).not.toContain(shmid);
    // See 'fails with EIDRM or EINVAL for an id that was removed' for why both are accepted.
    expectSyscallError(() => shm.shmctl(shmid, 'IPC_STAT'), 'shmctl', ['EIDRM', 'EINVAL']);
    expect(removeSegment(shmid)).toBe(false);
  });
});
