// The program store's state beyond ProgramState (program-state.ts), the events it follows and what
// it needs from the rest of the window. program-store.ts assembles the store.
import type {
  LabApi,
  ProgramExitedEvent,
  ProgramOutputEvent,
  ProgramProcessFacts,
  ProgramProcessesEvent,
} from '../../src-main/common/api';
import { DEFAULT_STARTER, starterById } from '../components/program/starters';
import type { ProgramState } from './program-state';
import { INITIAL_PROGRAM_STATE } from './program-state';

/** One IPC_STAT's nattch of a segment, and when it was read (ms since the epoch). */
export interface NattchReading {
  nattch: number;
  at: number;
}

/**
 * What an exit did to a segment the process had attached: nattch read (IPC_STAT) while the run's
 * processes had it attached, and read again after the exit. Either is null when it could not be
 * read honestly (no reading before the exit, or the segment is gone).
 */
export interface ExitDetach {
  pid: number;
  shmid: number;
  before: NattchReading | null;
  after: NattchReading | null;
}

/** What the view is doing now; its buttons wait while one command is under way. */
export type ProgramBusy = 'compile' | 'run' | 'stop' | null;

export interface ProgramStoreState extends ProgramState {
  /** Whether the program view is open (it takes the tutorial's place; '#view=program'). */
  open: boolean;
  busy: ProgramBusy;
  /** The terminal's size, passed to runProgram and resizeProgram. */
  terminal: { cols: number; rows: number };
  /** The learner's edits of each starter, by starter id, so switching back keeps them. */
  drafts: Record<string, string>;
  /** What each exit of the current run did to nattch, in the order the exits came. */
  exitDetaches: ExitDetach[];
}

/** The events of the Lab the program store follows (wired in lab-store.ts's connect). */
export interface ProgramEventSink {
  output(event: ProgramOutputEvent): void;
  processes(event: ProgramProcessesEvent): void;
  exited(event: ProgramExitedEvent): void;
  /** A process of a run as the kernel shows it now (the Lab re-reads it after every change). */
  facts(facts: ProgramProcessFacts): void;
}

export interface ProgramStoreDeps {
  lab: () => LabApi;
  /** The segment the tutorial works on, when it exists: passed to the program as SHMLAB_SHMID. */
  tutorialShmid: () => number | null;
}

/** The state before anything was asked: the default starting program in the editor. */
export const initialProgramState = (): ProgramStoreState => {
  const starter = starterById(DEFAULT_STARTER);
  return {
    ...INITIAL_PROGRAM_STATE,
    source: starter?.source ?? '',
    starter: starter?.id ?? '',
    open: false,
    busy: null,
    terminal: { cols: 80, rows: 24 },
    drafts: {},
    exitDetaches: [],
  };
};
