// The Lab's own syscalls on System V segments, behind one interface so the
// Lab is handed its kernel access the way it is handed its ChildHost. The
// real one is the addon; the segment table is /proc/sysvipc/shm.
import type { SegmentStat } from '../common/api';
import type { ShmSegmentRecord } from '../proc/sysvipc-shm';
import { readSysvShmSync } from '../proc/sysvipc-shm';
import { native } from './native';
import { toSegmentStat } from './segment-stat';

export interface ShmKernel {
  /** shmget(2): the id, or throws the syscall error (code EEXIST, ENOENT…). */
  shmget(key: number, size: number, flags: number): number;
  /** shmctl(IPC_STAT): needs read permission (or CAP_IPC_OWNER). */
  stat(shmid: number): SegmentStat;
  /** shmctl(IPC_SET) of the permission bits: needs ownership only. */
  setMode(shmid: number, mode: number): void;
  /** shmctl(IPC_RMID): needs ownership only. */
  remove(shmid: number): void;
  /** Every segment of this IPC namespace, readable whatever their modes. */
  table(): ShmSegmentRecord[];
}

/** The real kernel, through the addon and /proc. */
export const nativeKernel: ShmKernel = {
  shmget: (key, size, flags) => native.shmget(key, size, flags),
  stat: (shmid) => toSegmentStat(shmid, native.shmctl(shmid, 'IPC_STAT')),
  setMode: (shmid, mode) => native.shmctl(shmid, 'IPC_SET', { mode }),
  remove: (shmid) => native.shmctl(shmid, 'IPC_RMID'),
  table: () => readSysvShmSync(),
};
