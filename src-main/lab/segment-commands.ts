// The commands that act on segments from main: shmget, IPC_STAT, IPC_SET
// and IPC_RMID, with the ownership policy applied.
import type { SegmentInfo, SegmentStat } from '../common/api';
import { LabError } from '../common/errors';
import type { ParsedInput } from '../common/schemas';
import { readKernelLimits } from '../proc/kernel-limits';
import type { ShmKernel } from './kernel';
import { native } from './native';
import type { Opened } from './open-or-create';
import { openOrCreate } from './open-or-create';
import { noSuchSegment, requireChangeAllowed } from './ownership';
import type { SegmentBook } from './segment-book';
import { observeSegment, segmentInfo, statIfExists } from './segment-stat';

const { IPC_CREAT, IPC_EXCL, IPC_PRIVATE } = native.constants;

/**
 * shmget's EINVAL, told apart by what the kernel holds now: the key names a segment smaller than
 * `size` (the kernel then refuses to open it), or a new segment would pass SHMMAX. Its third
 * cause, a size below SHMMIN (1 on Linux), the input schema refuses before any call. Any other
 * error, or an EINVAL neither explains (the segment changed meanwhile), is returned as it came.
 */
async function explainShmget(
  kernel: ShmKernel,
  error: unknown,
  key: number,
  size: number,
): Promise<unknown> {
  if ((error as { code?: unknown } | null)?.code !== 'EINVAL') return error;
  try {
    const existing =
      key === IPC_PRIVATE ? undefined : kernel.table().find((segment) => segment.key === key);
    if (existing !== undefined) {
      if (existing.size >= size) return error;
      return new LabError(
        'EINVAL',
        `key ${key} names segment ${existing.shmid} of ${existing.size} bytes, smaller than the ` +
          `${size} bytes asked for: ask for at most ${existing.size} bytes to open it, or use ` +
          'another key, or IPC_PRIVATE (key 0) for a new segment',
        'shmget',
      );
    }
    const shmmax = BigInt((await readKernelLimits()).shmmax);
    if (BigInt(size) <= shmmax) return error;
    return new LabError(
      'EINVAL',
      `${size} bytes is more than the largest segment the kernel allows (SHMMAX, ${shmmax} ` +
        'bytes, in /proc/sys/kernel/shmmax): ask for at most that',
      'shmget',
    );
  } catch {
    // /proc unreadable: the kernel's own answer is still true, only less plain.
    return error;
  }
}

/**
 * shmget; a segment it creates is recorded (for exit and the crash sweep)
 * the moment its id is known. Its view comes from IPC_STAT, or from
 * /proc/sysvipc/shm when the mode asked for refuses IPC_STAT (e.g. 0o000). shmget's EINVAL
 * says which of its causes it was (see explainShmget).
 */
export async function createSegment(
  kernel: ShmKernel,
  book: SegmentBook,
  input: ParsedInput<'createSegment'>,
): Promise<SegmentInfo> {
  const flags = (input.create ? IPC_CREAT : 0) | (input.exclusive ? IPC_EXCL : 0) | input.mode;
  let opened: Opened;
  try {
    opened = openOrCreate(input.key, flags, (asked) => kernel.shmget(input.key, input.size, asked));
  } catch (error) {
    throw await explainShmget(kernel, error, input.key, input.size);
  }
  const { id: shmid, created } = opened;
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
