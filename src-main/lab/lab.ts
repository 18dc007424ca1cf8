// The Lab: owns the segments it creates and the two child processes, runs
// every command the UI sends, and reports what the kernel and the children
// saw. Main's own syscalls go through the injected ShmKernel (the addon in
// the app); shmat/shmdt and memory access happen in the children. The Lab
// itself holds the lifecycle (start, close, dispose); each command is passed
// to the module of its section, on the parts connected in lab-parts.ts.
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
import type { CommandName, EventName } from '../common/channels';
import type { ParsedInput } from '../common/schemas';
import { readSysvShm } from '../proc/sysvipc-shm';
import { writableAttachment } from './attachment-checks';
import { describeSystem } from './frame-visibility';
import type { LabOptions, LabParts } from './lab-parts';
import { connectLabParts } from './lab-parts';
import { readMachine } from './machine';
import * as processes from './process-commands';
import { killChild } from './kill-child';
import * as semaphores from './semaphore-commands';
import * as stepping from './stepping';
import * as memory from './memory-commands';
import * as segments from './segment-commands';
import type { SweepReport } from './sweep';
import { sweepDeadRuns } from './sweep';

/** Every command, taking its validated input. The gates call these. */
export type LabService = {
  [K in CommandName]: (input: ParsedInput<K>) => Promise<CommandOutput<K>>;
};

const PROCESS_NAMES: readonly ProcessName[] = ['A', 'B'];

export class Lab implements LabService {
  private readonly parts: LabParts;
  private readonly statTimer: NodeJS.Timeout;
  private disposed = false;
  private constructor(
    private readonly options: LabOptions,
    private readonly system: SystemInfo,
  ) {
    this.parts = connectLabParts(options);
    this.statTimer = setInterval(() => this.parts.book.refresh(), options.statPollMs ?? 500);
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
      await Promise.all(PROCESS_NAMES.map((name) => lab.parts.slots[name].spawn()));
    } catch (error) {
      lab.dispose();
      throw error;
    }
    return lab;
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: LabEventMap[E]) => void): Unsubscribe {
    const unsubscribe = this.parts.events.on(event, listener);
    // A new listener has seen no facts yet: the next read sends every process's, not only the
    // changed ones.
    if (event === 'factsChanged') {
      this.parts.facts.resend();
      void this.parts.facts.refresh();
    }
    return unsubscribe;
  }

  /**
   * Re-reads what a command may have changed (the attach counts, every drawn process's facts)
   * and resolves once the changes are sent: the gates call it after each command, before its
   * answer, so a page never holds an answer whose effect on the kernel it has not been shown.
   */
  async settleFacts(): Promise<void> {
    this.parts.book.refresh();
    await this.parts.facts.refresh();
  }

  // ── This machine (issue 10) ──────────────────────────────────────────────────────────────
  async machine(): Promise<CommandOutput<'machine'>> {
    return readMachine({
      pageSize: this.system.pageSize,
      ownsSegment: (shmid) => this.parts.book.owns(shmid),
      ownsSemaphoreSet: (semid) => this.parts.semaphoreBook.owns(semid),
      labProcesses: processes.labProcesses(this.system.hostPid, this.parts.slots),
    });
  }
  // ── end of this machine ──────────────────────────────────────────────────────────────────

  // ── Your own program (issue 11) ──────────────────────────────────────────────────────────
  async compilerInfo(): Promise<CommandOutput<'compilerInfo'>> {
    return this.parts.programs.compilerInfo();
  }

  async compileProgram(
    input: ParsedInput<'compileProgram'>,
  ): Promise<CommandOutput<'compileProgram'>> {
    return this.parts.programs.compile(input);
  }

  async runProgram(input: ParsedInput<'runProgram'>): Promise<CommandOutput<'runProgram'>> {
    return this.parts.programs.run(input);
  }

  async programInput(input: ParsedInput<'programInput'>): Promise<void> {
    return this.parts.programs.input(input);
  }

  async resizeProgram(input: ParsedInput<'resizeProgram'>): Promise<void> {
    return this.parts.programs.resize(input);
  }

  async stopProgram(input: ParsedInput<'stopProgram'>): Promise<CommandOutput<'stopProgram'>> {
    return this.parts.programs.stop(input);
  }

  async inspectProgramProcess(
    input: ParsedInput<'inspectProgramProcess'>,
  ): Promise<CommandOutput<'inspectProgramProcess'>> {
    return this.parts.programs.inspect(input);
  }

  async ftok(input: ParsedInput<'ftok'>): Promise<CommandOutput<'ftok'>> {
    return this.parts.programs.ftok(input);
  }
  // ── end of your own program ──────────────────────────────────────────────────────────────

  async getState(): Promise<CommandOutput<'getState'>> {
    return {
      system: this.system,
      processes: { A: this.parts.slots.A.snapshot, B: this.parts.slots.B.snapshot },
      segments: this.parts.book.ownedSegments(),
      crashRecordsOff: this.options.registry?.crashRecordsOff() ?? null,
    };
  }

  async listSegments(): Promise<CommandOutput<'listSegments'>> {
    return readSysvShm();
  }

  async createSegment(input: ParsedInput<'createSegment'>): Promise<SegmentInfo> {
    return segments.createSegment(this.parts.kernel, this.parts.book, input);
  }

  async statSegment(input: ParsedInput<'statSegment'>): Promise<SegmentStat> {
    return segments.statSegment(this.parts.kernel, this.parts.book, input.shmid);
  }

  async setSegmentMode(input: ParsedInput<'setSegmentMode'>): Promise<SegmentStat> {
    return segments.setSegmentMode(this.parts.kernel, this.parts.book, input);
  }

  async removeSegment(input: ParsedInput<'removeSegment'>): Promise<SegmentStat | null> {
    return segments.removeSegment(this.parts.kernel, this.parts.book, input);
  }

  async attach(input: ParsedInput<'attach'>): Promise<ProcessState> {
    return processes.attach(this.parts, this.parts.slots[input.process], input);
  }

  async detach(input: ParsedInput<'detach'>): Promise<ProcessState> {
    return processes.detach(this.parts, this.parts.slots[input.process]);
  }

  async write(input: ParsedInput<'write'>): Promise<CommandOutput<'write'>> {
    return this.parts.writes.write(input);
  }

  async viewMemory(input: ParsedInput<'viewMemory'>): Promise<CommandOutput<'viewMemory'>> {
    return memory.viewMemory(this.parts.slots[input.process], input);
  }

  async read(input: ParsedInput<'read'>): Promise<CommandOutput<'read'>> {
    return memory.readMemory(this.parts.slots[input.process], input);
  }

  async touch(input: ParsedInput<'touch'>): Promise<CommandOutput<'touch'>> {
    return memory.touchPage(this.parts.slots[input.process], input);
  }

  async inspect(input: ParsedInput<'inspect'>): Promise<CommandOutput<'inspect'>> {
    return processes.inspect(this.parts.slots[input.process]);
  }

  async respawn(input: ParsedInput<'respawn'>): Promise<ProcessState> {
    return processes.respawn(this.parts.slots[input.process]);
  }

  async race(input: ParsedInput<'race'>): Promise<CommandOutput<'race'>> {
    for (const name of PROCESS_NAMES) {
      writableAttachment(this.parts.slots[name].current, input.offset, 4, 'a u32 counter');
    }
    return this.parts.freeRuns.run(input);
  }

  // ── Synchronisation (issue 9) ────────────────────────────────────────────────────────────
  async cancelRace(): Promise<void> {
    await this.parts.freeRuns.cancel();
  }

  async step(input: ParsedInput<'step'>): Promise<CommandOutput<'step'>> {
    return stepping.step(this.parts.slots, input);
  }

  async resetSteps(input: ParsedInput<'resetSteps'>): Promise<CommandOutput<'resetSteps'>> {
    return stepping.resetSteps(this.parts.slots[input.process], input);
  }

  async createSemaphore(
    input: ParsedInput<'createSemaphore'>,
  ): Promise<CommandOutput<'createSemaphore'>> {
    return semaphores.createSemaphore(this.parts.semaphoreBook, input);
  }

  async statSemaphore(
    input: ParsedInput<'statSemaphore'>,
  ): Promise<CommandOutput<'statSemaphore'>> {
    return semaphores.statSemaphore(this.parts.semaphoreBook, input.semid);
  }

  async setSemaphoreValue(
    input: ParsedInput<'setSemaphoreValue'>,
  ): Promise<CommandOutput<'setSemaphoreValue'>> {
    return semaphores.setSemaphoreValue(this.parts.semaphoreBook, input);
  }

  async removeSemaphore(
    input: ParsedInput<'removeSemaphore'>,
  ): Promise<CommandOutput<'removeSemaphore'>> {
    return semaphores.removeSemaphore(this.parts.semaphoreBook, input);
  }

  async semop(input: ParsedInput<'semop'>): Promise<CommandOutput<'semop'>> {
    return this.parts.semops.semop(this.parts.slots[input.process], input);
  }

  async cancelSemop(input: ParsedInput<'cancelSemop'>): Promise<void> {
    await this.parts.semops.cancel(this.parts.slots[input.process]);
  }

  async threadState(input: ParsedInput<'threadState'>): Promise<CommandOutput<'threadState'>> {
    return this.parts.semops.threadState(input.process);
  }

  async killProcess(input: ParsedInput<'killProcess'>): Promise<CommandOutput<'killProcess'>> {
    return killChild(this.parts.slots[input.process], input.signal);
  }
  // ── end of synchronisation ───────────────────────────────────────────────────────────────

  /**
   * dispose(), then waits until both children and every process of a program have exited, so
   * segments marked for destruction are gone when it resolves.
   */
  async close(): Promise<void> {
    const exits = PROCESS_NAMES.map((name) => this.parts.slots[name].whenExited());
    this.dispose();
    await Promise.all([...exits, this.parts.programs.whenGone()]);
  }

  /** Sends a signal to a child, as a user with `kill` would (tests, bench). */
  signal(name: ProcessName, signal: NodeJS.Signals): void {
    this.parts.slots[name].kill(signal);
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
    this.parts.facts.stop();
    for (const name of PROCESS_NAMES) this.parts.slots[name].kill('SIGKILL');
    this.parts.programs.dispose();
    this.parts.book.removeOwned();
    this.parts.semaphoreBook.removeOwned();
    this.options.registry?.close();
  }
}
