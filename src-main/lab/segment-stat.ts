// shmid_ds in the wire shape of the contract, from IPC_STAT or, when the
// mode bits refuse IPC_STAT, from the kernel's table in /proc/sysvipc/shm
// (the same fields, readable by everyone).
import type { SegmentInfo, SegmentStat } from '../common/api';
import type { ShmidDs } from '../../native/index.js';
import type { ShmSegmentRecord } from '../proc/sysvipc-shm';
import type { ShmKernel } from './kernel';
import { native } from './native';

const SHM_DEST = native.constants.SHM_DEST;
const SHM_LOCKED = native.constants.SHM_LOCKED;

/** IPC_STAT's answer as a SegmentStat. */
export function toSegmentStat(shmid: number, ds: ShmidDs): SegmentStat {
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

/** A row of /proc/sysvipc/shm as a SegmentStat (the kernel prints the same shmid_ds fields). */
export function statFromRow(row: ShmSegmentRecord): SegmentStat {
  return toSegmentStat(row.shmid, { ...row, mode: row.perms, segsz: row.size });
}

function isGone(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'EINVAL' || code === 'EIDRM';
}

/** IPC_STAT, or null when the id no longer names a segment (EINVAL, EIDRM). */
export function statIfExists(kernel: ShmKernel, shmid: number): SegmentStat | null {
  try {
    return kernel.stat(shmid);
  } catch (error) {
    if (isGone(error)) return null;
    throw error;
  }
}

/**
 * What the kernel holds for a segment, even when its mode refuses us
 * IPC_STAT (EACCES): then the row of /proc/sysvipc/shm. Null once it is gone.
 */
export function observeSegment(kernel: ShmKernel, shmid: number): SegmentStat | null {
  try {
    return kernel.stat(shmid);
  } catch (error) {
    if (isGone(error)) return null;
    const row = kernel.table().find((segment) => segment.shmid === shmid);
    if (row === undefined) return null;
    return statFromRow(row);
  }
}

const pageSize = native.constants.pageSize;

/** A segment as the UI shows it: the call that was made, and the whole pages the kernel maps. */
export function segmentInfo(
  stat: SegmentStat,
  owned: boolean,
  requested: { key: number; size: number; flags: number },
): SegmentInfo {
  const pages = Math.ceil(stat.segsz / pageSize);
  return {
    shmid: stat.shmid,
    owned,
    requestedKey: requested.key,
    requestedSize: requested.size,
    flags: requested.flags,
    pages,
    mappedSize: pages * pageSize,
    stat,
  };
}
