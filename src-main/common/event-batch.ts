// Gathers the Lab's events emitted in the same turn of the event loop into one delivery, so a
// transport (the web host's socket, Electron's IPC) sends one message for them and the renderer
// applies them in one update. Pure: the caller gives the scheduler (setImmediate in Node).

/** One event and its payload, in the order the Lab emitted it. */
export interface BatchedEvent<N extends string = string> {
  event: N;
  payload: unknown;
}

/**
 * Returns `add`, which queues an event; the first event of a turn schedules `deliver`, which
 * then gets every event queued until it runs, in order.
 */
export function createEventBatcher<N extends string>(
  deliver: (events: BatchedEvent<N>[]) => void,
  schedule: (flush: () => void) => void,
): (event: N, payload: unknown) => void {
  let queued: BatchedEvent<N>[] = [];
  const flush = (): void => {
    const events = queued;
    queued = [];
    deliver(events);
  };
  return (event, payload) => {
    queued.push({ event, payload });
    if (queued.length === 1) schedule(flush);
  };
}
