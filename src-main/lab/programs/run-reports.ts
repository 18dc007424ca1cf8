// What one run tells the UI besides its output: the list of its processes when it changed, and
// each process's end, the last one saying the run is over and what stopping it removed. Output
// read so far always goes out first, so the terminal and the events read in order.
import type { ProgramExitedEvent, ProgramProcess } from '../../common/api';
import type { OutputQueue } from './output-queue';
import type { ProcessExit } from './run-processes';

export interface RunEvents {
  output(runId: number, data: string): void;
  processes(runId: number, processes: ProgramProcess[]): void;
  exited(event: ProgramExitedEvent): void;
  /**
   * The run's processes were looked at (every pollMs while it goes): what they did to their own
   * page tables (a load, a store) no event reports, so their facts are read again at this pace.
   */
  looked(): void;
}

/** The System V objects stopping a run removed. */
export interface RemovedObjects {
  segments: number[];
  sets: number[];
}

export class RunReports {
  /**
   * The signals sent at the wall-clock limit once it was reached (filled as they are sent), else
   * null: every exit sent after it carries them.
   */
  wallClockSignals: string[] | null = null;
  private pendingExits: ProgramExitedEvent[] = [];
  private lastList = '';

  constructor(
    private readonly runId: number,
    private readonly events: RunEvents,
    private readonly queue: OutputQueue,
  ) {}

  /** Holds exits found by a look until the next sendExits. */
  addExits(exits: readonly ProcessExit[]): void {
    for (const exit of exits) {
      this.pendingExits.push({
        runId: this.runId,
        ...exit,
        runOver: false,
        removedSegments: [],
        removedSemaphoreSets: [],
        wallClockSignals: null,
      });
    }
  }

  /**
   * Sends the exits held; with `over`, the last of them ends the run and names what stopping it
   * removed.
   */
  sendExits(over: RemovedObjects | null): void {
    const exits = this.pendingExits;
    this.pendingExits = [];
    if (exits.length === 0) return;
    this.queue.flush();
    const wallClockSignals = this.wallClockSignals === null ? null : [...this.wallClockSignals];
    exits.forEach((event, index) => {
      const last = over !== null && index === exits.length - 1;
      this.events.exited(
        last
          ? {
              ...event,
              runOver: true,
              removedSegments: over.segments,
              removedSemaphoreSets: over.sets,
              wallClockSignals,
            }
          : { ...event, wallClockSignals },
      );
    });
  }

  /** A line of the Lab's own in the run's terminal, e.g. that a limit was reached. */
  notice(text: string): void {
    this.queue.push(`\r\n[ShmLab: ${text}]\r\n`);
  }

  /** The pids of the last list sent: the processes a page knows of, whose facts it can draw. */
  listed: number[] = [];

  /** Sends the list of processes when it changed. */
  sendList(list: ProgramProcess[]): void {
    const key = JSON.stringify(list);
    if (key === this.lastList) return;
    this.lastList = key;
    this.listed = list.map((process) => process.pid);
    this.queue.flush();
    this.events.processes(this.runId, list);
  }
}
