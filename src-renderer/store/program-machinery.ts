// The program store's event side: the Lab's program events (output, processes, facts, exits)
// applied in order even when they overtake runProgram's answer, and nattch read with IPC_STAT
// around each exit that detached something. The /proc facts of the run's processes come from
// the Lab, which re-reads them after anything that could change them.
import type { StoreApi } from 'zustand/vanilla';
import type {
  ProgramExitedEvent,
  ProgramOutputEvent,
  ProgramProcessFacts,
  ProgramProcessesEvent,
  ProgramRun,
} from '../../src-main/common/api';
import { applyExited, applyFacts, applyProcesses } from './program-events';
import { createOutputChannel } from './program-output';
import type {
  ExitDetach,
  NattchReading,
  ProgramEventSink,
  ProgramStoreDeps,
  ProgramStoreState,
} from './program-store-state';

type QueuedEvent =
  | { kind: 'output'; event: ProgramOutputEvent }
  | { kind: 'processes'; event: ProgramProcessesEvent }
  | { kind: 'facts'; event: { runId: number; facts: ProgramProcessFacts } }
  | { kind: 'exited'; event: ProgramExitedEvent };

/** The most events of a run kept while its runProgram answer is still on its way. */
const QUEUE_LIMIT = 2000;

/** The machinery of one program store: its event sink, output channel, facts and readings. */
export function createProgramMachinery(store: StoreApi<ProgramStoreState>, deps: ProgramStoreDeps) {
  const set = store.setState;
  const get = store.getState;
  const output = createOutputChannel();
  // Events can overtake the answer of runProgram; those of a run not known yet wait here.
  let awaitingRun = false;
  let queued: QueuedEvent[] = [];
  // nattch while attached: the last IPC_STAT read while a process of the run had the segment.
  const attachedReadings = new Map<number, NattchReading>();
  let attachmentKey = '';
  let exitCount = 0;

  const isCurrent = (runId: number): boolean => get().run?.runId === runId;
  const awaitsThis = (runId: number): boolean => awaitingRun && !isCurrent(runId);
  const enqueue = (event: QueuedEvent): void => {
    if (queued.length < QUEUE_LIMIT) queued.push(event);
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
    else if (item.kind === 'facts') sink.facts(item.event.facts);
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
      if (after !== before) noteAttachments();
    },
    facts(facts) {
      if (awaitsThis(facts.process.runId))
        return enqueue({ kind: 'facts', event: { runId: facts.process.runId, facts } });
      set((s) => applyFacts(s, facts));
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
    startRun,
    beginAwaitingRun: () => {
      awaitingRun = true;
      queued = [];
    },
    endAwaitingRun: () => {
      awaitingRun = false;
      queued = [];
    },
    dispose: () => undefined,
  };
}

export type ProgramMachinery = ReturnType<typeof createProgramMachinery>;
