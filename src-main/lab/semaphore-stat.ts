// A semaphore set as `ipcs -s -i <semid>` shows it: semctl(IPC_STAT) for struct semid_ds, then
// GETVAL, GETPID, GETNCNT and GETZCNT of each semaphore. The kernel's table in
// /proc/sysvipc/sem is the fallback when the set's mode refuses us IPC_STAT.
import type { SemaphoreSetStat, SemaphoreValue } from '../common/api';
import type { SemaphoreSetRecord } from '../proc/sysvipc-sem';
import { readSysvSemaphoresSync } from '../proc/sysvipc-sem';
import { native } from './native';

function semaphore(semid: number, semnum: number): SemaphoreValue {
  return {
    semnum,
    semval: native.semctl(semid, semnum, 'GETVAL'),
    sempid: native.semctl(semid, semnum, 'GETPID'),
    semncnt: native.semctl(semid, semnum, 'GETNCNT'),
    semzcnt: native.semctl(semid, semnum, 'GETZCNT'),
  };
}

/** IPC_STAT and every semaphore; throws the kernel's error (EINVAL, EIDRM, EACCES…). */
export function statSet(semid: number): SemaphoreSetStat {
  const ds = native.semctl(semid, 0, 'IPC_STAT');
  const sems = Array.from({ length: ds.nsems }, (_, semnum) => semaphore(semid, semnum));
  return {
    semid,
    key: ds.key,
    uid: ds.uid,
    gid: ds.gid,
    cuid: ds.cuid,
    cgid: ds.cgid,
    mode: ds.mode & 0o777,
    nsems: ds.nsems,
    otime: ds.otime,
    ctime: ds.ctime,
    sems,
  };
}

/** Whether semctl's error says the id names no set (any more). */
export function isGoneError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'EINVAL' || code === 'EIDRM';
}

/** The kernel's row for `semid` in /proc/sysvipc/sem, or undefined. */
export function tableRow(semid: number): SemaphoreSetRecord | undefined {
  return readSysvSemaphoresSync().find((set) => set.semid === semid);
}

/**
 * What the kernel holds for a set, even when its mode refuses IPC_STAT: then the row of
 * /proc/sysvipc/sem, with no semaphores (their values cannot be read, so none are shown).
 * Null once the set is gone.
 */
export function observeSet(semid: number): SemaphoreSetStat | null {
  try {
    return statSet(semid);
  } catch (error) {
    if (isGoneError(error)) return null;
    const row = tableRow(semid);
    if (row === undefined) return null;
    const { key, uid, gid, cuid, cgid, nsems, otime, ctime } = row;
    return { semid, key, uid, gid, cuid, cgid, mode: row.perms, nsems, otime, ctime, sems: [] };
  }
}
