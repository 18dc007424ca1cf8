// The synchronisation lab's part of the store (issue 9): the semaphore set the panes use and its
// live IPC_STAT, the semops that wait, the free run's progress, and the stepped programs. Its
// actions run commands through the same `run` as the rest of the store, so every answer lands
// under its control's outcome key (outcomes.ts); lab-store.ts creates it and feeds it the Lab's
// semopFinished and raceProgress events.
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type {
  Instruction,
  ProcessName,
  RaceProgressEvent,
  RaceVariant,
  SemaphoreSetStat,
  SemopFinishedEvent,
  SemopResult,
} from '../../src-main/common/api';
import { toEnvelope } from '../../src-main/common/errors';
import type { CommandInput } from '../../src-main/common/schemas';
import type { Core } from './store-core';
import { handleProcessState, run, updateProcess } from './store-core';
import type { ProgramName, ProgramOp, StepLogEntry } from './sync-programs';
import { PROGRAMS, cursorIndex } from './sync-programs';
import type { SyncState } from './sync-state';
import { COUNTER_OFFSET, initialSyncState, semaphoreOps, withStep } from './sync-state';

function createSyncActions(core: Core, sync: StoreApi<SyncState>) {
  const lab = core.lab;
  const pidOf = (name: ProcessName): number | null =>
    core.store.getState().processes[name].state.pid;
  // Counts semopFinished events per process, so a 'waiting' reply that arrives after its own
  // wait already ended does not mark the process as waiting again.
  const endCount: Record<ProcessName, number> = { A: 0, B: 0 };

  const takeStat = (stat: SemaphoreSetStat): void => {
    if (sync.getState().set?.semid === stat.semid) sync.setState({ stat, statError: null });
  };
  const refreshSet = async (): Promise<void> => {
    const set = sync.getState().set;
    if (set === null) return;
    try {
      takeStat(await lab().statSemaphore({ semid: set.semid }));
    } catch (error) {
      if (sync.getState().set?.semid === set.semid)
        sync.setState({ stat: null, statError: toEnvelope(error) });
    }
  };
  const logStep = (program: ProgramName, entry: StepLogEntry): void => {
    const pid = pidOf(entry.process);
    sync.setState((s) => withStep(s, program, entry, pid));
  };

  /**
   * P() or V() made by `process` itself. `confirmedSet` is the semid whose change the learner
   * confirmed although this Lab did not create it; the Lab is told so only if that is still the
   * panes' set, so a consent never carries over to a set semget returned since.
   */
  const semop = async (
    process: ProcessName,
    op: 'P' | 'V',
    undo: boolean,
    program: ProgramName | null = null,
    confirmedSet: number | null = null,
  ): Promise<SemopResult | null> => {
    const set = sync.getState().set;
    if (set === null) return null;
    const endsBefore = endCount[process];
    const confirmForeign = confirmedSet === set.semid;
    const result = await run(
      core,
      `semop-${process}`,
      process,
      () => lab().semop({ process, semid: set.semid, ops: semaphoreOps(op, undo), confirmForeign }),
      (answer) => {
        takeStat(answer.stat);
        if (answer.status === 'waiting' && endCount[process] === endsBefore) {
          const wait = { pid: pidOf(process), semid: set.semid, program, thread: answer.thread };
          sync.setState((s) => ({ waits: { ...s.waits, [process]: wait } }));
        }
        if (answer.status === 'done' && program !== null)
          logStep(program, { process, op, register: null, counter: null });
      },
    );
    void refreshSet();
    return result;
  };

  return {
    refreshSet,
    /** semget (+ SETVAL when the Lab made the set); the set becomes the panes' set. */
    createSemaphore: (input: CommandInput<'createSemaphore'>) =>
      run(
        core,
        'semget',
        null,
        () => lab().createSemaphore(input),
        (set) => sync.setState({ set, stat: set.stat, statError: null }),
      ),
    /** SETVAL of semaphore 0 of the panes' set (`confirmedSet` as for semop). */
    setValue: async (value: number, confirmedSet: number | null = null) => {
      const set = sync.getState().set;
      if (set === null) return null;
      const confirmForeign = confirmedSet === set.semid;
      return run(
        core,
        'setval',
        null,
        () => lab().setSemaphoreValue({ semid: set.semid, semnum: 0, value, confirmForeign }),
        takeStat,
      );
    },
    /**
     * IPC_RMID of the panes' set (a process waiting on it wakes with EIDRM); `confirmedSet` as
     * for semop.
     */
    removeSet: async (confirmedSet: number | null = null) => {
      const set = sync.getState().set;
      if (set === null) return null;
      const confirmForeign = confirmedSet === set.semid;
      const removed = await run(core, 'semrm', null, () =>
        lab().removeSemaphore({ semid: set.semid, confirmForeign }),
      );
      await refreshSet();
      return removed;
    },
    semop,
    cancelSemop: (process: ProcessName) =>
      run(core, `cancel-semop-${process}`, process, async () => {
        await lab().cancelSemop({ process });
        return null;
      }),
    /** /proc/<pid>/task/<tid>/stat and wchan of the thread making the process's semop. */
    readThread: (process: ProcessName) =>
      run(
        core,
        `thread-${process}`,
        process,
        () => lab().threadState({ process }),
        (thread) =>
          sync.setState((s) => {
            const wait = s.waits[process];
            return wait === null ? {} : { waits: { ...s.waits, [process]: { ...wait, thread } } };
          }),
      ),
    /** A real SIGKILL; resolves with the exited state. */
    kill: async (process: ProcessName) => {
      sync.setState((s) => ({ killSent: { ...s.killSent, [process]: Date.now() } }));
      const state = await run(
        core,
        `kill-${process}`,
        process,
        () => lab().killProcess({ process, signal: 'SIGKILL' }),
        (exited) => handleProcessState(core, exited),
      );
      await refreshSet();
      return state;
    },
    /**
     * One instruction of a program, in `process` (P and V are semops with `undo` off, and
     * `confirmedSet` as for semop).
     */
    step: async (
      program: ProgramName,
      process: ProcessName,
      confirmedSet: number | null = null,
    ) => {
      const index = cursorIndex(sync.getState().cursors[program][process], pidOf(process));
      const op: ProgramOp = PROGRAMS[program][index] ?? 'load';
      if (op === 'P' || op === 'V') return semop(process, op, false, program, confirmedSet);
      const instruction: Instruction = op;
      return run(
        core,
        `step-${process}`,
        process,
        () => lab().step({ process, instruction, offset: COUNTER_OFFSET }),
        (result) =>
          logStep(program, {
            process,
            op,
            register: result.register,
            counter: result.counter,
          }),
      );
    },
    /**
     * Zeroes the counter (a write in A), clears both registers (resetSteps) and the program's
     * log; the start is the counter as B then reads it.
     */
    resetProgram: async (program: ProgramName) => {
      sync.setState((s) => ({
        logs: { ...s.logs, [program]: [] },
        cursors: { ...s.cursors, [program]: {} },
        starts: { ...s.starts, [program]: null },
      }));
      const zero = { process: 'A' as const, offset: COUNTER_OFFSET, type: 'u32' as const };
      const written = await run(core, 'step-zero', 'A', () =>
        lab().write({ ...zero, value: '0', endian: 'le' }),
      );
      if (written === null) return false;
      let start: number | null = null;
      for (const process of ['A', 'B'] as const) {
        const reset = await run(core, `step-${process}`, process, () =>
          lab().resetSteps({ process, offset: COUNTER_OFFSET }),
        );
        if (reset === null) return false;
        start = reset.counter;
      }
      sync.setState((s) => ({ starts: { ...s.starts, [program]: start } }));
      return true;
    },
    /** One free run of `variant`; its progress arrives as raceProgress events. */
    race: async (variant: RaceVariant, times: number) => {
      sync.setState({ racing: variant, progress: null });
      try {
        return await run(core, `race-${variant}`, null, () =>
          lab().race({ offset: COUNTER_OFFSET, times, variant }),
        );
      } finally {
        sync.setState({ racing: null });
      }
    },
    /** Drops every variant's last result, so a new series never shows beside an old one. */
    forgetRaces: () =>
      core.store.setState((s) => {
        const outcomes = { ...s.outcomes };
        delete outcomes['race-plain'];
        delete outcomes['race-semaphore'];
        delete outcomes['race-atomic'];
        return { outcomes };
      }),
    cancelRace: () =>
      run(core, 'race-cancel', null, async () => {
        await lab().cancelRace();
        return null;
      }),
    /** B's /proc/<pid>/maps now, for the pointer pane. */
    inspectForPointer: (process: ProcessName) =>
      run(
        core,
        'pointer-maps',
        process,
        () => lab().inspect({ process }),
        (facts) => {
          updateProcess(core, process, () => ({ facts }));
          handleProcessState(core, facts.state);
        },
      ),
    /** Takes a semopFinished event: the wait is over, and how. */
    semopFinished: (event: SemopFinishedEvent) => {
      endCount[event.process] += 1;
      const pid = pidOf(event.process);
      const end = { event, pid, seq: core.nextSeq(), at: Date.now() };
      // One update: the wait ends, and a stepped P() moves its program on, together.
      sync.setState((s) => {
        const wait = s.waits[event.process];
        const ended = {
          waits: { ...s.waits, [event.process]: null },
          ends: { ...s.ends, [event.process]: end },
        };
        if (event.outcome !== 'done' || wait === null || wait.program === null) return ended;
        const entry = { process: event.process, op: 'P' as const, register: null, counter: null };
        return { ...ended, ...withStep(s, wait.program, entry, pid) };
      });
      if (event.stat !== null) takeStat(event.stat);
      void refreshSet();
    },
    raceProgress: (event: RaceProgressEvent) => sync.setState({ progress: event }),
  };
}

/** The synchronisation store of one lab store. */
export interface SyncStore {
  store: StoreApi<SyncState>;
  actions: ReturnType<typeof createSyncActions>;
}

/** Makes the synchronisation part of the store whose internals are `core`. */
export function createSyncStore(core: Core): SyncStore {
  const store = createStore<SyncState>()(() => initialSyncState());
  return { store, actions: createSyncActions(core, store) };
}
