// The Lab's events, typed by name: what the UI subscribes to with onX.
import type { LabEventMap, Unsubscribe } from '../common/api';
import type { EventName } from '../common/channels';

type Listener<E extends EventName> = (payload: LabEventMap[E]) => void;

export class EventBus {
  private readonly listeners: { [E in EventName]: Set<Listener<E>> } = {
    memoryChanged: new Set(),
    pagesChanged: new Set(),
    processStatus: new Set(),
    segmentChanged: new Set(),
    semopFinished: new Set(),
    raceProgress: new Set(),
    programOutput: new Set(),
    programProcesses: new Set(),
    programExited: new Set(),
    factsChanged: new Set(),
    crashRecords: new Set(),
  };

  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: Listener<E>): Unsubscribe {
    const set = this.listeners[event] as Set<Listener<E>>;
    set.add(listener);
    return () => void set.delete(listener);
  }

  /** Whether anyone listens for `event`. */
  listens(event: EventName): boolean {
    return this.listeners[event].size > 0;
  }

  emit<E extends EventName>(event: E, payload: LabEventMap[E]): void {
    for (const listener of this.listeners[event] as Set<Listener<E>>) listener(payload);
  }
}
