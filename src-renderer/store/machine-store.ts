// The machine view's store: the last snapshot of every IPC object on this machine (machine()),
// each table's rows tracked across snapshots (gone ones kept until dismissed), and the view's own
// choices (open, tab, sorting, filter, the expanded row). Polling is driven by the view while it is
// open and the page visible (see useMachinePolling).
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type {
  LabApi,
  MachineMessageQueue,
  MachineSegment,
  MachineSemaphoreSet,
  MachineSnapshot,
  PosixShmObject,
  SemaphoreSetStat,
} from '../../src-main/common/api';
import type { ErrorEnvelope } from '../../src-main/common/errors';
import { toEnvelope } from '../../src-main/common/errors';
import type { MachineTab } from '../components/machine/machine-columns';
import { ROW_KEYS } from '../components/machine/machine-columns';
import type { RowFilter, SortState } from '../components/machine/machine-table-model';
import { nextSort } from '../components/machine/machine-table-model';
import type { TrackedRow } from '../components/machine/machine-tracking';
import { dismissAllGone, dismissRow, trackRows } from '../components/machine/machine-tracking';
import { labApi } from './lab-store';
import { machineOpenInHash } from '../components/machine/machine-hash';

/** Each table's tracked rows. */
export interface MachineTables {
  shm: TrackedRow<MachineSegment>[];
  sem: TrackedRow<MachineSemaphoreSet>[];
  msg: TrackedRow<MachineMessageQueue>[];
  posix: TrackedRow<PosixShmObject>[];
}

/** The answer of statSemaphore for one set. */
export type SemaphoreStatAnswer =
  | { ok: true; stat: SemaphoreSetStat; at: number }
  | { ok: false; error: ErrorEnvelope; at: number };

export interface MachineState {
  /** Whether the view is open (its place in the address follows it). */
  open: boolean;
  tab: MachineTab;
  /** The last snapshot that arrived; null before the first. */
  snapshot: MachineSnapshot | null;
  tables: MachineTables;
  /** takenAt of the first snapshot since the store was made (rows seen later are "new"). */
  firstTakenAt: number | null;
  /** The last refresh's failure; null once one succeeded again. */
  error: ErrorEnvelope | null;
  /** machine() calls made (each refresh is one). */
  refreshes: number;
  sorts: Record<MachineTab, SortState>;
  filter: RowFilter;
  /** The row key whose details are open (keys name their table, so it survives a tab switch). */
  expanded: string | null;
  semaphoreStats: Partial<Record<number, SemaphoreStatAnswer>>;
}

const initial = (open: boolean): MachineState => ({
  open,
  tab: 'shm',
  snapshot: null,
  tables: { shm: [], sem: [], msg: [], posix: [] },
  firstTakenAt: null,
  error: null,
  refreshes: 0,
  sorts: {
    shm: { column: 'shmid', direction: 'ascending' },
    sem: { column: 'semid', direction: 'ascending' },
    msg: { column: 'msqid', direction: 'ascending' },
    posix: { column: 'name', direction: 'ascending' },
  },
  filter: { text: '', onlyLab: false },
  expanded: null,
  semaphoreStats: {},
});

/** The tables after a new snapshot. */
export function tablesAfter(tables: MachineTables, snapshot: MachineSnapshot): MachineTables {
  const at = snapshot.takenAt;
  return {
    shm: trackRows(tables.shm, snapshot.segments, ROW_KEYS.shm, at),
    sem: trackRows(tables.sem, snapshot.semaphoreSets, ROW_KEYS.sem, at),
    msg: trackRows(tables.msg, snapshot.messageQueues, ROW_KEYS.msg, at),
    posix: trackRows(tables.posix, snapshot.posix, ROW_KEYS.posix, at),
  };
}

/** The tables with one table's rows replaced by `edit` of them (the same edit fits any row type). */
function editTable(
  tables: MachineTables,
  tab: MachineTab,
  edit: <T>(rows: readonly TrackedRow<T>[]) => TrackedRow<T>[],
): MachineTables {
  switch (tab) {
    case 'shm':
      return { ...tables, shm: edit(tables.shm) };
    case 'sem':
      return { ...tables, sem: edit(tables.sem) };
    case 'msg':
      return { ...tables, msg: edit(tables.msg) };
    case 'posix':
      return { ...tables, posix: edit(tables.posix) };
  }
}

function createActions(store: StoreApi<MachineState>, lab: () => LabApi) {
  const set = store.setState;
  let refreshing: Promise<void> | null = null;
  const refresh = (): Promise<void> => {
    // One machine() at a time: a click that asks for a refresh during one waits for it.
    refreshing ??= (async () => {
      set((s) => ({ refreshes: s.refreshes + 1 }));
      try {
        const snapshot = await lab().machine();
        set((s) => ({
          snapshot,
          tables: tablesAfter(s.tables, snapshot),
          firstTakenAt: s.firstTakenAt ?? snapshot.takenAt,
          error: null,
        }));
      } catch (error) {
        set({ error: toEnvelope(error) });
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  };
  return {
    refresh,
    setOpen: (open: boolean) => set({ open }),
    setTab: (tab: MachineTab) => set({ tab }),
    sortBy: (tab: MachineTab, column: string) =>
      set((s) => ({ sorts: { ...s.sorts, [tab]: nextSort(s.sorts[tab], column) } })),
    setFilter: (filter: Partial<RowFilter>) => set((s) => ({ filter: { ...s.filter, ...filter } })),
    toggleExpanded: (key: string) => set((s) => ({ expanded: s.expanded === key ? null : key })),
    /** Removes a gone row from its table (a present row stays). */
    dismiss: (tab: MachineTab, key: string) =>
      set((s) => ({ tables: editTable(s.tables, tab, (rows) => dismissRow(rows, key)) })),
    dismissAllGone: (tab: MachineTab) =>
      set((s) => ({ tables: editTable(s.tables, tab, dismissAllGone) })),
    /** semctl IPC_STAT (and each semaphore's values) of one set, kept by semid. */
    statSemaphore: async (semid: number) => {
      let answer: SemaphoreStatAnswer;
      try {
        answer = { ok: true, stat: await lab().statSemaphore({ semid }), at: Date.now() };
      } catch (error) {
        answer = { ok: false, error: toEnvelope(error), at: Date.now() };
      }
      set((s) => ({ semaphoreStats: { ...s.semaphoreStats, [semid]: answer } }));
      return answer;
    },
  };
}

export type MachineActions = ReturnType<typeof createActions>;

/** A machine store over `lab` (a test passes its own Lab). */
export function createMachineStore(
  lab: () => LabApi,
  open = false,
): { store: StoreApi<MachineState>; actions: MachineActions } {
  const store = createStore<MachineState>()(() => initial(open));
  return { store, actions: createActions(store, lab) };
}

// Opened from the address on load ('#view=machine'), before the first render.
const windowStore = createMachineStore(
  labApi,
  typeof window !== 'undefined' && machineOpenInHash(window.location.hash),
);

/** Reads the window's machine store; re-renders when the selected value changes. */
export function useMachineStore<T>(selector: (state: MachineState) => T): T {
  return useStore(windowStore.store, selector);
}

/** The window's machine store state now. */
export function getMachineState(): MachineState {
  return windowStore.store.getState();
}

/** What the machine view does. */
export const machineActions = windowStore.actions;
