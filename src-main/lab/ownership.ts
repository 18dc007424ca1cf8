// The ownership policy, in one place: segments and semaphore sets this Lab created are the
// learner's to change; foreign ones (other programs, other users, or opened by key without
// creating) are read freely, and every command that changes one goes through
// requireOwnerConsent, which refuses it (E_FOREIGN, naming the owner) unless the request says
// the learner chose it explicitly. The changes: IPC_SET and IPC_RMID of a segment, a read-write
// attach (writes, stores, touches and free runs then go through that attachment, so the consent
// given for it covers them), SETVAL, semop and IPC_RMID of a set.
import { LabError } from '../common/errors';
import type { ShmSegmentRecord } from '../proc/sysvipc-shm';
import type { SemaphoreSetRecord } from '../proc/sysvipc-sem';
import type { ShmKernel } from './kernel';
import type { SegmentBook } from './segment-book';
import type { SemaphoreBook } from './semaphore-book';
import { tableRow } from './semaphore-stat';
import { describeUid } from './user-names';

type Syscall = 'shmat' | 'shmctl';

/** How a request says the learner chose to change a foreign object, for the refusal's words. */
const CONFIRM = 'only when you confirm (confirmForeign: true)';

/**
 * The one ownership check: returns when the object is ours or `consented`; else E_FOREIGN with
 * `foreign` (who owns it) and `refusal` (what to do instead). Every change goes through here.
 */
export function requireOwnerConsent(
  object: { owned: boolean; foreign: () => string },
  consented: boolean,
  refusal: string,
  syscall: string,
): void {
  if (object.owned || consented) return;
  throw new LabError('E_FOREIGN', `${object.foreign()}. ${refusal}`, syscall);
}

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
function describeForeignSegment(row: ShmSegmentRecord): string {
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
  requireOwnerConsent(
    { owned: false, foreign: () => describeForeignSegment(row) },
    confirmed,
    `ShmLab will ${action} it ${CONFIRM}.`,
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
  requireOwnerConsent(
    { owned: book.owns(shmid), foreign: () => describeForeignSegment(row) },
    access.readOnly || access.writeForeign,
    'Attach it read-only (SHM_RDONLY), or ask for write access explicitly (writeForeign: true).',
    'shmat',
  );
}

/** E_NO_SUCH_SET, saying whether this Lab saw the set removed or the id never named one. */
export function noSuchSet(book: SemaphoreBook, semid: number): LabError {
  const what = book.wasRemoved(semid)
    ? `semaphore set ${semid} no longer exists: it was removed (IPC_RMID)`
    : `no semaphore set has id ${semid}: it never existed, or it was removed`;
  return new LabError('E_NO_SUCH_SET', `${what}; pick an id listed by ipcs -s`, 'semctl');
}

/** The kernel's row for `semid` (whatever its mode), or E_NO_SUCH_SET. */
export function existingSet(book: SemaphoreBook, semid: number): SemaphoreSetRecord {
  const row = tableRow(semid);
  if (row === undefined) throw noSuchSet(book, semid);
  return row;
}

/** "semaphore set 5 was not created by this Lab: owner uid 1000 (alice), created by uid 1000" */
function describeForeignSet(row: SemaphoreSetRecord): string {
  return (
    `semaphore set ${row.semid} was not created by this Lab: owner ${describeUid(row.uid)}, ` +
    `created by ${describeUid(row.cuid)}`
  );
}

/**
 * The set's row, or E_NO_SUCH_SET; refuses SETVAL, semop or IPC_RMID (`action`, made by
 * `syscall`) of a set this Lab did not create unless `confirmed`.
 */
export function requireSetChangeAllowed(
  book: SemaphoreBook,
  semid: number,
  confirmed: boolean,
  action: string,
  syscall: 'semctl' | 'semop',
): SemaphoreSetRecord {
  const row = existingSet(book, semid);
  requireOwnerConsent(
    { owned: book.owns(semid), foreign: () => describeForeignSet(row) },
    confirmed,
    `ShmLab will ${action} it ${CONFIRM}.`,
    syscall,
  );
  return row;
}
