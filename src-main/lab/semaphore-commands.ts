// The commands on semaphore sets that main makes itself: semget (+ SETVAL of a set it created),
// IPC_STAT with every semaphore, SETVAL and IPC_RMID, with the ownership policy of
// ownership.ts: sets this Lab created are the learner's; others change only when confirmed.
import type { SemaphoreSetInfo, SemaphoreSetStat } from '../common/api';
import { LabError } from '../common/errors';
import type { ParsedInput } from '../common/schemas';
import { readSysvSemaphoresOrNone } from '../proc/sysvipc-sem';
import { native } from './native';
import type { Opened } from './open-or-create';
import { openOrCreate } from './open-or-create';
import { noSuchSet, requireSetChangeAllowed } from './ownership';
import type { SemaphoreBook } from './semaphore-book';
import { isGoneError, observeSet, statSet } from './semaphore-stat';

const { IPC_CREAT, IPC_EXCL, IPC_PRIVATE } = native.constants;

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
    book.noteChanged(semid);
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

/** SETVAL of one semaphore; the set afterwards. */
export function setSemaphoreValue(
  book: SemaphoreBook,
  input: ParsedInput<'setSemaphoreValue'>,
): SemaphoreSetStat {
  const row = requireSetChangeAllowed(
    book,
    input.semid,
    input.confirmForeign,
    'set a value of',
    'semctl',
  );
  requireSemnum(input.semid, row.nsems, input.semnum);
  const max = native.semLimits().SEMVMX;
  if (input.value > max) {
    throw new LabError('E_BAD_INPUT', `value ${input.value} is above SEMVMX: from 0 to ${max}`);
  }
  try {
    native.semctl(input.semid, input.semnum, 'SETVAL', input.value);
    book.noteChanged(input.semid);
  } catch (error) {
    if (isGoneError(error)) throw noSuchSet(book, input.semid);
    throw error;
  }
  return statSemaphore(book, input.semid);
}

/** IPC_RMID: waiting processes wake with EIDRM. */
export function removeSemaphore(book: SemaphoreBook, input: ParsedInput<'removeSemaphore'>): null {
  requireSetChangeAllowed(book, input.semid, input.confirmForeign, 'remove', 'semctl');
  try {
    native.semctl(input.semid, 0, 'IPC_RMID');
  } catch (error) {
    if (isGoneError(error)) throw noSuchSet(book, input.semid);
    throw error;
  }
  book.forget(input.semid);
  return null;
}
