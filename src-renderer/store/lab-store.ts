// The one store of the renderer. State comes only from the Lab (commands' results and events);
// components read it through useLabStore selectors and change it only through `actions`.
// createLabStore keeps everything a store needs (its Lab, its timers, its outcome sequence) in
// one closure, so a test can make a fresh store and drive it with a real Lab.
import { flushSync } from 'react-dom';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type {
  LabApi,
  ProcessName,
  ProcessState,
  SegmentStat,
  Unsubscribe,
} from '../../src-main/common/api';
import type { CommandInput } from '../../src-main/common/schemas';
import { encodeValue } from '../../src-main/common/codec';
import type { ConnectionStatus } from './web-bridge';
import type { MarksFollower, OwnWrite } from './memory';
import type { KeysFor, OutcomeValues } from './outcomes';
import type { LabStoreState } from './store-state';
import { initialState, lookupFromStat } from './store-state';
import type { Core } from './store-core';
import { handlePagesChanged, queueMemoryChanged, viewWindow } from './store-memory';
import type { ProgramEventSink } from './program-store';
import { programEventSink } from './program-store';
import type { SyncState } from './sync-state';
import type { SyncStore } from './sync-store';
import { createSyncStore } from './sync-store';
import {
  OWN_WRITES_KEPT,
  handleProcessState,
  lookUpSegment,
  applyFacts,
  refreshFacts,
  refreshStats,
  run,
  setLookup,
} from './store-core';

export type { LabStoreState, ProcessView } from './store-state';
export type { Outcome } from './outcomes';
export { CHANGE_LOG_LENGTH } from './store-state';

/** A source of connection status changes; may return its unsubscribe function. */
export type StatusSource = (listener: (status: ConnectionStatus) => void) => unknown;

/** A store and the things that drive it. */
export interface LabStore {
  store: StoreApi<LabStoreState>;
  actions: ReturnType<typeof createActions>;
  /** The synchronisation lab's state and actions (sync-store.ts). */
  sync: SyncStore;
  /** Loads the Lab's state and follows its events. */
  connect(api: LabApi, onStatus: StatusSource): Promise<void>;
  /** Stops following events and cancels pending refreshes. */
  disconnect(): void;
  /** The connected Lab; throws before `connect`. */
  lab(): LabApi;
}

function createActions(core: Core) {
  const { setState } = core.store;
  const lab = core.lab;
  const applyState = (state: ProcessState): void => {
    handleProcessState(core, state);
    void refreshStats(core);
  };
  const applyRemoval = (shmid: number) => (stat: SegmentStat | null) =>
    setLookup(core, shmid, lookupFromStat(stat, Date.now()));
  return {
    createSegment: (key: KeysFor<OutcomeValues['shmget']>, input: CommandInput<'createSegment'>) =>
      run(
        core,
        key,
        null,
        () => lab().createSegment(input),
        (segment) => {
          setState((s) => ({ segment, known: { ...s.known, [segment.shmid]: segment } }));
          setLookup(core, segment.shmid, lookupFromStat(segment.stat, Date.now()));
        },
      ),
    attach: (key: KeysFor<ProcessState>, input: CommandInput<'attach'>) =>
      run(core, key, input.process, () => lab().attach(input), applyState),
    detach: (key: KeysFor<ProcessState>, name: ProcessName) =>
      run(core, key, name, () => lab().detach({ process: name }), applyState),
    respawn: (key: KeysFor<ProcessState>, name: ProcessName) =>
      run(core, key, name, () => lab().respawn({ process: name }), applyState),
    write: (key: KeysFor<OutcomeValues['write-A']>, input: CommandInput<'write'>) => {
      const written = run(core, key, input.process, () => lab().write(input));
      // Marked as this pane's own in the same task that sent it: the process's watcher may
      // report the change before the command's reply, but not before this task ends.
      const encoded = encodeValue(input.type, input.value, input.endian ?? 'le');
      if (encoded.ok) {
        const own: OwnWrite = {
          process: input.process,
          offset: input.offset,
          length: encoded.bytes.length,
          at: performance.now(),
        };
        setState((s) => ({ ownWrites: [...s.ownWrites.slice(-OWN_WRITES_KEPT), own] }));
      }
      return written;
    },
    read: (key: KeysFor<OutcomeValues['tutorial-read']>, input: CommandInput<'read'>) =>
      run(core, key, input.process, () => lab().read(input)),
    /** `name` touches page `page` of its attachment (pane 4); see TouchOutcome. */
    touch: (name: ProcessName, page: number) => {
      const entry = (of: ProcessName) =>
        core.store.getState().processes[of].facts?.pages[page] ?? null;
      const before = { own: entry(name), other: entry(name === 'A' ? 'B' : 'A') };
      const { system } = core.store.getState();
      return run(core, `touch-${name}`, name, async () => {
        // The page size is the kernel's, known once the Lab's state loaded (the button waits).
        if (system === null) throw new Error('the Lab’s state has not loaded yet');
        const touched = await lab().touch({ process: name, offset: page * system.pageSize });
        return { ...touched, page, before, after: entry(name) };
      });
    },
    /** IPC_RMID; `confirmForeign` only after the learner confirmed removing another's segment. */
    removeSegment: (key: KeysFor<SegmentStat | null>, input: CommandInput<'removeSegment'>) =>
      run(core, key, null, () => lab().removeSegment(input), applyRemoval(input.shmid)),
    /** IPC_SET of the mode bits, with the same confirmation rule as removeSegment. */
    setSegmentMode: (key: KeysFor<SegmentStat>, input: CommandInput<'setSegmentMode'>) =>
      run(
        core,
        key,
        null,
        () => lab().setSegmentMode(input),
        (stat) => setLookup(core, input.shmid, lookupFromStat(stat, Date.now())),
      ),
    /**
     * Opens a segment in `process` from the machine view: shmdt of what it has attached first,
     * then shmat with the view's choice of access.
     */
    openSegment: (input: CommandInput<'attach'>) =>
      run(
        core,
        `machine-open-${input.process}`,
        input.process,
        async () => {
          if (core.store.getState().processes[input.process].state.attachment !== null)
            await lab().detach({ process: input.process });
          return lab().attach(input);
        },
        applyState,
      ),
    race: (key: KeysFor<OutcomeValues['race']>, input: CommandInput<'race'>) =>
      run(core, key, null, () => lab().race(input)),
    /** IPC_STAT of one id (e.g. typed into an attach form), kept in `lookups`. */
    lookUpSegment: (shmid: number) => lookUpSegment(core, shmid),
    refreshStat: () => refreshStats(core),
    /** Shows [offset, offset + length) of `name`'s mapping in its pane (viewMemory). */
    viewMemory: (name: ProcessName, offset: number, length: number) =>
      viewWindow(core, name, offset, length),
    inspectBoth: () => {
      refreshFacts(core, 'A');
      refreshFacts(core, 'B');
    },
  };
}

export interface LabStoreOptions {
  /** See {@link Core.commitNow}; by default the update just runs. */
  commitNow?: (update: () => void) => void;
  /** Where the learner's-program events go (the window's program store); none by default. */
  program?: () => ProgramEventSink;
}

/** Makes a store with nothing loaded; `connect` gives it a Lab. */
export function createLabStore(options: LabStoreOptions = {}): LabStore {
  const store = createStore<LabStoreState>()(() => initialState());
  let api: LabApi | null = null;
  let seq = 0;
  let unsubscribes: Unsubscribe[] = [];
  const core: Core = {
    store,
    lab: () => {
      if (api === null) throw new Error('the Lab API is not connected yet');
      return api;
    },
    nextSeq: () => (seq += 1),
    latestRun: new Map(),
    factsTaken: { A: 0, B: 0 },
    lookupsTaken: new Map(),
    commitNow: options.commitNow ?? ((update) => update()),
  };
  const sync = createSyncStore(core);
  const disconnect = (): void => {
    for (const unsubscribe of unsubscribes) unsubscribe();
    unsubscribes = [];
  };
  return {
    store,
    actions: createActions(core),
    sync,
    disconnect,
    lab: core.lab,
    connect: async (labApi, onStatus) => {
      disconnect();
      api = labApi;
      const stopStatus = onStatus((connection) => store.setState({ connection }));
      unsubscribes = [
        () => {
          if (typeof stopStatus === 'function') stopStatus();
        },
        labApi.onProcessStatus(({ change, state }) =>
          handleProcessState(core, state, change === 'reconciled'),
        ),
        labApi.onSegmentChanged(({ shmid, stat }) => {
          if (store.getState().lookups[shmid] !== undefined)
            setLookup(core, shmid, lookupFromStat(stat, Date.now()));
        }),
        labApi.onCrashRecords(({ off }) => store.setState({ crashRecordsOff: off })),
        labApi.onMemoryChanged((event) => queueMemoryChanged(core, event)),
        labApi.onPagesChanged((event) => handlePagesChanged(core, event)),
        labApi.onSemopFinished((event) => sync.actions.semopFinished(event)),
        labApi.onRaceProgress((event) => sync.actions.raceProgress(event)),
        labApi.onProgramOutput((event) => options.program?.().output(event)),
        labApi.onProgramProcesses((event) => options.program?.().processes(event)),
        labApi.onProgramExited((event) => options.program?.().exited(event)),
        // Every drawn process's facts as the Lab re-read them after anything that could have
        // changed them: the screen follows the kernel, never a guess of ours.
        labApi.onFactsChanged((event) => {
          if (event.kind === 'child') applyFacts(core, event.facts);
          else options.program?.().facts(event.facts);
        }),
      ];
      const state = await labApi.getState();
      const segment = state.segments.at(-1) ?? null;
      store.setState({
        system: state.system,
        crashRecordsOff: state.crashRecordsOff,
        segment,
        stat: segment?.stat ?? null,
        known: Object.fromEntries(state.segments.map((s) => [s.shmid, s])),
        lookups: Object.fromEntries(
          state.segments.map((s) => [s.shmid, lookupFromStat(s.stat, Date.now())]),
        ),
      });
      for (const name of ['A', 'B'] as const) handleProcessState(core, state.processes[name]);
    },
  };
}

/** The window's store: memory changes reach the DOM in the task that brought them. */
const appStore = createLabStore({
  commitNow: (update) => flushSync(update),
  program: programEventSink,
});

/** Reads the window's store; re-renders when the selected value changes. */
export function useLabStore<T>(selector: (state: LabStoreState) => T): T {
  return useStore(appStore.store, selector);
}

/**
 * Calls `listener` with the selected value now, then whenever it changes, in the store update
 * itself rather than in a React render and effect after it (a timer armed, a hex row drawn).
 * Returns the function that stops it.
 */
export function followLabStore<T>(
  selector: (state: LabStoreState) => T,
  listener: (value: T) => void,
): () => void {
  let last = selector(appStore.store.getState());
  listener(last);
  return appStore.store.subscribe((state) => {
    const next = selector(state);
    if (Object.is(next, last)) return;
    last = next;
    listener(next);
  });
}

/** Feeds `follower` the marks of `name`'s changes (followLabStore); returns what stops both. */
export function followChanges(name: ProcessName, follower: MarksFollower): () => void {
  const unsubscribe = followLabStore((s) => s.processes[name].changes, follower.see);
  return () => {
    unsubscribe();
    follower.stop();
  };
}

/** The window's store state now, for code outside React (sequences of actions, tests). */
export function getLabState(): LabStoreState {
  return appStore.store.getState();
}

/** The actions the UI calls on the window's store. Each records its outcome for its control. */
export const actions = appStore.actions;

/** Reads the window's synchronisation state; re-renders when the selected value changes. */
export function useSyncStore<T>(selector: (state: SyncState) => T): T {
  return useStore(appStore.sync.store, selector);
}

/** The synchronisation lab's actions on the window's store. */
export const syncActions = appStore.sync.actions;

/** The window's Lab API (for the machine view's own store); throws before connectStore. */
export function labApi(): LabApi {
  return appStore.lab();
}

/** Connects the window's store to the Lab: loads the state and follows its events. */
export function connectStore(api: LabApi, onStatus: StatusSource): Promise<void> {
  return appStore.connect(api, onStatus);
}
