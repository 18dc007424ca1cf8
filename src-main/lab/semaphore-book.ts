// The semaphore sets this Lab created: recorded for the crash sweep the moment semget returns
// their id, removed at exit. Sets opened by key without creating them are never listed here.
import { native } from './native';
import type { SegmentRegistry } from './registry';

export class SemaphoreBook {
  private readonly owned = new Set<number>();
  /** Ids this Lab created or removed that are gone: for "it was removed" messages. */
  private readonly gone = new Set<number>();

  constructor(private readonly registry: SegmentRegistry | null) {}

  /** Marks `semid` as created by this Lab and records it on disk, before anything else runs. */
  recordCreated(semid: number, key: number): void {
    this.owned.add(semid);
    this.gone.delete(semid);
    this.registry?.addSemaphoreSet(semid, key);
  }

  owns(semid: number): boolean {
    return this.owned.has(semid);
  }

  /** Whether this Lab knew the set and saw it go. */
  wasRemoved(semid: number): boolean {
    return this.gone.has(semid);
  }

  /** A SETVAL of ours moved the set's change time: the crash record follows at once. */
  noteChanged(semid: number): void {
    if (this.owned.has(semid)) this.registry?.setChanged(semid);
  }

  /** Drops a set that no longer exists (and its crash record). */
  forget(semid: number): void {
    this.gone.add(semid);
    if (this.owned.delete(semid)) this.registry?.removeSemaphoreSet(semid);
  }

  /** IPC_RMID of every set this Lab created; synchronous, so it can run on a crash. */
  removeOwned(): void {
    for (const semid of this.owned) {
      try {
        native.semctl(semid, 0, 'IPC_RMID');
      } catch {
        // Already removed (by the learner, or another program): nothing left to do.
      }
    }
    this.owned.clear();
  }
}
