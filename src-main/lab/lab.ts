// The Lab: owns the segments it creates and the two child processes, runs
// every command the UI sends, and reports what the kernel and the children
// saw. Main's own syscalls go through the injected ShmKernel (the addon in
// the app); shmat/shmdt and memory access happen in the children.
import type {
  CommandOutput,
  LabEventMap,
  ProcessName,
  ProcessState,
  SegmentInfo,
  SegmentStat,
  SystemInfo,
  Unsubscribe,
} from '../common/api';
import { LabError } from '../common/errors';
import type { CommandName, EventName } from '../common/channels';
import type { ParsedInput } from '../common/schemas';
import { readSysvShm } from '../proc/sysvipc-shm';
import type { ChildHost } from './child-host';
import { EventBus } from './event-bus';
import { writableAttachment } from './attachment-checks';
import { describeSystem } from './frame-visibility';
import type { ShmKernel } from './kernel';
import { nativeKernel } from './kernel';
import { readMachine } from './machine';
import { existingSegment, requireAttachAllowed } from './ownership';
import { ProcessSlot } from './process-slot';
import { killChild } from './kill-child';
import { FreeRuns } from './race';
import { SemaphoreBook } from './semaphore-book';
import * as semaphores from './semaphore-commands';
import { SemopTracker } from './semops';
import * as stepping from './stepping';
import type { SegmentRegistry } from './registry';
import { SegmentBook } from './segment-book';
import * as memory from './memory-commands';
import { Writes } from './write-command';
import * as segments from './segment-commands';
import type { SweepReport } from './sweep';
import { sweepDeadRuns } from './sweep';
import type { ProgramOptions } from './programs/programs';
import { Programs } from './programs/programs';

/** Every command, taking its validated input. The gates call these. */
export type LabService = {
  [K in CommandName]: (input: ParsedInput<K>) => Promise<CommandOutput<K>>;
};

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

const PROCESS_NAMES: readonly ProcessName[] = ['A', 'B'];

export class Lab implements LabService {
  private readonly slots: Record<ProcessName, ProcessSlot>;
  private readonly events = new EventBus();
  private readonly kernel: ShmKernel;
  private readonly book: SegmentBook;
  private readonly semaphoreBook: SemaphoreBook;
  private readonly semops: SemopTracker;
  private readonly freeRuns: FreeRuns;
  private readonly statTimer: NodeJS.Timeout;
  private disposed = false;
  private readonly writes: Writes;
  private readonly programs: Programs;
  private constructor(
    private readonly options: LabOptions,
    private readonly system: SystemInfo,
  ) {
    this.kernel = options.kernel ?? nativeKernel;
    this.book = new SegmentBook(this.kernel, options.registry, (event) =>
      this.events.emit('segmentChanged', event),
    );
    const warn = options.warn ?? ((text: string) => process.emitWarning(text));
    const slotFor = (name: ProcessName): ProcessSlot =>
      new ProcessSlot(
        name,
        options.host,
        {
          onStatus: (change, state) => {
            if (change === 'exited') {
              this.book.refresh();
              this.semops.onExited(name);
              this.freeRuns.onExited(name);
            }
            if (state.attachment !== null) this.book.trackById(state.attachment.shmid);
            this.events.emit('processStatus', { change, state });
          },
          onChanged: (shmid, changes, pages) =>
            this.writes.report(name, () =>
              memory.reportChanges(this.events, this.slots[name].current, shmid, changes, pages),
            ),
          onMalformed: warn,
          onSync: (message) => {
            if (message.type === 'semopFinished') this.semops.onFinished(name, message);
            else this.freeRuns.onFinished(name, message);
          },
        },
        { requestTimeoutMs: options.requestTimeoutMs, lookWaitMs: options.lookWaitMs },
      );
    this.semaphoreBook = new SemaphoreBook(options.registry);
    this.semops = new SemopTracker(this.semaphoreBook, (event) =>
      this.events.emit('semopFinished', event),
    );
    this.slots = { A: slotFor('A'), B: slotFor('B') };
    this.writes = new Writes(this.slots);
    this.freeRuns = new FreeRuns(this.slots, this.semaphoreBook, (event) =>
      this.events.emit('raceProgress', event),
    );
    this.programs = new Programs({
      runPrograms: options.runPrograms ?? true,
      registry: options.registry,
      events: this.events,
      ownsSegment: (shmid) => this.book.owns(shmid),
      ownsSemaphoreSet: (semid) => this.semaphoreBook.owns(semid),
      options: options.programs ?? {},
    });
    this.statTimer = setInterval(() => this.book.refresh(), options.statPollMs ?? 500);
    this.statTimer.unref();
  }

  /** What the crash sweep at start removed (segments of killed earlier runs). */
  sweptAtStart: SweepReport | null = null;

  /**
   * Removes what killed earlier runs left behind, creates a Lab and waits
   * until both children are running. The registry has written this run's
   * record already, before any shmget.
   */
  static async start(options: LabOptions): Promise<Lab> {
    const stateDir = options.registry?.stateDir ?? null;
    const swept = stateDir === null ? null : sweepDeadRuns(stateDir, options.kernel);
    const lab = new Lab(options, await describeSystem(options.hostKind));
    lab.sweptAtStart = swept;
    try {
      await Promise.all(PROCESS_NAMES.map((name) => lab.slots[name].spawn()));
    } catch (error) {
      lab.dispose();
      throw error;
    }
    return lab;
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: LabEventMap[E]) => void): Unsubscribe {
    return this.events.on(event, listener);
  }

  // ── This machine (issue 10) ──────────────────────────────────────────────────────────────
  async machine(): Promise<CommandOutput<'machine'>> {
    const labProcesses = new Map<number, ProcessName | 'host'>([[this.system.hostPid, 'host']]);
    for (const name of PROCESS_NAMES) {
      const { pid } = this.slots[name].current;
      if (pid !== null) labProcesses.set(pid, name);
    }
    return readMachine({
      pageSize: this.system.pageSize,
      ownsSegment: (shmid) => this.book.owns(shmid),
      ownsSemaphoreSet: (semid) => this.semaphoreBook.owns(semid),
      labProcesses,
    });
  }
  // ── end of this machine ──────────────────────────────────────────────────────────────────

  // ── Your own program (issue 11) ──────────────────────────────────────────────────────────
  async compilerInfo(): Promise<CommandOutput<'compilerInfo'>> {
    return this.programs.compilerInfo();
  }

  async compileProgram(
    input: ParsedInput<'compileProgram'>,
  ): Promise<CommandOutput<'compileProgram'>> {
    return this.programs.compile(input);
  }

  async runProgram(input: ParsedInput<'runProgram'>): Promise<CommandOutput<'runProgram'>> {
    return this.programs.run(input);
  }

  async programInput(input: ParsedInput<'programInput'>): Promise<void> {
    return this.programs.input(input);
  }

  async resizeProgram(input: ParsedInput<'resizeProgram'>): Promise<void> {
    return this.programs.resize(input);
  }

  async stopProgram(input: ParsedInput<'stopProgram'>): Promise<CommandOutput<'stopProgram'>> {
    return this.programs.stop(input);
  }

  async inspectProgramProcess(
    input: ParsedInput<'inspectProgramProcess'>,
  ): Promise<CommandOutput<'inspectProgramProcess'>> {
    return this.programs.inspect(input);
  }

  async ftok(input: ParsedInput<'ftok'>): Promise<CommandOutput<'ftok'>> {
    return this.programs.ftok(input);
  }
  // ── end of your own program ──────────────────────────────────────────────────────────────

  async getState(): Promise<CommandOutput<'getState'>> {
    return {
      system: this.system,
      processes: { A: this.slots.A.snapshot, B: this.slots.B.snapshot },
      segments: this.book.ownedSegments(),
    };
  }

  async listSegments(): Promise<CommandOutput<'listSegments'>> {
    return readSysvShm();
  }

  async createSegment(input: ParsedInput<'createSegment'>): Promise<SegmentInfo> {
    return segments.createSegment(this.kernel, this.book, input);
  }

  async statSegment(input: ParsedInput<'statSegment'>): Promise<SegmentStat> {
    return segments.statSegment(this.kernel, input.shmid);
  }

  async setSegmentMode(input: ParsedInput<'setSegmentMode'>): Promise<SegmentStat> {
    return segments.setSegmentMode(this.kernel, this.book, input);
  }

  async removeSegment(input: ParsedInput<'removeSegment'>): Promise<SegmentStat | null> {
    return segments.removeSegment(this.kernel, this.book, input);
  }

  async attach(input: ParsedInput<'attach'>): Promise<ProcessState> {
    requireAttachAllowed(this.kernel, this.book, input.shmid, input);
    const slot = this.slots[input.process];
    let reply;
    try {
      reply = await slot.request({
        op: 'attach',
        shmid: input.shmid,
        address: input.address ?? null,
        readOnly: input.readOnly,
        round: input.round,
      });
    } catch (error) {
      // shmat's EINVAL covers a bad address and a missing id alike: say which.
      if ((error as { code?: unknown }).code === 'EINVAL') {
        existingSegment(this.kernel, this.book, input.shmid, 'shmat');
      }
      throw error;
    }
    const state = slot.setAttachment(reply);
    this.book.trackById(input.shmid);
    this.events.emit('processStatus', { change: 'attached', state });
    this.book.refresh();
    return state;
  }

  async detach(input: ParsedInput<'detach'>): Promise<ProcessState> {
    const slot = this.slots[input.process];
    try {
      await slot.request({ op: 'detach' });
    } catch (error) {
      // The child has nothing attached while our record says otherwise (say
      // after a timed-out request): the child is right, so clear the record.
      const stale =
        (error as { code?: unknown }).code === 'E_NOT_ATTACHED' && slot.current.attachment !== null;
      if (!stale) throw error;
      const state = slot.setAttachment(null);
      this.events.emit('processStatus', { change: 'reconciled', state });
      this.book.refresh();
      return state;
    }
    const state = slot.setAttachment(null);
    this.events.emit('processStatus', { change: 'detached', state });
    this.book.refresh();
    return state;
  }

  async write(input: ParsedInput<'write'>): Promise<CommandOutput<'write'>> {
    return this.writes.write(input);
  }

  async viewMemory(input: ParsedInput<'viewMemory'>): Promise<CommandOutput<'viewMemory'>> {
    return memory.viewMemory(this.slots[input.process], input);
  }

  async read(input: ParsedInput<'read'>): Promise<CommandOutput<'read'>> {
    return memory.readMemory(this.slots[input.process], input);
  }

  async inspect(input: ParsedInput<'inspect'>): Promise<CommandOutput<'inspect'>> {
    const slot = this.slots[input.process];
    const facts = await slot.request({ op: 'inspect' });
    return { ...facts, state: slot.snapshot };
  }

  async respawn(input: ParsedInput<'respawn'>): Promise<ProcessState> {
    const slot = this.slots[input.process];
    if (slot.current.status !== 'exited') {
      throw new LabError(
        'E_BAD_INPUT',
        `process ${input.process} is ${slot.current.status}; only an exited process can be respawned`,
      );
    }
    return slot.spawn();
  }

  async race(input: ParsedInput<'race'>): Promise<CommandOutput<'race'>> {
    for (const name of PROCESS_NAMES) {
      writableAttachment(this.slots[name].current, input.offset, 4, 'a u32 counter');
    }
    return this.freeRuns.run(input);
  }

  // ── Synchronisation (issue 9) ────────────────────────────────────────────────────────────
  async cancelRace(): Promise<void> {
    await this.freeRuns.cancel();
  }

  async step(input: ParsedInput<'step'>): Promise<CommandOutput<'step'>> {
    return stepping.step(this.slots, input);
  }

  async resetSteps(input: ParsedInput<'resetSteps'>): Promise<CommandOutput<'resetSteps'>> {
    return stepping.resetSteps(this.slots[input.process], input);
  }

  async createSemaphore(
    input: ParsedInput<'createSemaphore'>,
  ): Promise<CommandOutput<'createSemaphore'>> {
    return semaphores.createSemaphore(this.semaphoreBook, input);
  }

  async statSemaphore(
    input: ParsedInput<'statSemaphore'>,
  ): Promise<CommandOutput<'statSemaphore'>> {
    return semaphores.statSemaphore(this.semaphoreBook, input.semid);
  }

  async setSemaphoreValue(
    input: ParsedInput<'setSemaphoreValue'>,
  ): Promise<CommandOutput<'setSemaphoreValue'>> {
    return semaphores.setSemaphoreValue(this.semaphoreBook, input);
  }

  async removeSemaphore(
    input: ParsedInput<'removeSemaphore'>,
  ): Promise<CommandOutput<'removeSemaphore'>> {
    return semaphores.removeSemaphore(this.semaphoreBook, input);
  }

  async semop(input: ParsedInput<'semop'>): Promise<CommandOutput<'semop'>> {
    return this.semops.semop(this.slots[input.process], input);
  }

  async cancelSemop(input: ParsedInput<'cancelSemop'>): Promise<void> {
    await this.semops.cancel(this.slots[input.process]);
  }

  async threadState(input: ParsedInput<'threadState'>): Promise<CommandOutput<'threadState'>> {
    return this.semops.threadState(input.process);
  }

  async killProcess(input: ParsedInput<'killProcess'>): Promise<CommandOutput<'killProcess'>> {
    return killChild(this.slots[input.process], input.signal);
  }
  // ── end of synchronisation ───────────────────────────────────────────────────────────────

  /**
   * dispose(), then waits until both children and every process of a program have exited, so
   * segments marked for destruction are gone when it resolves.
   */
  async close(): Promise<void> {
    const exits = PROCESS_NAMES.map((name) => this.slots[name].whenExited());
    this.dispose();
    await Promise.all([...exits, this.programs.whenGone()]);
  }

  /** Sends a signal to a child, as a user with `kill` would (tests, bench). */
  signal(name: ProcessName, signal: NodeJS.Signals): void {
    this.slots[name].kill(signal);
  }

  /**
   * Stops the children and the learner's programs, and removes every segment and semaphore set
   * this Lab created or attributed to a program. Safe to call more than once, and synchronous so
   * it can run on a crash.
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearInterval(this.statTimer);
    for (const name of PROCESS_NAMES) this.slots[name].kill('SIGKILL');
    this.programs.dispose();
    this.book.removeOwned();
    this.semaphoreBook.removeOwned();
    this.options.registry?.close();
  }
}
