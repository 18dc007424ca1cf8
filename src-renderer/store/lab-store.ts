// The one store of the renderer. State comes only from the Lab (commands'
// results and events); components read it through selector hooks.
import { create } from 'zustand';
import type {
  LabApi,
  MemoryChangedEvent,
  ProcessFacts,
  ProcessName,
  ProcessState,
  SegmentInfo,
  SegmentStat,
  SystemInfo,
} from '../../src-main/common/api';
import type { CommandInput } from '../../src-main/common/schemas';
import type { ErrorEnvelope } from '../../src-main/common/errors';
import { toEnvelope } from '../../src-main/common/errors';
import { encodeValue } from '../../src-main/common/codec';
import type { ConnectionStatus } from './web-bridge';
import type { ChangeMark, OwnWrite } from './memory';
import { MAX_VIEW_BYTES, addMark, applyPatch, isOwnChange } from './memory';

export interface ProcessView {
  state: ProcessState;
  /** What the process last reported about itself (/proc maps, smaps, pagemap). */
  facts: ProcessFacts | null;
  /** The bytes this process read from its own mapping (first MAX_VIEW_BYTES). */
  memory: Uint8Array | null;
  changes: ChangeMark[];
}

/** The outcome of a command, as a pane shows it. */
export type Outcome<T = unknown> =
  { ok: true; value: T; at: number } | { ok: false; error: ErrorEnvelope; at: number };

export interface LabStore {
  connection: ConnectionStatus;
  system: SystemInfo | null;
  processes: Record<ProcessName, ProcessView>;
  /** The segment the tutorial works on (the last one created or attached). */
  segment: SegmentInfo | null;
  /** Its live IPC_STAT; null once the kernel removed it. */
  stat: SegmentStat | null;
  ownWrites: OwnWrite[];
  /** The latest changes the processes reported, newest last. */
  changeLog: MemoryChangedEvent[];
  /** The last outcome of each action, by a key the UI chooses (e.g. 'shmget'). */
  outcomes: Record<string, Outcome>;
}

const emptyProcess = (name: ProcessName): ProcessView => ({
  state: { name, pid: null, status: 'starting', exitCode: null, signal: null, attachment: null },
  facts: null,
  memory: null,
  changes: [],
});

export const useLabStore = create<LabStore>()(() => ({
  connection: 'connecting',
  system: null,
  processes: { A: emptyProcess('A'), B: emptyProcess('B') },
  segment: null,
  stat: null,
  ownWrites: [],
  changeLog: [],
  outcomes: {},
}));

/** How many reported changes the live pane keeps. */
export const CHANGE_LOG_LENGTH = 12;

let api: LabApi | null = null;
const factTimers: Partial<Record<ProcessName, ReturnType<typeof setTimeout>>> = {};

function lab(): LabApi {
  if (api === null) throw new Error('the Lab API is not connected yet');
  return api;
}

const set = useLabStore.setState;
const get = useLabStore.getState;

function updateProcess(
  name: ProcessName,
  update: (view: ProcessView) => Partial<ProcessView>,
): void {
  set((store) => ({
    processes: {
      ...store.processes,
      [name]: { ...store.processes[name], ...update(store.processes[name]) },
    },
  }));
}

/** Runs a command and records its outcome under `key`; returns the value or null. */
export async function run<T>(key: string, work: () => Promise<T>): Promise<T | null> {
  try {
    const value = await work();
    set((store) => ({
      outcomes: { ...store.outcomes, [key]: { ok: true, value, at: Date.now() } },
    }));
    return value;
  } catch (error) {
    set((store) => ({
      outcomes: {
        ...store.outcomes,
        [key]: { ok: false, error: toEnvelope(error), at: Date.now() },
      },
    }));
    return null;
  }
}

/** Re-reads a process's facts from its own /proc (debounced when `soon`). */
export function refreshFacts(name: ProcessName, soon = false): void {
  clearTimeout(factTimers[name]);
  const load = async (): Promise<void> => {
    if (get().processes[name].state.status !== 'running') return;
    try {
      const facts = await lab().inspect({ process: name });
      updateProcess(name, () => ({ facts, state: facts.state }));
    } catch {
      // The process died meanwhile; its status event tells the user.
    }
  };
  if (soon) factTimers[name] = setTimeout(() => void load(), 150);
  else void load();
}

async function loadMemory(name: ProcessName): Promise<void> {
  const attachment = get().processes[name].state.attachment;
  if (attachment === null) {
    updateProcess(name, () => ({ memory: null, changes: [] }));
    return;
  }
  const length = Math.min(attachment.size, MAX_VIEW_BYTES);
  const read = await run(`read-${name}`, () =>
    lab().read({ process: name, offset: 0, length, peek: true }),
  );
  if (read !== null)
    updateProcess(name, () => ({ memory: Uint8Array.from(read.bytes), changes: [] }));
}

async function refreshStat(): Promise<void> {
  const segment = get().segment;
  if (segment === null) return;
  try {
    set({ stat: await lab().statSegment({ shmid: segment.shmid }) });
  } catch {
    set({ stat: null });
  }
}

/** Whether [offset, offset + length) covers a page that the last facts show without a frame. */
export function touchesPageWithoutFrame(
  facts: ProcessFacts | null,
  pageSize: number,
  offset: number,
  length: number,
): boolean {
  if (facts === null || facts.pages.length === 0) return true;
  const first = Math.floor(offset / pageSize);
  const last = Math.floor((offset + Math.max(length, 1) - 1) / pageSize);
  for (let page = first; page <= last; page += 1) {
    if (facts.pages[page]?.present !== true) return true;
  }
  return false;
}

function handleProcessState(state: ProcessState): void {
  const previous = get().processes[state.name].state;
  updateProcess(state.name, (view) => ({
    state,
    facts: state.status === 'running' ? view.facts : null,
    memory: state.attachment === null ? null : view.memory,
  }));
  if (state.attachment?.address !== previous.attachment?.address) void loadMemory(state.name);
  refreshFacts(state.name, true);
}

/** Connects the store to the Lab: loads the state and follows its events. */
export async function connectStore(
  labApi: LabApi,
  onStatus: (listener: (s: ConnectionStatus) => void) => void,
): Promise<void> {
  api = labApi;
  onStatus((connection) => set({ connection }));
  labApi.onProcessStatus(({ state }) => handleProcessState(state));
  labApi.onSegmentChanged(({ shmid, stat }) => {
    if (get().segment?.shmid === shmid) set({ stat });
  });
  labApi.onMemoryChanged((event) => {
    const view = get().processes[event.process];
    if (view.memory === null || view.state.attachment?.shmid !== event.shmid) return;
    const now = performance.now();
    const by = isOwnChange(get().ownWrites, event.process, event.offset, event.bytes.length, now)
      ? 'self'
      : 'other';
    // One store update per event: the log and the pane change together.
    set((store) => {
      const current = store.processes[event.process];
      return {
        changeLog: [...store.changeLog.slice(-(CHANGE_LOG_LENGTH - 1)), event],
        processes: {
          ...store.processes,
          [event.process]: {
            ...current,
            memory:
              current.memory === null
                ? null
                : applyPatch(current.memory, event.offset, event.bytes),
            changes: addMark(current.changes, {
              offset: event.offset,
              length: event.bytes.length,
              at: now,
              by,
            }),
          },
        },
      };
    });
    // A change can only alter the pagemap when it lands on a page this
    // process had no frame for; re-reading /proc costs the child real work.
    const { facts } = get().processes[event.process];
    const pageSize = get().system?.pageSize ?? 4096;
    if (touchesPageWithoutFrame(facts, pageSize, event.offset, event.bytes.length)) {
      refreshFacts(event.process, true);
    }
  });
  const state = await labApi.getState();
  const segment = state.segments.at(-1) ?? null;
  set({ system: state.system, segment, stat: segment?.stat ?? null });
  for (const name of ['A', 'B'] as const) handleProcessState(state.processes[name]);
}

// Actions the UI calls. Each records its outcome for the pane that asked.

export const actions = {
  createSegment: async (key: string, input: CommandInput<'createSegment'>) => {
    const segment = await run(key, () => lab().createSegment(input));
    if (segment !== null) set({ segment, stat: segment.stat });
    return segment;
  },
  attach: async (key: string, input: CommandInput<'attach'>) => {
    const state = await run(key, () => lab().attach(input));
    if (state !== null) {
      handleProcessState(state);
      void refreshStat();
    }
    return state;
  },
  detach: async (key: string, name: ProcessName) => {
    const state = await run(key, () => lab().detach({ process: name }));
    if (state !== null) {
      handleProcessState(state);
      void refreshStat();
    }
    return state;
  },
  write: (key: string, input: CommandInput<'write'>) => {
    // Mark the write as this pane's own before sending it: the process's
    // watcher may report the change before the command's reply arrives.
    const encoded = encodeValue(input.type, input.value, input.endian ?? 'le');
    if (encoded.ok) {
      const own: OwnWrite = {
        process: input.process,
        offset: input.offset,
        length: encoded.bytes.length,
        at: performance.now(),
      };
      set((store) => ({ ownWrites: [...store.ownWrites.slice(-20), own] }));
    }
    return run(key, () => lab().write(input));
  },
  read: (key: string, input: CommandInput<'read'>) => run(key, () => lab().read(input)),
  removeSegment: async (key: string) => {
    const segment = get().segment;
    if (segment === null) return null;
    const stat = await run(key, () => lab().removeSegment({ shmid: segment.shmid }));
    // null is also a success: the segment was gone at once (nobody attached).
    if (get().outcomes[key]?.ok === true) set({ stat });
    return stat;
  },
  respawn: async (key: string, name: ProcessName) => {
    const state = await run(key, () => lab().respawn({ process: name }));
    if (state !== null) handleProcessState(state);
    return state;
  },
  race: (key: string, input: CommandInput<'race'>) => run(key, () => lab().race(input)),
  inspectBoth: () => {
    refreshFacts('A');
    refreshFacts('B');
  },
  refreshStat,
};
