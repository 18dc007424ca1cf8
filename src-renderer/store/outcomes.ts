// The UI's outcomes: each key a control records its last answer under, declared once here with
// the type of its value, so a pane reads exactly the type the command returned.
import type {
  PageEntry,
  ProcessFacts,
  ProcessName,
  ProcessState,
  RaceResult,
  ReadResult,
  SegmentInfo,
  SegmentStat,
  SemaphoreSetInfo,
  SemaphoreSetStat,
  SemopResult,
  StepResult,
  ThreadState,
  TouchResult,
  WriteResult,
} from '../../src-main/common/api';
import type { ErrorEnvelope } from '../../src-main/common/errors';

/**
 * A touch, with the page's pagemap entries in this process and in the other as the store held
 * them just before the touch and just after its answer (the Lab sends the facts it re-read
 * before it answers): what the touch did is told from what the kernel showed change.
 */
export interface TouchOutcome extends TouchResult {
  page: number;
  before: { own: PageEntry | null; other: PageEntry | null };
  after: PageEntry | null;
}

/** Every outcome key and the value its command resolves to. */
export interface OutcomeValues {
  /** Pane 2: shmget, and the IPC_EXCL retry it offers. */
  shmget: SegmentInfo;
  'shmget-excl': SegmentInfo;
  /** Panes 3 and 4: shmat from the tutorial. */
  'attach-A': ProcessState;
  'attach-B': ProcessState;
  /** Pane 4: a process touches a page (a load, then a write fault). */
  'touch-A': TouchOutcome;
  'touch-B': TouchOutcome;
  /** Pane 7: shmdt from the tutorial. */
  'detach-A': ProcessState;
  'detach-B': ProcessState;
  /** Pane 5: write in A, read in B. */
  'tutorial-write': WriteResult;
  'tutorial-read': ReadResult;
  /** Pane 8: IPC_RMID of the tutorial's segment. */
  rmid: SegmentStat | null;
  /** Pane 9: the unsynchronised race. */
  race: RaceResult;
  /** The process panes' own controls. */
  'pane-attach-A': ProcessState;
  'pane-attach-B': ProcessState;
  'pane-detach-A': ProcessState;
  'pane-detach-B': ProcessState;
  'respawn-A': ProcessState;
  'respawn-B': ProcessState;
  'write-A': WriteResult;
  'write-B': WriteResult;
  /** The bytes a process read from its own mapping for its hex view. */
  'memory-A': ReadResult;
  'memory-B': ReadResult;
  /** The segment panel's IPC_RMID and IPC_SET. */
  'panel-rmid': SegmentStat | null;
  'panel-mode': SegmentStat;
  /** The synchronisation panes (sync-store.ts): one instruction, or a reset, per process. */
  'step-A': StepResult;
  'step-B': StepResult;
  /** Zeroing the stepped counter (a write in A) before a retry. */
  'step-zero': WriteResult;
  /** The free run, one key per variant. */
  'race-plain': RaceResult;
  'race-semaphore': RaceResult;
  'race-atomic': RaceResult;
  'race-cancel': null;
  /** semget (+ SETVAL), SETVAL again, IPC_RMID of the lab's set. */
  semget: SemaphoreSetInfo;
  setval: SemaphoreSetStat;
  semrm: null;
  /** P() or V() made by each process. */
  'semop-A': SemopResult;
  'semop-B': SemopResult;
  'cancel-semop-A': null;
  'cancel-semop-B': null;
  'thread-A': ThreadState | null;
  'thread-B': ThreadState | null;
  /** SIGKILL of a child, and the respawn and re-attach the SEM_UNDO pane offers after it. */
  'kill-A': ProcessState;
  'kill-B': ProcessState;
  /** The pointer pane: A's target byte and pointer, B's reads and its maps. */
  'pointer-target': WriteResult;
  'pointer-store': WriteResult;
  'pointer-load': ReadResult;
  'pointer-follow': ReadResult;
  'pointer-maps': ProcessFacts;
  /** The machine view's "Open in A / B" (shmdt of what was attached, then shmat). */
  'machine-open-A': ProcessState;
  'machine-open-B': ProcessState;
}

export type OutcomeKey = keyof OutcomeValues;

/** The keys whose value is exactly `T`: the keys an action returning `T` may record under. */
export type KeysFor<T> = {
  [K in OutcomeKey]: [OutcomeValues[K]] extends [T]
    ? [T] extends [OutcomeValues[K]]
      ? K
      : never
    : never;
}[OutcomeKey];

/**
 * The outcome of a command, as a pane shows it. `seq` orders it against state changes (see
 * {@link withoutObsolete}); `about` is the process whose state it describes, if any.
 */
export type Outcome<T> = (
  { ok: true; value: T; at: number } | { ok: false; error: ErrorEnvelope; at: number }
) & { seq: number; about: ProcessName | null };

/** The last outcome of each key; a key is absent before its first answer and while it runs. */
export type OutcomeMap = { [K in OutcomeKey]?: Outcome<OutcomeValues[K]> };

/**
 * The outcomes minus those about `process` answered before it changed (pid, status or
 * attachment) at `changedSeq`: they describe a state that no longer holds, and a pane that showed
 * one beside the current state would contradict it.
 */
export function withoutObsolete(
  outcomes: OutcomeMap,
  process: ProcessName,
  changedSeq: number,
): OutcomeMap {
  const kept: Record<string, { seq: number; about: ProcessName | null }> = {};
  let dropped = false;
  for (const [key, outcome] of Object.entries(outcomes)) {
    if (outcome === undefined) continue;
    if (outcome.about === process && outcome.seq < changedSeq) dropped = true;
    else kept[key] = outcome;
  }
  return dropped ? (kept as OutcomeMap) : outcomes;
}
