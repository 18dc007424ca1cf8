// The facts the diagram draws (maps, smaps, pagemap), re-read from the kernel after anything
// that could have changed them: every command, every watcher report, every process that
// appeared, attached, detached or ended. Nothing decides that an event cannot have changed a
// page table: a process's own read of a page another process wrote adds an entry to it, and so
// may things nobody foresaw. Reads are coalesced (one under way, one more queued behind it, for
// every trigger that came meanwhile) and made only while someone listens. Reports can come by
// the thousand a second (a free run's counter): those start a read at most once a frame, and
// read smaps (the dear part: the kernel walks every page table of the process to print it) at
// most four times a second, reusing the last figures in between; a command's read is always
// whole.
import type { FactsChangedEvent } from '../common/api';

/** One process the diagram draws, and how to read its facts now. */
export interface DrawnProcess {
  /** Stable while the process is the same one: 'A', 'B' or 'run 3 pid 4242'. */
  key: string;
  /**
   * Its facts now, or null when it ended meanwhile (nothing to draw). Without `smaps`, the smaps
   * figures are those of its last read (maps and pagemap are always read).
   */
  read(smaps: boolean): Promise<FactsChangedEvent | null>;
}

export interface FactsFollowerDeps {
  /** The processes drawn now. */
  drawn(): DrawnProcess[];
  /** Whether anyone listens for factsChanged (no tab, no read). */
  listening(): boolean;
  emit(event: FactsChangedEvent): void;
}

/** Reports start a read at most this often (ms): one 60 Hz frame. */
export const REPORT_READ_GAP_MS = 16;
/** Reads started by reports read smaps at most this often (ms). */
export const REPORT_SMAPS_GAP_MS = 250;

export class FactsFollower {
  private running: Promise<void> | null = null;
  private lastStart = -Infinity;
  private lastSmaps = -Infinity;
  private soon: NodeJS.Timeout | null = null;
  private queued: Promise<void> | null = null;
  /** Whether the read queued behind the one under way must read smaps. */
  private queuedSmaps = false;
  /** A read without smaps saw something change: smaps are owed (see refreshSoon). */
  private smapsOwed = false;
  /** What was last sent per process, to send only what changed. */
  private readonly sent = new Map<string, string>();

  constructor(private readonly deps: FactsFollowerDeps) {}

  /**
   * Re-reads every drawn process's facts and sends those that changed. Resolves once a read that
   * started after this call has finished (a read under way may have missed what just happened,
   * so a caller arriving mid-read waits for the next one, which serves every such caller).
   */
  refresh(smaps = true): Promise<void> {
    if (this.running === null) {
      this.lastStart = performance.now();
      this.running = this.readAll(smaps).finally(() => {
        this.running = null;
      });
      return this.running;
    }
    this.queuedSmaps ||= smaps;
    this.queued ??= this.running.then(() => {
      this.queued = null;
      const whole = this.queuedSmaps;
      this.queuedSmaps = false;
      return this.refresh(whole);
    });
    return this.queued;
  }

  /**
   * A report came (a watcher saw bytes change, a run was looked at): re-reads within one frame,
   * at once when the last read started longer ago than that.
   */
  refreshSoon(): void {
    if (this.soon !== null) return;
    const wait = this.lastStart + REPORT_READ_GAP_MS - performance.now();
    const start = (): void => {
      this.soon = null;
      void this.refresh(performance.now() - this.lastSmaps >= REPORT_SMAPS_GAP_MS);
    };
    if (wait <= 0) start();
    else {
      this.soon = setTimeout(start, wait);
      this.soon.unref();
    }
  }

  /** Cancels a read planned by refreshSoon (the Lab is closing). */
  stop(): void {
    if (this.soon !== null) clearTimeout(this.soon);
    this.soon = null;
  }

  /** Forgets what was sent, so the next read sends every process's facts (a new listener). */
  resend(): void {
    this.sent.clear();
  }

  private async readAll(smaps: boolean): Promise<void> {
    if (!this.deps.listening()) {
      this.sent.clear();
      return;
    }
    if (smaps) {
      this.lastSmaps = performance.now();
      this.smapsOwed = false;
    }
    const drawn = this.deps.drawn();
    const read = await Promise.all(
      drawn.map(async (process) => {
        try {
          return await process.read(smaps);
        } catch {
          // It ended between the list and the read: its exit is reported by its own event.
          return null;
        }
      }),
    );
    const keys = new Set(drawn.map((process) => process.key));
    for (const key of this.sent.keys()) if (!keys.has(key)) this.sent.delete(key);
    drawn.forEach((process, index) => {
      const event = read[index];
      if (event === null || event === undefined) return;
      const text = JSON.stringify(event);
      if (this.sent.get(process.key) === text) return;
      this.sent.set(process.key, text);
      this.deps.emit(event);
      if (!smaps) this.smapsOwed = true;
    });
    // A page table changed under smaps figures read earlier: read them within their gap.
    if (this.smapsOwed && this.soon === null) {
      const wait = Math.max(0, this.lastSmaps + REPORT_SMAPS_GAP_MS - performance.now());
      this.soon = setTimeout(() => {
        this.soon = null;
        void this.refresh(true);
      }, wait);
      this.soon.unref();
    }
  }
}
