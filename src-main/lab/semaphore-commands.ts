// The commands on semaphore sets that main makes itself: semget (+ SETVAL of a set it created),
// IPC_STAT with every semaphore, SETVAL and IPC_RMID, with the same ownership policy as
// segments: sets this Lab created are the learner's; others change only when confirmed.
import type { SemaphoreSetInfo, SemaphoreSetStat } from '../common/api';
import { LabError } from '../common/errors';
import type { ParsedInput } from '../common/schemas';
import type { SemaphoreSetRecord } from '../proc/sysvipc-sem';
import { readSysvSemaphoresOrNone } from '../proc/sysvipc-sem';
import { native } from './native';
import type { Opened } from './open-or-create';
import { openOrCreate } from './open-or-create';
import type { SemaphoreBook } from './semaphore-book';
import { isGoneError, observeSet, statSet, tableRow } from './semaphore-stat';
import { describeUid } from './user-names';

const { IPC_CREAT, IPC_EXCL, IPC_PRIVATE } = native.constants;

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

/** E_BAD_INPUT unless `semnum` names a semaphore of a set of `nsems`. */
export function requireSemnum(semid: number, nsems: number, semnum: number): void {
  if (semnum < nsems) return;
  throw new LabError(
    'E_BAD_INPUT',
    `semnum ${semnum} is out of range: set ${semid} has ${nsems} semaphore(s), semnum 0 to ${nsems - 1}`,
  );
}

/** semget's EINVAL for an existing key means the set is smaller than asked: say so. */
function explainSemget(error: unknown, key: number, nsems: number): unknown {
  if ((error as { code?: unknown }).code !== 'EINVAL' || key === IPC_PRIVATE) return error;
  const row = readSysvSemaphoresOrNone().find((set) => set.key === key);
  if (row === undefined || row.nsems >= nsems) return error;
  return new LabError(
    'EINVAL',
    `the set with key ${key} exists with ${row.nsems} semaphore(s); semget may ask for ${row.nsems} or fewer, not ${nsems}`,
    'semget',
  );
}

/**
 * semget; a set it creates is recorded (for exit and the crash sweep) the moment its id is
 * known, then every semaphore is set to `initial` (SETVAL). An opened set keeps its values.
 */
export function createSemaphore(
  book: SemaphoreBook,
  input: ParsedInput<'createSemaphore'>,
): SemaphoreSetInfo {
  const flags = (input.create ? IPC_CREAT : 0) | (input.exclusive ? IPC_EXCL : 0) | input.mode;
  let opened: Opened;
  try {
    opened = openOrCreate(input.key, flags, (asked) =>
      native.semget(input.key, input.nsems, asked),
    );
  } catch (error) {
    throw explainSemget(error, input.key, input.nsems);
  }
  const { id: semid, created } = opened;
  if (created) {
    book.recordCreated(semid, input.key);
    for (let semnum = 0; semnum < input.nsems; semnum += 1) {
      native.semctl(semid, semnum, 'SETVAL', input.initial);
    }
  }
  const stat = observeSet(semid);
  if (stat === null) {
    book.forget(semid);
    throw new LabError(
      'E_NO_SUCH_SET',
      `semget returned set ${semid}, but it was removed right after (by another process)`,
      'semget',
    );
  }
  return { semid, owned: book.owns(semid), requestedKey: input.key, flags, stat };
}

/** IPC_STAT and every semaphore, as the kernel answers (EACCES included: part of the lesson). */
export function statSemaphore(book: SemaphoreBook, semid: number): SemaphoreSetStat {
  try {
    return statSet(semid);
  } catch (error) {
    if (isGoneError(error)) throw noSuchSet(book, semid);
    throw error;
  }
}

/** "semaphore set 5 was not created by this Lab: owner uid 1000 (alice), creator uid 1000" */
function describeForeign(row: SemaphoreSetRecord): string {
  return (
    `semaphore set ${row.semid} was not created by this Lab: owner ${describeUid(row.uid)}, ` +
    `created by ${describeUid(row.cuid)}`
  );
}

/** Refuses SETVAL / IPC_RMID (`action`) of a set this Lab did not create unless `confirmed`. */
function requireChangeAllowed(
  book: SemaphoreBook,
  semid: number,
  confirmed: boolean,
  action: string,
): SemaphoreSetRecord {
  const row = existingSet(book, semid);
  if (book.owns(semid) || confirmed) return row;
  throw new LabError(
    'E_FOREIGN',
    `${describeForeign(row)}. ShmLab will ${action} it only when you confirm (confirmForeign: true).`,
    'semctl',
  );
}

/** SETVAL of one semaphore; the set afterwards. */
export function setSemaphoreValue(
  book: SemaphoreBook,
  input: ParsedInput<'setSemaphoreValue'>,
): SemaphoreSetStat {
  const row = requireChangeAllowed(book, input.semid, input.confirmForeign, 'set a value of');
  requireSemnum(input.semid, row.nsems, input.semnum);
  const max = native.semLimits().SEMVMX;
  if (input.value > max) {
    throw new LabError('E_BAD_INPUT', `value ${input.value} is above SEMVMX: from 0 to ${max}`);
  }
  try {
    native.semctl(input.semid, input.semnum, 'SETVAL', input.value);
  } catch (error) {
    if (isGoneError(error)) throw noSuchSet(book, input.semid);
    throw error;
  }
  return statSemaphore(book, input.semid);
}

/** IPC_RMID: waiting processes wake with EIDRM. */
export function removeSemaphore(book: SemaphoreBook, input: ParsedInput<'removeSemaphore'>): null {
  requireChangeAllowed(book, input.semid, input.confirmForeign, 'remove');
  try {
    native.semctl(input.semid, 0, 'IPC_RMID');
  } catch (error) {
    if (isGoneError(error)) throw noSuchSet(book, input.semid);
    throw error;
  }
  book.forget(input.semid);
  return null;
}
