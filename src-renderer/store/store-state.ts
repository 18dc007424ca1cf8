// The shape of the renderer's store and the pure rules that update it. State comes only from
// the Lab (commands' results and events).
import type {
  MemoryChangedEvent,
  ProcessFacts,
  ProcessName,
  ProcessState,
  SegmentInfo,
  SegmentStat,
  SystemInfo,
} from '../../src-main/common/api';
import type { ConnectionStatus } from './web-bridge';
import type { ChangeMark, ChangedPage, OwnWrite } from './memory';
import type { OutcomeMap } from './outcomes';
import type { SegmentLookup } from './segment-ownership';

export interface ProcessView {
  state: ProcessState;
  /** What the process last reported about itself (/proc maps, smaps, pagemap). */
  facts: ProcessFacts | null;
  /**
   * The bytes this process read from its own mapping in the window the pane views (viewMemory),
   * starting at `memoryOffset` of the segment; null until the first window arrived.
   */
  memory: Uint8Array | null;
  memoryOffset: number;
  changes: ChangeMark[];
  /** Pages outside the window the process reported changed (pagesChanged), newest last. */
  changedPages: ChangedPage[];
  /** When (in the store's sequence) its pid, status or attachment last changed. */
  changedSeq: number;
}

export interface LabStoreState {
  connection: ConnectionStatus;
  /** The Lab's system facts; null until getState answered (nothing is assumed meanwhile). */
  system: SystemInfo | null;
  processes: Record<ProcessName, ProcessView>;
  /** The segment the tutorial works on: the last one shmget returned. */
  segment: SegmentInfo | null;
  /** Its live IPC_STAT; null once the kernel removed it. */
  stat: SegmentStat | null;
  /** Every segment shmget returned to this Lab (with its word on ownership), by shmid. */
  known: Partial<Record<number, SegmentInfo>>;
  /**
   * The last IPC_STAT of each segment on screen: the tutorial's, the ones A and B attach, and ids
   * typed into an attach form. Follows the Lab's segmentChanged events.
   */
  lookups: Partial<Record<number, SegmentLookup>>;
  ownWrites: OwnWrite[];
  /** The latest changes the processes reported, newest last. */
  changeLog: MemoryChangedEvent[];
  /** The last outcome of each control's action (see outcomes.ts). */
  outcomes: OutcomeMap;
  /** The Lab's line saying crash records are off; null while they are on (LabState). */
  crashRecordsOff: string | null;
}

/** How many reported changes the live pane keeps. */
export const CHANGE_LOG_LENGTH = 12;

const emptyProcess = (name: ProcessName): ProcessView => ({
  state: { name, pid: null, status: 'starting', exitCode: null, signal: null, attachment: null },
  facts: null,
  memory: null,
  memoryOffset: 0,
  changes: [],
  changedPages: [],
  changedSeq: 0,
});

/** The state before the Lab answered. */
export function initialState(): LabStoreState {
  return {
    connection: 'connecting',
    system: null,
    processes: { A: emptyProcess('A'), B: emptyProcess('B') },
    segment: null,
    stat: null,
    known: {},
    lookups: {},
    ownWrites: [],
    changeLog: [],
    outcomes: {},
    crashRecordsOff: null,
  };
}

/** What identifies a process's state for the panes: pid, status and attachment. */
export function stateKey(state: ProcessState): string {
  const { attachment } = state;
  const attached =
    attachment === null
      ? '-'
      : `${attachment.shmid}@${attachment.address}${attachment.readOnly ? 'r' : 'w'}`;
  return `${state.pid ?? '-'}:${state.status}:${attached}`;
}

/** The shmids the panes show: the tutorial's segment and what each process has attached. */
export function shmidsInView(state: Pick<LabStoreState, 'segment' | 'processes'>): number[] {
  const ids = [
    state.processes.A.state.attachment?.shmid,
    state.processes.B.state.attachment?.shmid,
    state.segment?.shmid,
  ];
  return [...new Set(ids.filter((id): id is number => id !== undefined))];
}

/** The lookup an IPC_STAT gave, or the one its error means. */
export function lookupFromStat(
  stat: SegmentStat | null,
  at: number,
): Extract<SegmentLookup, { kind: 'stat' } | { kind: 'missing' }> {
  return stat === null ? { kind: 'missing', error: null, at } : { kind: 'stat', stat, at };
}
