// The segments the Lab knows: those it created (owned: recorded for the
// crash sweep the moment shmget returns, removed at exit) and foreign ones
// it opened by key or attached by id (watched, never removed). Re-reads
// what the kernel holds for each, to report changes made by anyone.
import type { SegmentChangedEvent, SegmentInfo, SegmentStat } from '../common/api';
import type { ShmKernel } from './kernel';
import type { SegmentRegistry } from './registry';
import { observeSegment, segmentInfo } from './segment-stat';

interface Tracked {
  info: SegmentInfo;
  lastStat: string;
}

export class SegmentBook {
  /** Ids this Lab created and has not seen disappear; removed at exit. */
  private readonly owned = new Set<number>();
  private readonly tracked = new Map<number, Tracked>();
  /** Ids this Lab knew that have since disappeared: for "it was removed" messages. */
  private readonly gone = new Set<number>();

  constructor(
    private readonly kernel: ShmKernel,
    private readonly registry: SegmentRegistry | null,
    private readonly onChanged: (event: SegmentChangedEvent) => void,
  ) {}

  /** Marks `shmid` as created by this Lab and records it on disk, before anything else runs. */
  recordCreated(shmid: number, key: number): void {
    this.owned.add(shmid);
    this.gone.delete(shmid);
    this.registry?.add(shmid, key);
  }

  owns(shmid: number): boolean {
    return this.owned.has(shmid);
  }

  /** Whether this Lab knew the segment and saw it disappear. */
  wasRemoved(shmid: number): boolean {
    return this.gone.has(shmid);
  }

  /** Starts (or goes on) watching a segment with this view of it. */
  put(info: SegmentInfo): void {
    this.tracked.set(info.shmid, { info, lastStat: JSON.stringify(info.stat) });
  }

  /** Starts watching a segment attached by id; what was asked is unknown, so shows the kernel's. */
  trackById(shmid: number): void {
    if (this.tracked.has(shmid)) return;
    const stat = observeSegment(this.kernel, shmid);
    if (stat === null) return;
    const requested = { key: stat.key, size: stat.segsz, flags: 0 };
    this.put(segmentInfo(stat, this.owns(shmid), requested));
  }

  /** The segments this Lab created that still exist. */
  ownedSegments(): SegmentInfo[] {
    return [...this.tracked.values()]
      .map((segment) => segment.info)
      .filter((info) => this.owned.has(info.shmid));
  }

  /**
   * Re-reads every watched segment; reports and applies what changed, also to the crash record
   * (its ctime follows an IPC_SET). The Lab's look, also when the record retries a write that
   * failed and now and then re-reads what the Lab does not watch.
   */
  refresh(): void {
    this.registry?.followKernel();
    for (const [shmid, segment] of this.tracked) {
      let stat: SegmentStat | null;
      try {
        stat = observeSegment(this.kernel, shmid);
      } catch {
        continue; // /proc unreadable for a moment: try again at the next tick
      }
      const serialized = JSON.stringify(stat);
      if (serialized === segment.lastStat) continue;
      segment.lastStat = serialized;
      if (stat === null) this.forget(shmid);
      else {
        segment.info = { ...segment.info, stat };
        if (this.owned.has(shmid)) this.registry?.segmentChanged(shmid, stat);
      }
      this.onChanged({ shmid, stat });
    }
  }

  /** IPC_RMID of every segment this Lab created; synchronous, so it can run on a crash. */
  removeOwned(): void {
    for (const shmid of this.owned) {
      try {
        this.kernel.remove(shmid);
      } catch {
        // Already removed (by the user, or another program): nothing left to do.
      }
    }
    this.owned.clear();
    this.tracked.clear();
  }

  /** Stops watching a segment that no longer exists (and drops it from the crash record). */
  forget(shmid: number): void {
    this.tracked.delete(shmid);
    this.gone.add(shmid);
    if (this.owned.delete(shmid)) this.registry?.remove(shmid);
  }
}
