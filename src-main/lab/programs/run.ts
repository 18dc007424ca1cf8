// One run of a compiled program: a real process on its own pty, in its own session and process
// group, watched with its descendants until none is left.
import type { ChildProcess } from 'node:child_process';
import type {
  ProgramLimits,
  ProgramProcess,
  ProgramRun,
  StopProgramResult,
} from '../../common/api';
import { LabError } from '../../common/errors';
import type { SegmentRegistry } from '../registry';
import type { Attribution } from './attribution';
import type { Launched } from './launch';
import { effectiveLimits, launchProgram } from './launch';
import { OutputQueue } from './output-queue';
import { readProcess } from './processes';
import type { ExitStatus } from './run-processes';
import { RunProcesses } from './run-processes';
import { RecordedProcesses } from './run-record';
import type { RemovedObjects, RunEvents } from './run-reports';
import { RunReports } from './run-reports';
import { signalGroup, signalName } from './signals';
import { Terminal } from './terminal';

/** How long the output of a finished run may take to drain before the terminal is closed (ms). */
const DRAIN_MS = 500;

export interface RunSpec {
  runId: number;
  programId: string;
  program: string;
  args: readonly string[];
  /** SHMLAB_SHMID, when a segment was given. */
  shmid: number | null;
  cols: number;
  rows: number;
  limits: ProgramLimits;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** setpriv (for --pdeathsig) or null. */
  wrapper: string | null;
  pollMs: number;
}

type Ending = 'natural' | 'stop' | 'dispose';

export class ProgramRunner {
  readonly info: ProgramRun;
  private readonly terminal: Terminal;
  private readonly queue: OutputQueue;
  private readonly child: ChildProcess;
  private readonly timer: NodeJS.Timeout | null;
  private readonly spawned: Promise<void>;
  private readonly processes: RunProcesses;
  private readonly reports: RunReports;
  private programExit: ExitStatus | null = null;
  private ending: Ending = 'natural';
  private stopping: Promise<StopProgramResult> | null = null;
  private over = false;
  private finishing = false;
  private resolveOver!: () => void;
  /** Resolves when no process of the run is left and its last event was sent. */
  readonly whenOver: Promise<void>;
  private removed: RemovedObjects = { segments: [], sets: [] };
  private readonly recorded: RecordedProcesses;

  private constructor(
    spec: RunSpec,
    private readonly events: RunEvents,
    private readonly attribution: Attribution,
    registry: SegmentRegistry | null,
    private readonly onOver: () => void,
  ) {
    this.whenOver = new Promise((resolve) => (this.resolveOver = resolve));
    this.recorded = new RecordedProcesses(registry);
    this.queue = new OutputQueue((text) => this.events.output(spec.runId, text));
    this.terminal = new Terminal(spec.cols, spec.rows, (text) => this.queue.push(text));
    this.reports = new RunReports(spec.runId, events, this.queue);
    let launched: Launched;
    try {
      launched = launchProgram({ ...spec, slavePath: this.terminal.slavePath });
    } catch (error) {
      // spawn() throws at once for some failures (E2BIG, ENOMEM…): the pty is closed here, as
      // no runner exists for start() to dispose.
      this.terminal.close();
      throw error;
    }
    this.child = launched.child;
    this.spawned = launched.spawned;
    const pid = this.child.pid ?? 0;
    this.processes = new RunProcesses(spec.runId, pid);
    this.info = {
      runId: spec.runId,
      programId: spec.programId,
      pid,
      pgid: pid,
      argv: [spec.program, ...spec.args],
      env: launched.addedEnv,
      limits: effectiveLimits(spec.limits),
      startedAt: Date.now(),
    };
    if (pid === 0) {
      this.timer = null;
      return;
    }
    this.child.once('exit', (code, signal) => {
      this.programExit = {
        exitCode: code,
        signal: signal === null ? null : signalName(signal),
      };
      this.tick();
    });
    const seen = readProcess(pid);
    this.processes.followProgram(seen);
    if (seen !== null) this.recorded.update([seen], []);
    this.timer = setInterval(() => this.tick(), spec.pollMs);
  }

  /** Starts a run; rejects when the process could not be started. */
  static async start(
    spec: RunSpec,
    events: RunEvents,
    attribution: Attribution,
    registry: SegmentRegistry | null,
    onOver: () => void,
  ): Promise<ProgramRunner> {
    let runner: ProgramRunner | null = null;
    try {
      runner = new ProgramRunner(spec, events, attribution, registry, onOver);
      await runner.spawned;
    } catch (error) {
      runner?.dispose();
      const { code, message } = error as { code?: unknown; message?: unknown };
      throw new LabError(
        typeof code === 'string' ? code : 'E_INTERNAL',
        `could not start ${spec.program}: ${String(message)}`,
      );
    }
    return runner;
  }

  get isOver(): boolean {
    return this.over;
  }

  /** Whether `pid` is a live process of this run (not ended: a zombie has). */
  has(pid: number): boolean {
    return !this.over && this.processes.has(pid);
  }

  role(pid: number): ProgramProcess['role'] {
    return this.processes.role(pid);
  }

  input(data: string): void {
    this.requireLive('type into');
    this.terminal.write(data);
  }

  resize(cols: number, rows: number): void {
    this.requireLive('resize');
    this.terminal.resize(cols, rows);
  }

  /**
   * SIGINT to the group (and SIGCONT when one of its processes is stopped); SIGKILL to all of
   * the run after `graceMs`; resolves once none is left. A stop asked for again (a second click)
   * sends nothing more and resolves with the first one's result.
   */
  stop(graceMs: number): Promise<StopProgramResult> {
    this.stopping ??= this.stopOnce(graceMs);
    return this.stopping;
  }

  private async stopOnce(graceMs: number): Promise<StopProgramResult> {
    const signals: string[] = [];
    if (!this.over && !this.finishing) {
      this.ending = 'stop';
      if (this.signalGroup('SIGINT')) {
        signals.push('SIGINT');
        // A stopped process (state T: it got SIGSTOP) would hold SIGINT until continued. (^Z
        // typed into the terminal stops nothing: with no shell the group is orphaned, and the
        // kernel discards SIGTSTP sent to an orphaned group.)
        if (this.processes.livePids().some((pid) => readProcess(pid)?.state === 'T')) {
          signals.push('SIGCONT');
          this.signalGroup('SIGCONT');
        }
      }
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), graceMs);
      });
      const ended = await Promise.race([this.whenOver.then(() => true), graceOver]);
      clearTimeout(timer);
      if (!ended) {
        signals.push('SIGKILL');
        this.killAll();
      }
    }
    await this.whenOver;
    return {
      runId: this.info.runId,
      signals,
      exitCode: this.programExit?.exitCode ?? null,
      signal: this.programExit?.signal ?? null,
      removedSegments: this.removed.segments,
      removedSemaphoreSets: this.removed.sets,
    };
  }

  /** SIGKILL to every process of the run; closes the terminal; no more events. Synchronous. */
  dispose(): void {
    if (this.over) return;
    this.ending = 'dispose';
    this.killAll();
    this.attribution.scan(this.processes.creators());
    this.over = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.queue.clear();
    this.terminal.close();
    this.resolveOver();
  }

  /**
   * The live processes of the run that its last programProcesses event listed: their facts are
   * sent after the list that names them, so a page never gets facts of a process it does not know.
   */
  listedPids(): number[] {
    const live = new Set(this.processes.livePids());
    return this.reports.listed.filter((pid) => live.has(pid));
  }

  /** The pids of the run that are alive now (for waiting until a closed Lab left none). */
  livePids(): number[] {
    return this.processes.livePids();
  }

  private requireLive(action: string): void {
    if (this.over || this.finishing) {
      throw new LabError(
        'E_NO_SUCH_RUN',
        `cannot ${action} run ${this.info.runId}: it is over (no process of it is left)`,
      );
    }
  }

  /**
   * `signal` to the program's group while the run still holds it; false when it does not. Once
   * the Lab has reaped the program and no process of the run is in the group, its number is
   * free: another program may lead a group with it now.
   */
  private signalGroup(signal: NodeJS.Signals): boolean {
    const { pgid } = this.info;
    if (this.programExit !== null && !this.processes.holdsGroup(pgid)) return false;
    signalGroup(pgid, signal);
    return true;
  }

  /** SIGKILL to the group, and to every process of the run that left it. */
  private killAll(): void {
    this.signalGroup('SIGKILL');
    this.processes.killEach();
  }

  /** One look at the run's processes: what appeared, attached, detached or left. */
  private tick(): void {
    if (this.over || this.finishing) return;
    const { now, appeared, exits, forgettable, alive } = this.processes.look(this.programExit);
    this.recorded.update(appeared, forgettable);
    this.reports.addExits(exits);
    this.attribution.scan(this.processes.creators());
    if (this.programExit !== null && !alive) {
      void this.finish();
      return;
    }
    this.reports.sendExits(null);
    this.reports.sendList(this.processes.list(now));
    this.events.looked();
  }

  /** No process of the run is left: drain the terminal, clean up if stopped, send the end. */
  private async finish(): Promise<void> {
    this.finishing = true;
    if (this.timer !== null) clearInterval(this.timer);
    await this.terminal.finish(DRAIN_MS);
    if (this.over) return; // disposed meanwhile
    this.attribution.scan(this.processes.creators());
    if (this.ending === 'stop') this.removed = this.attribution.removeAll();
    this.recorded.forgetAll();
    this.queue.flush();
    this.reports.sendExits(this.removed);
    this.reports.sendList([]);
    this.over = true;
    this.resolveOver();
    this.onOver();
  }
}
