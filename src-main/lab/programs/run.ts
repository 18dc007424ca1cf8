// One run of a compiled program: a real process on its own pty, in its own session and process
// group, watched with its descendants until none is left.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import type {
  ProgramExitedEvent,
  ProgramLimits,
  ProgramProcess,
  ProgramRun,
  StopProgramResult,
} from '../../common/api';
import { LabError } from '../../common/errors';
import type { SegmentRegistry } from '../registry';
import type { Attribution } from './attribution';
import { effectiveLimits, launchArgv } from './launch';
import { OutputQueue } from './output-queue';
import type { SeenProcess } from './processes';
import { readProcess } from './processes';
import type { ExitStatus, ProcessExit } from './run-processes';
import { RunProcesses } from './run-processes';
import { signalName } from './signals';
import { Terminal } from './terminal';

/** How long the output of a finished run may take to drain before the terminal is closed (ms). */
const DRAIN_MS = 500;

export interface RunEvents {
  output(runId: number, data: string): void;
  processes(runId: number, processes: ProgramProcess[]): void;
  exited(event: ProgramExitedEvent): void;
}

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
  private programExit: ExitStatus | null = null;
  private pendingExits: ProgramExitedEvent[] = [];
  private lastList = '';
  private ending: Ending = 'natural';
  private over = false;
  private finishing = false;
  private resolveOver!: () => void;
  /** Resolves when no process of the run is left and its last event was sent. */
  readonly whenOver: Promise<void>;
  private removed = { segments: [] as number[], sets: [] as number[] };

  private constructor(
    spec: RunSpec,
    private readonly events: RunEvents,
    private readonly attribution: Attribution,
    private readonly registry: SegmentRegistry | null,
    private readonly onOver: () => void,
  ) {
    this.whenOver = new Promise((resolve) => (this.resolveOver = resolve));
    this.queue = new OutputQueue((text) => this.events.output(spec.runId, text));
    this.terminal = new Terminal(spec.cols, spec.rows, (text) => this.queue.push(text));
    const added: Record<string, string> = { TERM: 'xterm-256color' };
    if (spec.shmid !== null) added.SHMLAB_SHMID = String(spec.shmid);
    // A SHMLAB_SHMID the Lab itself inherited must not reach a run that was given no segment.
    const env: NodeJS.ProcessEnv = { ...spec.env, ...added };
    if (spec.shmid === null) delete env.SHMLAB_SHMID;
    const argv = launchArgv({
      wrapper: spec.wrapper,
      slavePath: this.terminal.slavePath,
      program: spec.program,
      args: spec.args,
      limits: spec.limits,
    });
    const [file = '/bin/sh', ...rest] = argv;
    this.child = spawn(file, rest, { detached: true, stdio: 'ignore', cwd: spec.cwd, env });
    // spawn() reports a failure to start (ENOENT, EACCES…) as an event, not a throw.
    this.spawned = new Promise((resolve, reject) => {
      this.child.once('spawn', resolve);
      this.child.once('error', reject);
    });
    const pid = this.child.pid ?? 0;
    this.processes = new RunProcesses(spec.runId, pid);
    this.info = {
      runId: spec.runId,
      programId: spec.programId,
      pid,
      pgid: pid,
      argv: [spec.program, ...spec.args],
      env: added,
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
    this.processes.follow(pid, seen);
    if (seen !== null) this.record([seen]);
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
    const runner = new ProgramRunner(spec, events, attribution, registry, onOver);
    try {
      await runner.spawned;
    } catch (error) {
      runner.dispose();
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
   * the run after `graceMs`; resolves once none is left.
   */
  async stop(graceMs: number): Promise<StopProgramResult> {
    const signals: string[] = [];
    if (!this.over && !this.finishing) {
      this.ending = 'stop';
      signals.push('SIGINT');
      this.killGroup('SIGINT');
      // A stopped process (state T: it got SIGSTOP) would hold SIGINT until continued. (^Z
      // typed into the terminal stops nothing: with no shell the group is orphaned, and the
      // kernel discards SIGTSTP sent to an orphaned group.)
      if (this.processes.livePids().some((pid) => readProcess(pid)?.state === 'T')) {
        signals.push('SIGCONT');
        this.killGroup('SIGCONT');
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
    this.attribution.scan(this.processes.pids);
    this.over = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.queue.clear();
    this.terminal.close();
    this.resolveOver();
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

  private killGroup(signal: NodeJS.Signals): void {
    // pid 0 (never started) would make kill(-0) signal the Lab's own group.
    if (this.info.pgid <= 0) return;
    try {
      process.kill(-this.info.pgid, signal);
    } catch {
      // ESRCH: nothing left in the group.
    }
  }

  /** SIGKILL to the group, and to every process of the run that left it. */
  private killAll(): void {
    this.killGroup('SIGKILL');
    this.processes.killEach();
  }

  /** Records new processes of the run for the crash sweep, in one write. */
  private record(seen: readonly SeenProcess[]): void {
    if (seen.length === 0) return;
    this.registry?.addProgramProcesses(
      seen.map(({ pid, startTime, pgid }) => ({ pid, startTime, pgid })),
    );
  }

  /** One look at the run's processes: what appeared, attached, detached or left. */
  private tick(): void {
    if (this.over || this.finishing) return;
    const { now, appeared, exits, alive } = this.processes.look(this.programExit);
    this.record(appeared);
    this.pendingExits.push(...exits.map((exit) => this.exitEvent(exit)));
    this.attribution.scan(this.processes.pids);
    if (this.programExit !== null && !alive) {
      void this.finish();
      return;
    }
    this.sendExits(false);
    this.sendList(this.processes.list(now));
  }

  /** Sends the list of processes when it changed; output read so far goes first. */
  private sendList(list: ProgramProcess[]): void {
    const key = JSON.stringify(list);
    if (key === this.lastList) return;
    this.lastList = key;
    this.queue.flush();
    this.events.processes(this.info.runId, list);
  }

  private exitEvent(exit: ProcessExit): ProgramExitedEvent {
    return {
      runId: this.info.runId,
      ...exit,
      runOver: false,
      removedSegments: [],
      removedSemaphoreSets: [],
    };
  }

  /** Sends the exits found; output read so far goes first, so it reads in order. */
  private sendExits(runOver: boolean): void {
    const exits = this.pendingExits;
    this.pendingExits = [];
    if (exits.length === 0) return;
    this.queue.flush();
    exits.forEach((event, index) => {
      const last = runOver && index === exits.length - 1;
      this.events.exited(
        last
          ? {
              ...event,
              runOver: true,
              removedSegments: this.removed.segments,
              removedSemaphoreSets: this.removed.sets,
            }
          : event,
      );
    });
  }

  /** No process of the run is left: drain the terminal, clean up if stopped, send the end. */
  private async finish(): Promise<void> {
    this.finishing = true;
    if (this.timer !== null) clearInterval(this.timer);
    await this.terminal.finish(DRAIN_MS);
    if (this.over) return; // disposed meanwhile
    this.attribution.scan(this.processes.pids);
    if (this.ending === 'stop') this.removed = this.attribution.removeAll();
    this.registry?.removeProgramProcesses(this.processes.pids);
    this.queue.flush();
    this.sendExits(true);
    this.sendList([]);
    this.over = true;
    this.resolveOver();
    this.onOver();
  }
}
