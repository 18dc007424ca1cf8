// The commands that act on segments from main: shmget, IPC_STAT, IPC_SET
// and IPC_RMID, with the ownership policy applied.
import type { SegmentInfo, SegmentStat } from '../common/api';
import { LabError } from '../common/errors';
import type { ParsedInput } from '../common/schemas';
import type { ShmKernel } from './kernel';
import { native } from './native';
import { openOrCreate } from './open-or-create';
import { noSuchSegment, requireChangeAllowed } from './ownership';
import type { SegmentBook } from './segment-book';
import { observeSegment, segmentInfo, statIfExists } from './segment-stat';

const { IPC_CREAT, IPC_EXCL } = native.constants;

/**
 * shmget; a segment it creates is recorded (for exit and the crash sweep)
 * the moment its id is known. Its view comes from IPC_STAT, or from
 * /proc/sysvipc/shm when the mode asked for refuses IPC_STAT (e.g. 0o000).
 */
export function createSegment(
  kernel: ShmKernel,
  book: SegmentBook,
  input: ParsedInput<'createSegment'>,
): SegmentInfo {
  const flags = (input.create ? IPC_CREAT : 0) | (input.exclusive ? IPC_EXCL : 0) | input.mode;
  const { id: shmid, created } = openOrCreate(input.key, flags, (asked) =>
    kernel.shmget(input.key, input.size, asked),
  );
  if (created) book.recordCreated(shmid, input.key);
  const stat = observeSegment(kernel, shmid);
  if (stat === null) {
    book.forget(shmid);
    throw new LabError(
      'E_NO_SUCH_SEGMENT',
      `shmget returned segment ${shmid}, but it was removed right after (by another process)`,
      'shmget',
    );
  }
  const info = segmentInfo(stat, book.owns(shmid), {
    key: input.key,
    size: input.size,
    flags,
  });
  book.put(info);
  return info;
}

/**
 * IPC_STAT as the kernel answers it (EACCES included: that is part of the lesson), except that an
 * id naming no segment (EINVAL, EIDRM) is E_NO_SUCH_SEGMENT, as for the other segment commands.
 */
export function statSegment(kernel: ShmKernel, book: SegmentBook, shmid: number): SegmentStat {
  const stat = statIfExists(kernel, shmid);
  if (stat === null) throw noSuchSegment(shmid, book.wasRemoved(shmid), 'shmctl');
  return stat;
}

/** IPC_SET of the mode; a foreign segment needs `confirmForeign`. */
export function setSegmentMode(
  kernel: ShmKernel,
  book: SegmentBook,
  input: ParsedInput<'setSegmentMode'>,
): SegmentStat {
  requireChangeAllowed(kernel, book, input.shmid, input.confirmForeign, 'change the mode of');
  kernel.setMode(input.shmid, input.mode);
  book.refresh();
  const stat = observeSegment(kernel, input.shmid);
  if (stat === null) throw noSuchSegment(input.shmid, true, 'shmctl');
  return stat;
}

/** IPC_RMID; a foreign segment needs `confirmForeign`. The stat afterwards, or null once gone. */
export function removeSegment(
  kernel: ShmKernel,
  book: SegmentBook,
  input: ParsedInput<'removeSegment'>,
): SegmentStat | null {
  requireChangeAllowed(kernel, book, input.shmid, input.confirmForeign, 'remove');
  kernel.remove(input.shmid);
  book.refresh();
  // Not IPC_STAT alone: a mode without owner read would turn a done removal into EACCES.
  return observeSegment(kernel, input.shmid);
}
