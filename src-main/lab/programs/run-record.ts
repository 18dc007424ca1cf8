// The processes of one run that the run record holds for the crash sweep: each as it appears,
// by pid and start time, until it ends (a group leader until the run is over: the sweep kills
// its group through it). One write for what one look found.
import type { SegmentRegistry } from '../registry';
import type { SeenProcess } from './processes';
import type { ProcessIdentity } from './run-processes';

export class RecordedProcesses {
  /** What the record holds for this run, by `${pid}/${startTime}`. */
  private readonly held = new Map<string, ProcessIdentity>();

  constructor(private readonly registry: SegmentRegistry | null) {}

  /** Records the processes seen first and forgets the ended ones, in one write. */
  update(seen: readonly SeenProcess[], ended: readonly ProcessIdentity[]): void {
    if (seen.length === 0 && ended.length === 0) return;
    // Seen and ended in one look (a zombie seen first): in neither the record nor this map.
    for (const { pid, startTime } of seen) this.held.set(`${pid}/${startTime}`, { pid, startTime });
    for (const { pid, startTime } of ended) this.held.delete(`${pid}/${startTime}`);
    this.registry?.updateProgramProcesses(
      seen.map(({ pid, startTime, pgid }) => ({ pid, startTime, pgid })),
      ended,
    );
  }

  /** Forgets every process of the run still recorded (the run is over). */
  forgetAll(): void {
    this.update([], [...this.held.values()]);
  }
}
