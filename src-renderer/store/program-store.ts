// The learner's-program store (issue 11): the editor's source, the compiler's answers, the current
// run, its processes and their /proc facts (for the diagram's columns), and its exits. State comes
// only from the Lab: command answers and the programProcesses / programExited events. The run's
// terminal output does not go through state: it streams to the terminal (onProgramOutput), with a
// bounded scrollback for a terminal that mounts later.
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import { getLabState, labApi } from './lab-store';
import type { ProgramActions } from './program-actions';
import { createProgramActions } from './program-actions';
import { createProgramMachinery } from './program-machinery';
import type { OutputChannel, TerminalWrite } from './program-output';
import type { ProgramEventSink, ProgramStoreDeps, ProgramStoreState } from './program-store-state';
import { initialProgramState } from './program-store-state';

export type { ProgramState } from './program-state';
export type { TerminalWrite } from './program-output';
export type { ProgramActions } from './program-actions';
export type {
  ExitDetach,
  NattchReading,
  ProgramBusy,
  ProgramEventSink,
  ProgramStoreDeps,
  ProgramStoreState,
} from './program-store-state';

export interface ProgramStore {
  store: StoreApi<ProgramStoreState>;
  actions: ProgramActions;
  /** Hand the Lab's program events here. */
  events: ProgramEventSink;
  output: OutputChannel;
  /** Stops its timers. */
  dispose(): void;
}

/** A program store over `deps` (a test passes its own Lab). */
export function createProgramStore(deps: ProgramStoreDeps): ProgramStore {
  const store = createStore<ProgramStoreState>()(initialProgramState);
  const machinery = createProgramMachinery(store, deps);
  return {
    store,
    actions: createProgramActions(store, deps, machinery),
    events: machinery.sink,
    output: machinery.output,
    dispose: machinery.dispose,
  };
}

/** The tutorial's segment while the kernel still has it. */
function tutorialShmid(): number | null {
  const { segment, stat } = getLabState();
  return segment !== null && stat !== null ? segment.shmid : null;
}

const windowStore = createProgramStore({ lab: labApi, tutorialShmid });

/** Reads the window's program store; re-renders when the selected value changes. */
export function useProgramStore<T>(selector: (state: ProgramStoreState) => T): T {
  return useStore(windowStore.store, selector);
}

/** The window's program store state now. */
export function getProgramState(): ProgramStoreState {
  return windowStore.store.getState();
}

/** What the program view (and the tutorial panes that lead to it) do. */
export const programActions = windowStore.actions;

/**
 * Follows the run's terminal output: `listener` gets every write (and a reset when a new run
 * starts). Returns the unsubscribe. Read programScrollback() first to show what came before.
 */
export function onProgramOutput(listener: (write: TerminalWrite) => void): () => void {
  return windowStore.output.subscribe(listener);
}

/** The current run's id and the end of its output so far (bounded). */
export function programScrollback(): { runId: number | null; text: string } {
  return windowStore.output.scrollback();
}

/**
 * Where lab-store.ts hands the Lab's program events (a function declaration, so lab-store can
 * name it while the two modules load each other).
 */
export function programEventSink(): ProgramEventSink {
  return windowStore.events;
}
