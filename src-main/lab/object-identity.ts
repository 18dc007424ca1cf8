// What tells one System V object from another that later got its id: its key, its creator (uid,
// and pid for a segment) and its change time, read from the kernel now. The run record keeps
// these for each object it names, and the crash sweep removes an object only while the kernel
// still shows the same; together with the boot the record was written in (a reboot empties the
// kernel's tables and starts pids and start times again).
import { readFileSync } from 'node:fs';
import { readSysvSemaphoresOrNone } from '../proc/sysvipc-sem';
import { readSysvShmSync } from '../proc/sysvipc-shm';
import { native } from './native';

/** An object as the kernel shows it now. `cpid` is known for segments only. */
export interface ObjectIdentity {
  key: number;
  cuid: number;
  cpid: number | null;
  /** Seconds since the epoch: creation, or the last IPC_SET (and SETVAL / SETALL of a set). */
  ctime: number;
}

function isGone(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'EINVAL' || code === 'EIDRM';
}

/**
 * Segment `shmid` as the kernel shows it now, or null when the id names none. IPC_STAT first (one
 * syscall); the table in /proc/sysvipc/shm when the segment's mode refuses us IPC_STAT.
 */
export function segmentIdentity(shmid: number): ObjectIdentity | null {
  try {
    const { key, cuid, cpid, ctime } = native.shmctl(shmid, 'IPC_STAT');
    return { key, cuid, cpid, ctime };
  } catch (error) {
    if (isGone(error)) return null;
  }
  try {
    const row = readSysvShmSync().find((segment) => segment.shmid === shmid);
    return row === undefined
      ? null
      : { key: row.key, cuid: row.cuid, cpid: row.cpid, ctime: row.ctime };
  } catch {
    return null; // /proc unreadable: nothing proves what the id names
  }
}

/** Semaphore set `semid` as the kernel shows it now, or null; as {@link segmentIdentity}. */
export function setIdentity(semid: number): ObjectIdentity | null {
  try {
    const { key, cuid, ctime } = native.semctl(semid, 0, 'IPC_STAT');
    return { key, cuid, cpid: null, ctime };
  } catch (error) {
    if (isGone(error)) return null;
  }
  const row = readSysvSemaphoresOrNone().find((set) => set.semid === semid);
  return row === undefined ? null : { key: row.key, cuid: row.cuid, cpid: null, ctime: row.ctime };
}

let bootIdRead: string | null | undefined;

/** /proc/sys/kernel/random/boot_id: the same for every process until the next boot. */
export function bootId(): string | null {
  if (bootIdRead === undefined) {
    try {
      bootIdRead = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
    } catch {
      bootIdRead = null;
    }
  }
  return bootIdRead;
}
