// Gathers the Lab's events emitted in the same turn of the event loop into one delivery, so a
// transport (the web host's socket, Electron's IPC) sends one message for them and the renderer
// applies them in one update. Pure: the caller gives the scheduler (setImmediate in Node).

/** One event and its payload, in the order the Lab emitted it. */
export interface BatchedEvent<N extends string = string> {
  event: N;
  payload: unknown;
}

/** Queues an event; `flush` delivers what is queued now instead of at the scheduled time. */
export interface EventBatcher<N extends string> {
  (event: N, payload: unknown): void;
  flush(): void;
}

/**
 * Returns `add`, which queues an event; the first event of a turn schedules `deliver`, which
 * then gets every event queued until it runs, in order. `add.flush()` delivers at once (a
 * transport calls it before a reply, so a reply never overtakes an event emitted before it);
 * the scheduled run then finds nothing and delivers nothing.
 */
export function createEventBatcher<N extends string>(
  deliver: (events: BatchedEvent<N>[]) => void,
  schedule: (flush: () => void) => void,
): EventBatcher<N> {
  let queued: BatchedEvent<N>[] = [];
  let scheduled = false;
  const flush = (): void => {
    if (queued.length === 0) return;
    const events = queued;
    queued = [];
    deliver(events);
  };
  const add = (event: N, payload: unknown): void => {
    queued.push({ event, payload });
    if (scheduled) return; // a run is pending (even after a flush): it takes this one too
    scheduled = true;
    schedule(() => {
      scheduled = false;
      flush();
    });
  };
  return Object.assign(add, { flush });
}
