// What a Lab is made of, and how the parts are connected: the books of the segments and
// semaphore sets it owns, the two children's slots and where each of their reports goes, the
// trackers of writes, semops and free runs, and the learner's programs.
import type { ProcessName, SystemInfo } from '../common/api';
import type { ChildHost } from './child-host';
import { drawnProcesses } from './drawn-processes';
import { EventBus } from './event-bus';
import { FactsFollower } from './facts-follower';
import type { ShmKernel } from './kernel';
import { nativeKernel } from './kernel';
import * as memory from './memory-commands';
import { ProcessSlot } from './process-slot';
import type { ProgramOptions } from './programs/programs';
import { Programs } from './programs/programs';
import { FreeRuns } from './race';
import type { SegmentRegistry } from './registry';
import { SegmentBook } from './segment-book';
import { SemaphoreBook } from './semaphore-book';
import { SemopTracker } from './semops';
import { Writes } from './write-command';

export interface LabOptions {
  host: ChildHost;
  hostKind: SystemInfo['host'];
  /** Where created segments are recorded for crash cleanup; null disables it. */
  registry: SegmentRegistry | null;
  /** Main's own syscalls on segments; the addon unless a test hands in another. */
  kernel?: ShmKernel;
  /** How often IPC_STAT is re-read to report changes made by anyone (ms). */
  statPollMs?: number;
  /** How long a child may take to answer a request (ms; default 10 000). */
  requestTimeoutMs?: number;
  /** How long a write's answer waits for the others to look (ms; default LOOK_WAIT_MS). */
  lookWaitMs?: number;
  /**
   * Whether the learner's own programs may be run (issue 11). The web host turns it off with
   * --no-run; compiling stays possible. Default true.
   */
  runPrograms?: boolean;
  /** Where cc is looked for, the limits, the stop grace (tests shorten them). */
  programs?: ProgramOptions;
  /** Where protocol problems are reported (default: a process warning). */
  warn?: (text: string) => void;
}

export interface LabParts {
  events: EventBus;
  /** Re-reads the drawn processes' facts; see facts-follower.ts. */
  facts: FactsFollower;
  kernel: ShmKernel;
  book: SegmentBook;
  semaphoreBook: SemaphoreBook;
  semops: SemopTracker;
  slots: Record<ProcessName, ProcessSlot>;
  writes: Writes;
  freeRuns: FreeRuns;
  programs: Programs;
}

/** Makes the parts of a Lab and connects them; the children are not spawned yet. */
export function connectLabParts(options: LabOptions): LabParts {
  const events = new EventBus();
  // The run record serves the crash sweep only: when it cannot be written, the UI says so.
  options.registry?.onCrashRecordsChanged((off) => events.emit('crashRecords', { off }));
  const kernel = options.kernel ?? nativeKernel;
  const book = new SegmentBook(kernel, options.registry, (event) =>
    events.emit('segmentChanged', event),
  );
  const warn = options.warn ?? ((text: string) => process.emitWarning(text));
  const semaphoreBook = new SemaphoreBook(options.registry);
  const semops = new SemopTracker(semaphoreBook, (event) => events.emit('semopFinished', event));
  // A child reports only once it runs, when every part below exists (the listeners reach
  // `slots`, `writes` and `freeRuns`, which are made after the slots).
  const slotFor = (name: ProcessName): ProcessSlot =>
    new ProcessSlot(
      name,
      options.host,
      {
        onStatus: (change, state) => {
          if (change === 'exited') {
            book.refresh();
            semops.onExited(name);
            freeRuns.onExited(name);
          }
          if (state.attachment !== null) book.trackById(state.attachment.shmid);
          events.emit('processStatus', { change, state });
        },
        onChanged: (shmid, changes, pages) =>
          writes.report(name, () =>
            memory.reportChanges(events, slots[name].current, shmid, changes, pages),
          ),
        onMalformed: warn,
        onSync: (message) => {
          if (message.type === 'semopFinished') semops.onFinished(name, message);
          else freeRuns.onFinished(name, message);
        },
      },
      { requestTimeoutMs: options.requestTimeoutMs, lookWaitMs: options.lookWaitMs },
    );
  const slots = { A: slotFor('A'), B: slotFor('B') };
  const writes = new Writes(slots);
  const freeRuns = new FreeRuns(slots, semaphoreBook, (event) =>
    events.emit('raceProgress', event),
  );
  const programs = new Programs({
    runPrograms: options.runPrograms ?? true,
    registry: options.registry,
    events,
    ownsSegment: (shmid) => book.owns(shmid),
    ownsSemaphoreSet: (semid) => semaphoreBook.owns(semid),
    options: options.programs ?? {},
    looked: () => {
      facts.refreshSoon();
      facts.followRuns();
    },
  });
  const facts = new FactsFollower({
    drawn: () => drawnProcesses(slots, programs),
    listening: () => events.listens('factsChanged'),
    emit: (event) => events.emit('factsChanged', event),
  });
  // What can change a drawn process's page tables or maps, besides the commands (the gates
  // wait for a read after each): its own accesses, reported by the watchers, and processes
  // appearing, attaching, detaching and ending. The attach count follows the latter.
  for (const event of ['memoryChanged', 'pagesChanged'] as const)
    events.on(event, () => facts.refreshSoon());
  for (const event of ['processStatus', 'programProcesses', 'programExited'] as const)
    events.on(event, () => {
      book.refresh();
      void facts.refresh();
    });
  return { events, facts, kernel, book, semaphoreBook, semops, slots, writes, freeRuns, programs };
}
