// The ownership policy: segments this Lab created are the learner's to
// write, change and remove; foreign ones (other programs, other users, or
// opened by key without creating) are read-only unless the learner asked
// for more, explicitly, in a request that names the owner.
import { LabError } from '../common/errors';
import type { ShmSegmentRecord } from '../proc/sysvipc-shm';
import type { ShmKernel } from './kernel';
import type { SegmentBook } from './segment-book';
import { describeUid } from './user-names';

type Syscall = 'shmat' | 'shmctl';

/** E_NO_SUCH_SEGMENT, saying whether the id was removed or never named a segment. */
export function noSuchSegment(shmid: number, wasRemoved: boolean, syscall: Syscall): LabError {
  const what = wasRemoved
    ? `segment ${shmid} no longer exists: it was removed (IPC_RMID) and its last attachment is gone`
    : `no segment has id ${shmid}: it never existed, or it was removed`;
  return new LabError('E_NO_SUCH_SEGMENT', `${what}; pick an id listed by ipcs`, syscall);
}

/** The kernel's row for `shmid`, or E_NO_SUCH_SEGMENT. Works whatever the segment's mode. */
export function existingSegment(
  kernel: ShmKernel,
  book: SegmentBook,
  shmid: number,
  syscall: Syscall,
): ShmSegmentRecord {
  const row = kernel.table().find((segment) => segment.shmid === shmid);
  if (row === undefined) throw noSuchSegment(shmid, book.wasRemoved(shmid), syscall);
  return row;
}

/** "segment 5 was not created by this Lab: owner uid 1000 (alice), created by pid 42, 1 attached" */
function describeForeign(row: ShmSegmentRecord): string {
  return (
    `segment ${row.shmid} was not created by this Lab: owner ${describeUid(row.uid)}, ` +
    `created by pid ${row.cpid}, ${row.nattch} process(es) attached`
  );
}

/**
 * Refuses IPC_SET / IPC_RMID (`action`) of a segment this Lab did not
 * create unless `confirmed`; also E_NO_SUCH_SEGMENT for an id that names nothing.
 */
export function requireChangeAllowed(
  kernel: ShmKernel,
  book: SegmentBook,
  shmid: number,
  confirmed: boolean,
  action: string,
): void {
  if (book.owns(shmid)) return;
  const row = existingSegment(kernel, book, shmid, 'shmctl');
  if (confirmed) return;
  throw new LabError(
    'E_FOREIGN',
    `${describeForeign(row)}. ShmLab will ${action} it only when you confirm (confirmForeign: true).`,
    'shmctl',
  );
}

/**
 * Refuses a read-write attach of a foreign segment unless `writeForeign`;
 * E_NO_SUCH_SEGMENT for an id that names nothing.
 */
export function requireAttachAllowed(
  kernel: ShmKernel,
  book: SegmentBook,
  shmid: number,
  access: { readOnly: boolean; writeForeign: boolean },
): void {
  const row = existingSegment(kernel, book, shmid, 'shmat');
  if (book.owns(shmid) || access.readOnly || access.writeForeign) return;
  throw new LabError(
    'E_FOREIGN',
    `${describeForeign(row)}. Attach it read-only (SHM_RDONLY), or ask for write access explicitly (writeForeign: true).`,
    'shmat',
  );
}
