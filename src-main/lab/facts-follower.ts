// The facts the diagram draws (maps, smaps, pagemap), re-read from the kernel after anything
// that could have changed them: every command, every watcher report, every process that
// appeared, attached, detached or ended. Nothing decides that an event cannot have changed a
// page table: a process's own read of a page another process wrote adds an entry to it, and so
// may things nobody foresaw. Reads are coalesced (one under way, one more queued behind it, for
// every trigger that came meanwhile) and made only while someone listens.
//
// Two paces. maps and pagemap (what the picture draws: regions, present pages, frames) are read
// at once after a command, before its answer, and within a frame of a report (reports can come
// by the thousand a second: a free run's counter). smaps figures cost the kernel a walk of every
// page table of the process (2-3 ms for a Node child), so a read without them owes them, and
// they follow within REPORT_SMAPS_GAP_MS, at most that often, on a lane of their own: a command's
// answer never waits behind them. Such a read only refreshes the figures each reader keeps; the
// light read it then starts sends them, so what is sent is never older than what was sent. A learner's program reports
// nothing of its own loads and stores, so while one runs its page tables (and only its) are read
// once a frame.
import type { FactsChangedEvent } from '../common/api';

/** One process the diagram draws, and how to read its facts now. */
export interface DrawnProcess {
  /** Stable while the process is the same one: 'A', 'B' or 'run 3 pid 4242'. */
  key: string;
  /** A process of a learner's run (followed once a frame while it runs). */
  ofRun: boolean;
  /**
   * Its facts now, or null when it ended meanwhile (nothing to draw). Without `smaps`, the smaps
   * figures are those of its last read with them (maps and pagemap are always read). Its maps
   * are the same object while their text is the same.
   */
  read(smaps: boolean): Promise<FactsChangedEvent | null>;
}

export interface FactsFollowerDeps {
  /** The processes drawn now. */
  drawn(): DrawnProcess[];
  /** Whether anyone listens for factsChanged (no tab, no read). */
  listening(): boolean;
  emit(event: FactsChangedEvent): void;
  /** How often smaps are read at most (ms; REPORT_SMAPS_GAP_MS unless a test asks otherwise). */
  smapsGapMs?: number;
}

/** Reports start a read at most this often (ms): one 60 Hz frame. */
export const REPORT_READ_GAP_MS = 16;
/** smaps are read at most this often (ms), and at the latest this long after they were owed. */
export const REPORT_SMAPS_GAP_MS = 250;

/** Whether two reads of one process show the same (maps compared by identity: see read). */
function sameFacts(a: FactsChangedEvent, b: FactsChangedEvent): boolean {
  if (a.facts.maps !== b.facts.maps) return false;
  const rest = (event: FactsChangedEvent): string => JSON.stringify({ ...event.facts, maps: null });
  return rest(a) === rest(b);
}

export class FactsFollower {
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  /** The smaps read under way, on its own lane. */
  private readingSmaps = false;
  /** The next read sends what a smaps read just read: it owes no smaps itself. */
  private smapsFresh = false;
  private lastStart = -Infinity;
  /** When smaps were last read: the first are read a gap after the follower starts. */
  private lastSmaps = performance.now();
  /** A read within a frame of a report, planned. */
  private soon: NodeJS.Timeout | null = null;
  /** A read with smaps, planned (a read without them owes one). */
  private smapsDue: NodeJS.Timeout | null = null;
  /** Reads the runs' processes once a frame while there are any (followRuns). */
  private runs: NodeJS.Timeout | null = null;
  private runsReading = false;
  /** What was last sent per process, to send only what changed. */
  private readonly sent = new Map<string, FactsChangedEvent>();

  constructor(private readonly deps: FactsFollowerDeps) {}

  /**
   * Re-reads every drawn process's facts (smaps only when `smaps`) and sends those that changed.
   * Resolves once a read that started after this call has finished (a read under way may have
   * missed what just happened, so a caller arriving mid-read waits for the next one, which
   * serves every such caller).
   */
  refresh(): Promise<void> {
    if (this.running === null) {
      this.lastStart = performance.now();
      this.running = this.readAll().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    this.queued ??= this.running.then(() => {
      this.queued = null;
      return this.refresh();
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
    if (wait <= 0) {
      void this.refresh();
      return;
    }
    this.soon = setTimeout(() => {
      this.soon = null;
      void this.refresh();
    }, wait);
    this.soon.unref();
  }

  /**
   * A run's processes were looked at: while any is drawn, read their page tables (theirs only,
   * without smaps) once a frame, since their own loads and stores report nothing. Stops by
   * itself once no run has a process left.
   */
  followRuns(): void {
    if (this.runs !== null) return;
    this.runs = setInterval(() => {
      if (this.runsReading) return;
      const drawn = this.deps.listening() ? this.deps.drawn().filter((p) => p.ofRun) : [];
      if (drawn.length === 0) {
        clearInterval(this.runs!);
        this.runs = null;
        return;
      }
      this.runsReading = true;
      void this.readSome(drawn).finally(() => (this.runsReading = false));
    }, REPORT_READ_GAP_MS);
    this.runs.unref();
  }

  /** Cancels the reads planned (the Lab is closing). */
  stop(): void {
    for (const timer of [this.soon, this.smapsDue]) if (timer !== null) clearTimeout(timer);
    if (this.runs !== null) clearInterval(this.runs);
    this.soon = null;
    this.smapsDue = null;
    this.runs = null;
  }

  /** Forgets what was sent, so the next read sends every process's facts (a new listener). */
  resend(): void {
    this.sent.clear();
  }

  private async readAll(): Promise<void> {
    if (!this.deps.listening()) {
      this.sent.clear();
      return;
    }
    if (this.smapsFresh) this.smapsFresh = false;
    else this.oweSmaps();
    const drawn = this.deps.drawn();
    const keys = new Set(drawn.map((process) => process.key));
    for (const key of this.sent.keys()) if (!keys.has(key)) this.sent.delete(key);
    await this.readSome(drawn);
  }

  /** Reads every drawn process's smaps figures (kept by its reader), then sends them. */
  private async readSmaps(): Promise<void> {
    if (this.readingSmaps || !this.deps.listening()) return;
    this.readingSmaps = true;
    this.lastSmaps = performance.now();
    try {
      await Promise.all(this.deps.drawn().map((process) => process.read(true).catch(() => null)));
    } finally {
      this.readingSmaps = false;
    }
    this.smapsFresh = true;
    void this.refresh();
  }

  /** Reads `drawn` (without smaps) and sends what changed since the last read of each. */
  private async readSome(drawn: readonly DrawnProcess[]): Promise<void> {
    const read = await Promise.all(
      drawn.map(async (process) => {
        try {
          return await process.read(false);
        } catch {
          // It ended between the list and the read: its exit is reported by its own event.
          return null;
        }
      }),
    );
    drawn.forEach((process, index) => {
      const event = read[index];
      if (event === null || event === undefined) return;
      const last = this.sent.get(process.key);
      if (last !== undefined && sameFacts(last, event)) return;
      this.sent.set(process.key, event);
      this.deps.emit(event);
    });
  }

  /** Plans a read of smaps, at the latest REPORT_SMAPS_GAP_MS after the last one. */
  private oweSmaps(): void {
    if (this.smapsDue !== null || this.readingSmaps) return;
    const gap = this.deps.smapsGapMs ?? REPORT_SMAPS_GAP_MS;
    const wait = Math.max(0, this.lastSmaps + gap - performance.now());
    this.smapsDue = setTimeout(() => {
      this.smapsDue = null;
      void this.readSmaps();
    }, wait);
    this.smapsDue.unref();
  }
}
