// shmat: where a segment is mapped, SHM_RND and SHM_RDONLY, and ids that cannot be attached.
import { describe, expect, it } from 'vitest';
import {
  NEVER_EXISTED_SHMID,
  SHMLBA,
  attach,
  createSegment,
  expectSyscallError,
  isCoded,
  pageSize,
  removeSegment,
  shm,
} from './helpers';
import { listedShmids, mapsRegion } from './proc';

describe('shmat', () => {
  it('maps the segment where shmat says, as a shared mapping whose inode is the shmid', () => {
    const shmid = createSegment(3 * pageSize - 1);
    const attachment = attach(shmid);
    expect(attachment).toMatchObject({ shmid, size: 3 * pageSize - 1, readOnly: false });
    expect(attachment.attached).toBe(true);
    expect(attachment.address % BigInt(SHMLBA)).toBe(0n);
    const region = mapsRegion('self', attachment.address);
    // The mapping is whole pages even though the segment is not.
    expect(region).toMatchObject({ perms: 'rw-s', inode: shmid });
    expect(region && region.end - region.start).toBe(BigInt(3 * pageSize));
    expect(shm.shmctl(shmid, 'IPC_STAT')).toMatchObject({ nattch: 1, lpid: process.pid });
  });

  it('maps a second attachment in the same process at a different address', () => {
    const shmid = createSegment();
    const first = attach(shmid);
    const second = attach(shmid);
    expect(second.address).not.toBe(first.address);
    expect(shm.shmctl(shmid, 'IPC_STAT').nattch).toBe(2);
    first.write(10, Buffer.from('same frame'));
    expect(second.read(10, 10).toString()).toBe('same frame');
  });

  it('maps SHM_RDONLY attachments without write permission', () => {
    const shmid = createSegment();
    const attachment = attach(shmid, { readOnly: true });
    expect(attachment.readOnly).toBe(true);
    expect(mapsRegion('self', attachment.address)).toMatchObject({ perms: 'r--s', inode: shmid });
  });

  it('attaches at an explicit page-aligned address', () => {
    const shmid = createSegment();
    const { free, attachment } = atFreedAddress(shmid, (free) => ({
      free,
      attachment: attach(shmid, { address: free }),
    }));
    expect(attachment.address).toBe(free);
  });

  it('rejects an unaligned address with EINVAL, and rounds it down to SHMLBA with round', () => {
    const shmid = createSegment();
    const { free, unaligned, attachment } = atFreedAddress(shmid, (free) => {
      const unaligned = free + 123n;
      expectSyscallError(() => attach(shmid, { address: unaligned }), 'shmat', ['EINVAL']);
      return { free, unaligned, attachment: attach(shmid, { address: unaligned, round: true }) };
    });
    expect(attachment.address).toBe(unaligned - (unaligned % BigInt(SHMLBA)));
    expect(attachment.address).toBe(free);
    expect(mapsRegion('self', free)).toMatchObject({ inode: shmid });
  });

  it('refuses an address where something is already mapped (EINVAL, no SHM_REMAP)', () => {
    const shmid = createSegment();
    const existing = attach(shmid);
    existing.write(0, Buffer.from([42]));
    expectSyscallError(() => attach(shmid, { address: existing.address }), 'shmat', ['EINVAL']);
    // The existing mapping is untouched.
    expect(existing.read(0, 1)).toEqual(Buffer.from([42]));
    expect(shm.shmctl(shmid, 'IPC_STAT').nattch).toBe(1);
  });

  it('fails with EINVAL for an id that never existed', () => {
    expect(listedShmids()).not.toContain(NEVER_EXISTED_SHMID);
    expectSyscallError(() => attach(NEVER_EXISTED_SHMID), 'shmat', ['EINVAL']);
    expectSyscallError(() => attach(NEVER_EXISTED_SHMID, { readOnly: true }), 'shmat', ['EINVAL']);
  });

  it('fails with EIDRM or EINVAL for an id that was removed', () => {
    const shmid = createSegment();
    expect(removeSegment(shmid)).toBe(true);
    // shmat(2) documents EIDRM for "a removed identifier" and EINVAL for "invalid shmid";
    // Linux frees a segment with no attachments at once, so its id is simply invalid (EINVAL).
    expectSyscallError(() => attach(shmid), 'shmat', ['EIDRM', 'EINVAL']);
  });
});

/**
 * Finds a free address by attaching and detaching once, then runs `use` with it. Another thread
 * of this process may map something into that hole first; shmat then fails with EINVAL and the
 * whole attempt is repeated with a new hole.
 */
function atFreedAddress<T>(shmid: number, use: (free: bigint) => T): T {
  for (let attempt = 1; ; attempt++) {
    const probe = attach(shmid);
    const free = probe.address;
    probe.detach();
    try {
      return use(free);
    } catch (error) {
      if (attempt === 5 || !isCoded(error) || error.code !== 'EINVAL') throw error;
    }
  }
}
