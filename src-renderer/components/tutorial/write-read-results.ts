// Which results pane 5 may show. The pane has two actions, a store in A and a load in B; a
// result is shown only while it still answers the newest action and still describes the
// processes: never an old "B read 42" beside a newer "A wrote 7".
import type { ProcessState, ReadResult, WriteResult } from '../../../src-main/common/api';
import { toBigIntAddress } from '../../../src-main/common/address';
import type { Outcome } from '../../store/lab-store';
import { isCurrentWrite } from '../outcome-current';

/** What the pane knows now of the reading process: its state and the bytes it last reported. */
export interface ReaderNow {
  state: ProcessState;
  /** Its memory view (the bytes it read from its own mapping), or null before it is loaded. */
  memory: Uint8Array | null;
  /** Where in the segment its memory view starts (0 when absent). */
  memoryOffset?: number;
}

/** Whether a load's result still describes the reader: same attachment, same bytes there now. */
export function isCurrentRead(read: ReadResult, reader: ReaderNow): boolean {
  const { attachment } = reader.state;
  if (attachment === null) return false;
  try {
    const expected = toBigIntAddress(attachment.address) + BigInt(read.offset);
    if (toBigIntAddress(read.address) !== expected) return false;
  } catch {
    return false;
  }
  const { memory } = reader;
  const start = read.offset - (reader.memoryOffset ?? 0);
  // The view holds one window of the segment; outside it, there is nothing to compare.
  if (memory === null || start < 0 || start + read.bytes.length > memory.length) return true;
  return read.bytes.every((byte, index) => memory[start + index] === byte);
}

export interface PaneFiveResults {
  write: Outcome<WriteResult> | undefined;
  read: Outcome<ReadResult> | undefined;
}

/**
 * The results pane 5 shows, given the last outcome of each action. Only the newer action's
 * result is shown, and only while it is current; the store before a load stays beside it only
 * when the load came after it at the same offset (the load then shows what that store left).
 * A failure is shown alone.
 */
export function paneFiveResults(
  write: Outcome<WriteResult> | undefined,
  read: Outcome<ReadResult> | undefined,
  writer: ProcessState,
  reader: ReaderNow,
): PaneFiveResults {
  const readIsNewer = read !== undefined && (write === undefined || read.at >= write.at);
  if (!readIsNewer) {
    const current = write?.ok !== true || isCurrentWrite(write.value, writer);
    return { write: current ? write : undefined, read: undefined };
  }
  if (!read.ok) return { write: undefined, read };
  // Since the load, the reader's bytes changed (or it detached): the load no longer holds.
  if (!isCurrentRead(read.value, reader)) return { write: undefined, read: undefined };
  const pairs =
    write?.ok === true &&
    write.value.offset === read.value.offset &&
    isCurrentWrite(write.value, writer);
  return { write: pairs ? write : undefined, read };
}
