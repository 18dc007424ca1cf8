// The shape of the synchronisation lab's store (sync-store.ts) and the pure rules that update
// it: the lab's semaphore set and its stat, the semops that wait, the free run's progress, and
// the stepped programs' cursors and logs.
import type {
  ProcessName,
  RaceProgressEvent,
  RaceVariant,
  SemaphoreSetInfo,
  SemaphoreSetStat,
  SemopFinishedEvent,
  ThreadState,
} from '../../src-main/common/api';
import type { ErrorEnvelope } from '../../src-main/common/errors';
import type { CommandInput } from '../../src-main/common/schemas';
import type { Cursor, ProgramName, StepLogEntry } from './sync-programs';
import { advance, cursorIndex } from './sync-programs';

/** Where the stepped and raced counter lives: a u32 at the start of the segment. */
export const COUNTER_OFFSET = 0;

/** A semop that the kernel made wait, as the Lab answered it. */
export interface SemopWait {
  pid: number | null;
  semid: number;
  /** P() of a stepped program, advanced when the wait ends with 'done'. */
  program: ProgramName | null;
  thread: ThreadState | null;
}

/** The last semopFinished of a process, with where it stands in the store's sequence. */
export interface SemopEnd {
  event: SemopFinishedEvent;
  /** The process's pid when the event came (a respawned process did not make that semop). */
  pid: number | null;
  seq: number;
  at: number;
}

export interface SyncState {
  /** The set the panes work on: the last one semget returned here. */
  set: SemaphoreSetInfo | null;
  /** Its last IPC_STAT; null before the first or once it is gone. */
  stat: SemaphoreSetStat | null;
  /** Why the last IPC_STAT failed (EINVAL/EIDRM: the set is gone). */
  statError: ErrorEnvelope | null;
  waits: Record<ProcessName, SemopWait | null>;
  ends: Record<ProcessName, SemopEnd | null>;
  /**
   * When a SIGKILL was last sent to each process (Date.now()). What the kill caused (another
   * process's wait ending) can arrive before the kill's own answer, so it is compared with this.
   */
  killSent: Record<ProcessName, number | null>;
  /** The free run under way, and its last progress report. */
  racing: RaceVariant | null;
  progress: RaceProgressEvent | null;
  cursors: Record<ProgramName, Partial<Record<ProcessName, Cursor>>>;
  logs: Record<ProgramName, StepLogEntry[]>;
  /** The counter when the program was last reset (read back by the children); null before. */
  starts: Record<ProgramName, number | null>;
}

/** Nothing known yet. */
export function initialSyncState(): SyncState {
  return {
    set: null,
    stat: null,
    statError: null,
    waits: { A: null, B: null },
    ends: { A: null, B: null },
    killSent: { A: null, B: null },
    racing: null,
    progress: null,
    cursors: { plain: {}, protected: {} },
    logs: { plain: [], protected: [] },
    starts: { plain: null, protected: null },
  };
}

/** The log and cursor of `program` after `entry` completed in a process whose pid is `pid`. */
export function withStep(
  s: SyncState,
  program: ProgramName,
  entry: StepLogEntry,
  pid: number | null,
): Pick<SyncState, 'logs' | 'cursors'> {
  const index = cursorIndex(s.cursors[program][entry.process], pid);
  return {
    logs: { ...s.logs, [program]: [...s.logs[program], entry] },
    cursors: {
      ...s.cursors,
      [program]: { ...s.cursors[program], [entry.process]: advance(program, pid, index) },
    },
  };
}

/** The operations P() and V() make on semaphore 0 of a set. */
export function semaphoreOps(op: 'P' | 'V', undo: boolean): CommandInput<'semop'>['ops'] {
  return [{ semnum: 0, op: op === 'P' ? -1 : 1, undo, nowait: false }];
}
