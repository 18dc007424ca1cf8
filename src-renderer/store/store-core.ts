// The store's machinery, shared by its actions and its event handlers: running a command for a
// control, following process states, memory and segment stats. lab-store.ts assembles it.
import type { StoreApi } from 'zustand/vanilla';
import type { LabApi, ProcessFacts, ProcessName, ProcessState } from '../../src-main/common/api';
import type { ErrorEnvelope } from '../../src-main/common/errors';
import { toEnvelope } from '../../src-main/common/errors';
import { MAX_VIEW_WINDOW } from '../../src-main/common/schemas';
import type { Outcome, OutcomeKey, OutcomeValues } from './outcomes';
import { withoutObsolete } from './outcomes';
import { MISSING_CODES } from './segment-ownership';
import type { SegmentLookup } from './segment-ownership';
import type { LabStoreState, ProcessView } from './store-state';
import { shmidsInView, stateKey } from './store-state';
import { viewWindow } from './store-memory';

/** Own writes remembered to tell 'self' from 'other' changes. */
export const OWN_WRITES_KEPT = 20;

/** One store's internals: its state, its Lab, its sequence, its timers. */
export interface Core {
  store: StoreApi<LabStoreState>;
  lab(): LabApi;
  /** The next number of the store's sequence (orders outcomes against state changes). */
  nextSeq(): number;
  latestRun: Map<OutcomeKey, number>;
  /** How many facts each process's view took: an inspect answered after newer ones is stale. */
  factsTaken: Record<ProcessName, number>;
  /** How many stats each segment's lookup took (see lookUpSegment). */
  lookupsTaken: Map<number, number>;
  /**
   * Runs a store update that the screen should show at once (memory changes). The window's store
   * passes React's flushSync, so the DOM holds the new bytes when the update returns instead of
   * after a render scheduled in a later task; tests without React run it as is.
   */
  commitNow(update: () => void): void;
}

export function updateProcess(
  core: Core,
  name: ProcessName,
  update: (view: ProcessView) => Partial<ProcessView>,
): void {
  core.store.setState((s) => ({
    processes: { ...s.processes, [name]: { ...s.processes[name], ...update(s.processes[name]) } },
  }));
}

/**
 * Runs a command for the control `key`: its previous outcome goes at once (it answered an older
 * action), `apply` puts the reply's state in the store, then the outcome is recorded, unless a
 * newer action of the same key started meanwhile. Returns the value, or null on failure.
 */
export async function run<K extends OutcomeKey>(
  core: Core,
  key: K,
  about: ProcessName | null,
  work: () => Promise<OutcomeValues[K]>,
  apply?: (value: OutcomeValues[K]) => void,
): Promise<OutcomeValues[K] | null> {
  const token = (core.latestRun.get(key) ?? 0) + 1;
  core.latestRun.set(key, token);
  const record = (
    answer: { ok: true; value: OutcomeValues[K] } | { ok: false; error: ErrorEnvelope },
  ): void => {
    if (core.latestRun.get(key) !== token) return;
    const entry: Outcome<OutcomeValues[K]> = {
      ...answer,
      at: Date.now(),
      seq: core.nextSeq(),
      about,
    };
    core.store.setState((s) => ({ outcomes: { ...s.outcomes, [key]: entry } }));
  };
  // The command goes out first (work() sends it before its first await); the store changes
  // after, in the same task, so nothing the reply or an event does can come in between.
  let pending: Promise<OutcomeValues[K]>;
  try {
    pending = work();
  } catch (error) {
    pending = Promise.reject(error as Error);
  }
  core.store.setState((s) => {
    const outcomes = { ...s.outcomes };
    delete outcomes[key];
    return { outcomes };
  });
  try {
    const value = await pending;
    apply?.(value);
    record({ ok: true, value });
    return value;
  } catch (error) {
    record({ ok: false, error: toEnvelope(error) });
    return null;
  }
}

/**
 * Takes a child's facts (the Lab's factsChanged, or an inspect's answer) while they describe the
 * process the store shows: the same pid, still running.
 */
export function applyFacts(core: Core, facts: ProcessFacts): void {
  const { name } = facts.state;
  const shown = core.store.getState().processes[name].state;
  if (shown.pid !== facts.state.pid || shown.status !== 'running') return;
  core.factsTaken[name] += 1;
  updateProcess(core, name, () => ({ facts }));
}

/**
 * Asks the child for its facts now: the first look of a page that connected to a Lab whose
 * facts it has not been sent. Later changes come from the Lab by themselves (factsChanged); an
 * answer that arrives after any of them is older than what the store holds, and is dropped.
 */
export function refreshFacts(core: Core, name: ProcessName): void {
  if (core.store.getState().processes[name].state.status !== 'running') return;
  const taken = core.factsTaken[name];
  void core
    .lab()
    .inspect({ process: name })
    .then(
      (facts) => {
        if (core.factsTaken[name] === taken) applyFacts(core, facts);
      },
      () => undefined, // the process died meanwhile; its status event tells the user
    );
}

/** Pages in the first window a pane views of an attachment (at most MAX_VIEW_WINDOW bytes). */
const FIRST_WINDOW_PAGES = 4;

/**
 * (Re)loads what the pane shows of `name`'s mapping: the window it viewed, while the attachment is
 * the same (a reconciled state), else the first pages of the new attachment.
 */
function loadMemory(core: Core, name: ProcessName, sameAttachment: boolean): void {
  const view = core.store.getState().processes[name];
  const { attachment } = view.state;
  if (attachment === null) return;
  if (sameAttachment && view.memory !== null) {
    void viewWindow(core, name, view.memoryOffset, view.memory.length);
    return;
  }
  const pageSize = core.store.getState().system?.pageSize ?? MAX_VIEW_WINDOW;
  const first = Math.min(attachment.size, FIRST_WINDOW_PAGES * pageSize, MAX_VIEW_WINDOW);
  void viewWindow(core, name, 0, first);
}

export function setLookup(core: Core, shmid: number, lookup: SegmentLookup): void {
  core.lookupsTaken.set(shmid, (core.lookupsTaken.get(shmid) ?? 0) + 1);
  core.store.setState((s) => ({
    lookups: { ...s.lookups, [shmid]: lookup },
    ...(s.segment?.shmid === shmid ? { stat: lookup.kind === 'stat' ? lookup.stat : null } : {}),
  }));
}

/**
 * IPC_STAT of `shmid`, kept in the store unless a newer reading (a segmentChanged event, another
 * answer) arrived while it was on its way: the Lab reads a stat, then answers; an exit meanwhile
 * is sent as an event before that answer, and the answer must not put the old count back.
 */
export async function lookUpSegment(core: Core, shmid: number): Promise<SegmentLookup> {
  const taken = core.lookupsTaken.get(shmid) ?? 0;
  let lookup: SegmentLookup;
  try {
    lookup = { kind: 'stat', stat: await core.lab().statSegment({ shmid }), at: Date.now() };
  } catch (error) {
    const envelope = toEnvelope(error);
    lookup = MISSING_CODES.has(envelope.code)
      ? { kind: 'missing', error: envelope, at: Date.now() }
      : { kind: 'refused', error: envelope, at: Date.now() };
  }
  if ((core.lookupsTaken.get(shmid) ?? 0) === taken) setLookup(core, shmid, lookup);
  return lookup;
}

/** Re-stats every segment on screen. */
export async function refreshStats(core: Core): Promise<void> {
  await Promise.all(shmidsInView(core.store.getState()).map((id) => lookUpSegment(core, id)));
}

/**
 * Takes a process's state from an event or a reply. A change of pid, status or attachment makes
 * the process's older outcomes obsolete and reloads what depends on it; `force` (a 'reconciled'
 * event: the Lab re-asked the child after a timeout) reloads even when the state looks the same,
 * so a pane that waited on a lost reply is never left stuck.
 */
export function handleProcessState(core: Core, state: ProcessState, force = false): void {
  const previous = core.store.getState().processes[state.name];
  const changed = stateKey(previous.state) !== stateKey(state);
  const attachmentChanged =
    stateKey({ ...previous.state, status: 'running' }) !==
    stateKey({ ...state, status: 'running' });
  core.store.setState((s) => {
    const view = s.processes[state.name];
    const changedSeq = changed ? core.nextSeq() : view.changedSeq;
    return {
      processes: {
        ...s.processes,
        [state.name]: {
          ...view,
          state,
          facts: state.status === 'running' ? view.facts : null,
          memory: attachmentChanged || state.attachment === null ? null : view.memory,
          memoryOffset: attachmentChanged ? 0 : view.memoryOffset,
          changes: attachmentChanged ? [] : view.changes,
          changedPages: attachmentChanged ? [] : view.changedPages,
          changedSeq,
        },
      },
      outcomes: changed ? withoutObsolete(s.outcomes, state.name, changedSeq) : s.outcomes,
    };
  });
  if (!changed && !force) return;
  if (attachmentChanged || force) {
    loadMemory(core, state.name, !attachmentChanged);
    const shmid = state.attachment?.shmid;
    if (shmid !== undefined && core.store.getState().lookups[shmid] === undefined)
      void lookUpSegment(core, shmid);
  }
  refreshFacts(core, state.name);
}
