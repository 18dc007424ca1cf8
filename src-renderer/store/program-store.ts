// The learner's-program store (issue 11): the editor's source, the compiler's answers, the current
// run, its processes and their /proc facts (for the diagram's columns), and its exits. State comes
// only from the Lab: command answers and the programProcesses / programExited events. The run's
// terminal output does not go through state: it streams to the terminal (onProgramOutput), with a
// bounded scrollback for a terminal that mounts later.
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type {
  CompileResult,
  LabApi,
  ProcessName,
  ProgramExitedEvent,
  ProgramOutputEvent,
  ProgramProcessesEvent,
  ProgramRun,
} from '../../src-main/common/api';
import { toEnvelope } from '../../src-main/common/errors';
import { DEFAULT_STARTER, starterById } from '../components/program/starters';
import { getLabState, labApi } from './lab-store';
import type { ProgramState } from './program-state';
import { INITIAL_PROGRAM_STATE } from './program-state';
import { applyExited, applyFacts, applyProcesses, compiledIsCurrent } from './program-events';
import type { OutputChannel, TerminalWrite } from './program-output';
import { createOutputChannel } from './program-output';

export type { ProgramState } from './program-state';
export type { TerminalWrite } from './program-output';

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
  /** A or B reported a change of its memory: the run's pages may have changed too. */
  memoryChanged(process: ProcessName): void;
}

export interface ProgramStoreDeps {
  lab: () => LabApi;
  /** The segment the tutorial works on, when it exists: passed to the program as SHMLAB_SHMID. */
  tutorialShmid: () => number | null;
}

/** At most this often (ms) are the run's facts read again because A's or B's memory changed. */
export const FACTS_THROTTLE_MS = 250;

const initial = (): ProgramStoreState => {
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

type QueuedEvent =
  | { kind: 'output'; event: ProgramOutputEvent }
  | { kind: 'processes'; event: ProgramProcessesEvent }
  | { kind: 'exited'; event: ProgramExitedEvent };

/** The most events of a run kept while its runProgram answer is still on its way. */
const QUEUE_LIMIT = 2000;

function createProgramMachinery(store: StoreApi<ProgramStoreState>, deps: ProgramStoreDeps) {
  const set = store.setState;
  const get = store.getState;
  const output = createOutputChannel();
  // Events can overtake the answer of runProgram; those of a run not known yet wait here.
  let awaitingRun = false;
  let queued: QueuedEvent[] = [];
  // Facts: one inspect per pid at a time, and a throttle for refreshes caused by A's and B's writes.
  const inFlight = new Set<number>();
  const again = new Set<number>();
  let lastFactsAt = 0;
  let factsTimer: ReturnType<typeof setTimeout> | null = null;
  // nattch while attached: the last IPC_STAT read while a process of the run had the segment.
  const attachedReadings = new Map<number, NattchReading>();
  let attachmentKey = '';
  let exitCount = 0;

  const isCurrent = (runId: number): boolean => get().run?.runId === runId;
  const awaitsThis = (runId: number): boolean => awaitingRun && !isCurrent(runId);
  const enqueue = (event: QueuedEvent): void => {
    if (queued.length < QUEUE_LIMIT) queued.push(event);
  };

  const refreshFacts = async (pid: number): Promise<void> => {
    const state = get();
    const process = state.processes.find((p) => p.pid === pid);
    if (state.run === null || process === undefined) return;
    if (inFlight.has(pid)) {
      again.add(pid);
      return;
    }
    inFlight.add(pid);
    // The diagram draws the tutorial's segment; a process that attached only another one is
    // inspected for that one, so its column still shows its attachment.
    const shmid = state.run.env.SHMLAB_SHMID ?? null;
    const wanted =
      shmid !== null ? Number(shmid) : (process.attachments[0]?.shmid ?? deps.tutorialShmid());
    try {
      const facts = await deps.lab().inspectProgramProcess({ pid, shmid: wanted });
      set((s) => applyFacts(s, facts));
    } catch (error) {
      // A process that ended between the list and the inspect is not a failure of the view.
      if (get().processes.some((p) => p.pid === pid))
        set({ error: { command: 'inspectProgramProcess', error: toEnvelope(error) } });
    } finally {
      inFlight.delete(pid);
      if (again.delete(pid)) void refreshFacts(pid);
    }
  };

  const refreshAllFacts = (): void => {
    lastFactsAt = Date.now();
    for (const process of get().processes) void refreshFacts(process.pid);
  };

  const scheduleFacts = (): void => {
    if (!get().running || factsTimer !== null) return;
    const wait = Math.max(0, lastFactsAt + FACTS_THROTTLE_MS - Date.now());
    factsTimer = setTimeout(() => {
      factsTimer = null;
      if (get().running) refreshAllFacts();
    }, wait);
  };

  const readNattch = async (shmid: number): Promise<NattchReading | null> => {
    try {
      const stat = await deps.lab().statSegment({ shmid });
      return { nattch: stat.nattch, at: Date.now() };
    } catch {
      return null; // gone (removed): there is no nattch to show
    }
  };

  /** Reads nattch of the segments the run has attached when its set of attachments changed. */
  const noteAttachments = (): void => {
    const shmids = new Set(get().processes.flatMap((p) => p.attachments.map((a) => a.shmid)));
    const key = [...shmids].sort((a, b) => a - b).join(',');
    if (key === attachmentKey) return;
    attachmentKey = key;
    for (const shmid of shmids) {
      const exitsBefore = exitCount;
      void readNattch(shmid).then((reading) => {
        // An exit in between may already be counted in this reading: it cannot stand for "before".
        if (reading !== null && exitCount === exitsBefore) attachedReadings.set(shmid, reading);
      });
    }
  };

  const applyQueued = (item: QueuedEvent): void => {
    if (item.kind === 'output') output.write(item.event.runId, item.event.data);
    else if (item.kind === 'processes') sink.processes(item.event);
    else sink.exited(item.event);
  };

  const sink: ProgramEventSink = {
    output(event) {
      if (awaitsThis(event.runId)) enqueue({ kind: 'output', event });
      else output.write(event.runId, event.data);
    },
    processes(event) {
      if (awaitsThis(event.runId)) return enqueue({ kind: 'processes', event });
      const before = get().processes;
      set((s) => applyProcesses(s, event));
      const after = get().processes;
      if (after === before) return;
      noteAttachments();
      refreshAllFacts();
    },
    exited(event) {
      if (awaitsThis(event.runId)) return enqueue({ kind: 'exited', event });
      if (!isCurrent(event.runId)) return;
      exitCount += 1;
      set((s) => applyExited(s, event));
      for (const attachment of event.detached) {
        const before = attachedReadings.get(attachment.shmid) ?? null;
        const note: ExitDetach = { pid: event.pid, shmid: attachment.shmid, before, after: null };
        set((s) => ({ exitDetaches: [...s.exitDetaches, note] }));
        void readNattch(attachment.shmid).then((after) => {
          if (!isCurrent(event.runId)) return;
          set((s) => ({
            exitDetaches: s.exitDetaches.map((n) => (n === note ? { ...n, after } : n)),
          }));
          if (after !== null) attachedReadings.set(attachment.shmid, after);
        });
      }
    },
    memoryChanged() {
      scheduleFacts();
    },
  };

  const startRun = (run: ProgramRun): void => {
    output.reset(run.runId);
    attachedReadings.clear();
    attachmentKey = '';
    set({
      run,
      running: true,
      processes: [],
      facts: {},
      exits: [],
      stopped: null,
      exitDetaches: [],
    });
    const mine = queued.filter((item) => item.event.runId === run.runId);
    queued = [];
    for (const item of mine) applyQueued(item);
  };

  return {
    output,
    sink,
    refreshFacts,
    startRun,
    beginAwaitingRun: () => {
      awaitingRun = true;
      queued = [];
    },
    endAwaitingRun: () => {
      awaitingRun = false;
      queued = [];
    },
    dispose: () => {
      if (factsTimer !== null) clearTimeout(factsTimer);
      factsTimer = null;
    },
  };
}

function createActions(
  store: StoreApi<ProgramStoreState>,
  deps: ProgramStoreDeps,
  machinery: ReturnType<typeof createProgramMachinery>,
) {
  const set = store.setState;
  const get = store.getState;
  const fail = (command: string, error: unknown): void =>
    set({ error: { command, error: toEnvelope(error) } });

  const compileNow = async (): Promise<CompileResult | null> => {
    const source = get().source;
    try {
      const result = await deps.lab().compileProgram({ source });
      set({ compiled: { result, source }, error: null });
      return result;
    } catch (error) {
      fail('compileProgram', error);
      return null;
    }
  };

  return {
    /** Opens or closes the program view. */
    setOpen: (open: boolean) => set({ open }),
    /** Asks the Lab where cc is and whether running is allowed. */
    loadCompiler: async () => {
      try {
        set({ compiler: await deps.lab().compilerInfo() });
      } catch (error) {
        fail('compilerInfo', error);
      }
    },
    /** Puts a starting program in the editor (the learner's edits of it, if any). */
    chooseStarter: (id: string) => {
      const starter = starterById(id);
      if (starter === null) return;
      set((s) => ({
        starter: starter.id,
        source: s.drafts[starter.id] ?? starter.source,
      }));
    },
    /** Puts the chosen starter's original text back, dropping the learner's edits of it. */
    resetSource: () => {
      const starter = starterById(get().starter);
      if (starter === null) return;
      set((s) => {
        const drafts = { ...s.drafts };
        delete drafts[starter.id];
        return { source: starter.source, drafts };
      });
    },
    /** The editor's text changed. */
    setSource: (source: string) =>
      set((s) => ({
        source,
        drafts: s.starter === '' ? s.drafts : { ...s.drafts, [s.starter]: source },
      })),
    /** Compiles the editor's text. */
    compile: async (): Promise<CompileResult | null> => {
      if (get().busy !== null) return null;
      set({ busy: 'compile' });
      try {
        return await compileNow();
      } finally {
        set({ busy: null });
      }
    },
    /**
     * Runs the editor's program (compiling it first when the editor changed since the last
     * compile) with `args`, passing the tutorial's segment as SHMLAB_SHMID.
     */
    run: async (args: string[]): Promise<ProgramRun | null> => {
      const state = get();
      if (state.busy !== null || state.running) return null;
      set({ busy: 'run', error: null });
      try {
        let programId = compiledIsCurrent(state) ? state.compiled!.result.programId : null;
        if (programId === null) {
          set({ busy: 'compile' });
          const result = await compileNow();
          set({ busy: 'run' });
          programId = result?.ok === true ? result.programId : null;
          if (programId === null) return null;
        }
        const { cols, rows } = get().terminal;
        machinery.beginAwaitingRun();
        const run = await deps
          .lab()
          .runProgram({ programId, shmid: deps.tutorialShmid(), args, cols, rows });
        machinery.startRun(run);
        return run;
      } catch (error) {
        fail('runProgram', error);
        return null;
      } finally {
        machinery.endAwaitingRun();
        set({ busy: null });
      }
    },
    /** Stops the run: SIGINT to its process group, SIGKILL after a grace. */
    stop: async () => {
      const { run, running } = get();
      if (run === null || !running) return null;
      set({ busy: 'stop' });
      try {
        const stopped = await deps.lab().stopProgram({ runId: run.runId });
        set({ stopped, error: null });
        return stopped;
      } catch (error) {
        fail('stopProgram', error);
        return null;
      } finally {
        set({ busy: null });
      }
    },
    /** What the learner typed in the terminal, to the program's pty. */
    type: async (data: string) => {
      const { run, running } = get();
      if (run === null || !running || data === '') return;
      try {
        await deps.lab().programInput({ runId: run.runId, data });
      } catch (error) {
        if (get().running) fail('programInput', error);
      }
    },
    /** The terminal's new size (TIOCSWINSZ on the run's pty when one runs). */
    resize: async (cols: number, rows: number) => {
      const { terminal, run, running } = get();
      if (terminal.cols === cols && terminal.rows === rows) return;
      set({ terminal: { cols, rows } });
      if (run === null || !running) return;
      try {
        await deps.lab().resizeProgram({ runId: run.runId, cols, rows });
      } catch (error) {
        if (get().running) fail('resizeProgram', error);
      }
    },
    /** Reads /proc of one live process of the run again (maps, smaps, pages). */
    refreshFacts: (pid: number) => machinery.refreshFacts(pid),
    /** Forgets the last error (the learner dismissed it). */
    clearError: () => set({ error: null }),
  };
}

export type ProgramActions = ReturnType<typeof createActions>;

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
  const store = createStore<ProgramStoreState>()(initial);
  const machinery = createProgramMachinery(store, deps);
  return {
    store,
    actions: createActions(store, deps, machinery),
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
