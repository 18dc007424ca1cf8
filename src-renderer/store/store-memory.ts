// What a pane shows of a process's mapping: the window it views (viewMemory), the changes the
// process reports inside it (memoryChanged, coalesced into one store update per task) and the
// pages outside it that changed (pagesChanged).
import type { MemoryChangedEvent, PagesChangedEvent, ProcessName } from '../../src-main/common/api';
import type { ChangeMark } from './memory';
import { addChangedPages, addMarks, applyPatches, isOwnChange, overlapsWindow } from './memory';
import type { Core } from './store-core';
import { run, updateProcess } from './store-core';
import { CHANGE_LOG_LENGTH } from './store-state';
import type { ProcessView } from './store-state';

/** Events received but not yet in the store, per store. */
const queues = new WeakMap<Core, MemoryChangedEvent[]>();
/** The newest window request per store and process; older replies are dropped. */
const latestView = new WeakMap<Core, Record<ProcessName, number>>();

/**
 * Takes a memoryChanged event. Events that arrive in the same task (a batch from the host, or a
 * burst) are applied together in a microtask: one copy of the window and one store update, and
 * still before the browser's next frame.
 */
export function queueMemoryChanged(core: Core, event: MemoryChangedEvent): void {
  let queue = queues.get(core);
  if (queue === undefined) {
    queue = [];
    queues.set(core, queue);
  }
  queue.push(event);
  if (queue.length === 1) {
    queueMicrotask(() => core.commitNow(() => applyMemoryChanges(core, queue.splice(0))));
  }
}

/** The pane's view after `events` (those for its attachment) changed its mapping. */
function viewAfter(
  view: ProcessView,
  events: readonly MemoryChangedEvent[],
  marks: readonly ChangeMark[],
  outside: readonly number[],
  now: number,
): ProcessView {
  return {
    ...view,
    memory:
      view.memory === null || marks.length === 0
        ? view.memory
        : applyPatches(view.memory, view.memoryOffset, events),
    changes: marks.length === 0 ? view.changes : addMarks(view.changes, marks),
    changedPages:
      outside.length === 0 ? view.changedPages : addChangedPages(view.changedPages, outside, now),
  };
}

/** Applies memoryChanged events, all reported by now, in one store update. */
function applyMemoryChanges(core: Core, events: readonly MemoryChangedEvent[]): void {
  const { getState, setState } = core.store;
  const state = getState();
  const now = performance.now();
  const pageSize = state.system?.pageSize ?? null;
  const next: Partial<Record<ProcessName, ProcessView>> = {};
  const logged: MemoryChangedEvent[] = [];
  for (const name of ['A', 'B'] as const) {
    const view = state.processes[name];
    const mine = events.filter(
      (event) =>
        event.process === name &&
        view.memory !== null &&
        view.state.attachment?.shmid === event.shmid,
    );
    if (mine.length === 0 || view.memory === null) continue;
    const size = view.memory.length;
    const marks: ChangeMark[] = [];
    const outside = new Set<number>();
    for (const event of mine) {
      const length = event.bytes.length;
      if (overlapsWindow(event.offset, length, view.memoryOffset, size)) {
        const own = isOwnChange(state.ownWrites, name, event.offset, length, now);
        marks.push({ offset: event.offset, length, at: now, by: own ? 'self' : 'other' });
      } else if (pageSize !== null) {
        // Reported outside the window (a watcher that still watches everything): the bytes are
        // not on screen, so the change shows as its pages, like a pagesChanged event.
        const last = Math.floor((event.offset + Math.max(length, 1) - 1) / pageSize);
        for (let page = Math.floor(event.offset / pageSize); page <= last; page += 1)
          outside.add(page);
      }
    }
    next[name] = viewAfter(view, mine, marks, [...outside], now);
    logged.push(...mine);
  }
  if (logged.length === 0) return;
  setState((s) => ({
    changeLog: [...s.changeLog, ...logged].slice(-CHANGE_LOG_LENGTH),
    processes: { ...s.processes, ...next },
  }));
}

/** Marks the pages outside the window that the process reported changed. */
export function handlePagesChanged(core: Core, event: PagesChangedEvent): void {
  const view = core.store.getState().processes[event.process];
  if (view.state.attachment?.shmid !== event.shmid || event.pages.length === 0) return;
  updateProcess(core, event.process, (current) => ({
    changedPages: addChangedPages(current.changedPages, event.pages, performance.now()),
  }));
}

/** Whether the window [offset, offset + length) shows all of page `page` that the segment has. */
function shows(offset: number, length: number, page: number, pageSize: number, size: number) {
  const start = page * pageSize;
  const end = Math.min(start + pageSize, size);
  return start >= offset && end <= offset + length;
}

/**
 * Asks process `name` for the window [offset, offset + length) of its mapping (viewMemory) and
 * shows it once it answers, unless the attachment changed or a newer window was asked for
 * meanwhile. Pages marked changed that the window now shows lose their mark.
 */
export async function viewWindow(
  core: Core,
  name: ProcessName,
  offset: number,
  length: number,
): Promise<void> {
  const attachment = core.store.getState().processes[name].state.attachment;
  if (attachment === null) return;
  const requests = latestView.get(core) ?? { A: 0, B: 0 };
  latestView.set(core, requests);
  const token = (requests[name] += 1);
  const pageSize = core.store.getState().system?.pageSize ?? null;
  await run(
    core,
    `memory-${name}`,
    name,
    () => core.lab().viewMemory({ process: name, offset, length }),
    (read) => {
      const now = core.store.getState().processes[name].state.attachment;
      // A reply for an attachment since replaced would show another segment's bytes.
      if (now?.shmid !== attachment.shmid || now.address !== attachment.address) return;
      if (requests[name] !== token) return;
      updateProcess(core, name, (view) => ({
        memory: Uint8Array.from(read.bytes),
        memoryOffset: read.offset,
        changedPages:
          pageSize === null
            ? view.changedPages
            : view.changedPages.filter(
                ({ page }) =>
                  !shows(read.offset, read.bytes.length, page, pageSize, attachment.size),
              ),
      }));
    },
  );
}
