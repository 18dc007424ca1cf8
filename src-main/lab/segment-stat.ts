// IPC_STAT in the wire shape of the contract.
import type { SegmentStat } from '../common/api';
import { native } from './native';

const SHM_DEST = native.constants.SHM_DEST;
const SHM_LOCKED = native.constants.SHM_LOCKED;

/** shmctl(IPC_STAT) as a SegmentStat; throws the syscall error. */
export function statSegment(shmid: number): SegmentStat {
  const ds = native.shmctl(shmid, 'IPC_STAT');
  return {
    shmid,
    key: ds.key,
    uid: ds.uid,
    gid: ds.gid,
    cuid: ds.cuid,
    cgid: ds.cgid,
    mode: ds.mode,
    segsz: ds.segsz,
    atime: ds.atime,
    dtime: ds.dtime,
    ctime: ds.ctime,
    cpid: ds.cpid,
    lpid: ds.lpid,
    nattch: ds.nattch,
    dest: (ds.mode & SHM_DEST) !== 0,
    locked: (ds.mode & SHM_LOCKED) !== 0,
  };
}

/** IPC_STAT, or null when the id no longer names a segment (EINVAL, EIDRM). */
export function statIfExists(shmid: number): SegmentStat | null {
  try {
    return statSegment(shmid);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'EINVAL' || code === 'EIDRM') return null;
    throw error;
  }
}
