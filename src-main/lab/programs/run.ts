// One run of a compiled program: a real process on its own pty, in its own session and process
// group, under its supervisor (the run's subreaper), watched with its descendants until none is
// left. Every process the run starts ends with it: Stop, the wall clock and the Lab's close end
// them through the supervisor, and the Lab's death makes the supervisor end them.
import type { ProgramProcess, ProgramRun, StopProgramResult } from '../../common/api';
import { LabError } from '../../common/errors';
import { readPidStat } from '../../proc/pid-stat';
import type { SegmentRegistry } from '../registry';
import type { Attribution } from './attribution';
import { readProcess } from './processes';
import type { ExitStatus } from './run-processes';
import { RunProcesses } from './run-processes';
import { RecordedProcesses } from './run-record';
import type { RemovedObjects, RunEvents } from './run-reports';
import { RunReports } from './run-reports';
import { forkRefusals, killCgroup, removeEmpty } from './run-cgroup';
import { effectiveLimits } from './run-limits';
import type { StartSpec, StartedRun } from './run-start';
import { settleWithin, startRun } from './run-start';
import { endAsStop } from './run-stop';
import { decodeWaitStatus, signalGroup } from './signals';
import type { SupervisorLine } from './supervisor';

/** How long the output of a finished run may take to drain before the terminal is closed (ms). */
const DRAIN_MS = 500;
/** How long a run whose processes are all gone waits for its supervisor's last word (ms). */
const SUPERVISOR_EXIT_MS = 2000;

export interface RunSpec extends StartSpec {
  programId: string;
  pollMs: number;
  /** How long the wall clock's end waits after SIGINT before SIGKILL (ms). */
  graceMs: number;
}

/** Who ended the run: itself, Stop, its wall-clock limit, or the Lab closing. */
type Ending = 'natural' | 'stop' | 'wall-clock' | 'dispose';

export class ProgramRunner {
  readonly info: ProgramRun;
  private readonly timer: NodeJS.Timeout;
  private readonly wallClock: NodeJS.Timeout;
  private readonly processes: RunProcesses;
  private readonly reports: RunReports;
  private readonly recorded: RecordedProcesses;
  private programExit: ExitStatus | null = null;
  private ending: Ending = 'natural';
  private stopping: Promise<StopProgramResult> | null = null;
  private over = false;
  private finishing = false;
  private refusedForks = 0;
  private resolveOver!: () => void;
  /** Resolves when no process of the run is left and its last event was sent. */
  readonly whenOver: Promise<void>;
  /** Resolves when the supervisor exited and the run's cgroup was removed. */
  readonly whenSupervisorGone: Promise<void>;
  private removed: RemovedObjects = { segments: [], sets: [] };

  private constructor(
    spec: RunSpec,
    private readonly parts: StartedRun,
    private readonly events: RunEvents,
    private readonly attribution: Attribution,
    registry: SegmentRegistry | null,
    private readonly onOver: () => void,
  ) {
    this.whenOver = new Promise((resolve) => (this.resolveOver = resolve));
    this.recorded = new RecordedProcesses(registry);
    this.reports = new RunReports(spec.runId, events, parts.queue);
    const pid = parts.started.programPid;
    const supervisorPid = parts.supervisor.pid;
    const supervisorStart = readPidStat(supervisorPid)?.[19];
    this.processes = new RunProcesses(
      spec.runId,
      pid,
      supervisorStart === undefined ? null : { pid: supervisorPid, startTime: supervisorStart },
    );
    this.info = {
      runId: spec.runId,
      programId: spec.programId,
      pid,
      pgid: pid,
      argv: [spec.program, ...spec.args],
      env: parts.addedEnv,
      limits: spec.limits,
      processLimit: parts.plan.hold,
      startedAt: Date.now(),
    };
    this.whenSupervisorGone = parts.supervisor.gone.then((said) => this.supervisorGone(said));
    const seen = readProcess(pid);
    this.processes.followProgram(seen);
    if (seen !== null) this.recorded.update([seen], []);
    this.timer = setInterval(() => this.tick(), spec.pollMs);
    this.wallClock = setTimeout(() => {
      this.reports.wallClockSignals = [];
      this.stopping ??= this.end('wall-clock', spec.graceMs, this.reports.wallClockSignals);
    }, spec.limits.wallSeconds * 1000);
    // Last: lines read meanwhile (the program's exit, a segment) are heard now, by a whole run.
    parts.supervisor.onLine((line) => this.heard(line));
  }

  /** Starts a run; rejects with a coded error when the program could not be started. */
  static async start(
    spec: RunSpec,
    events: RunEvents,
    attribution: Attribution,
    registry: SegmentRegistry | null,
    onOver: () => void,
  ): Promise<ProgramRunner> {
    const applied = { ...spec, limits: effectiveLimits(spec.limits) };
    const parts = await startRun(applied, (text) => events.output(spec.runId, text));
    return new ProgramRunner(applied, parts, events, attribution, registry, onOver);
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
    this.parts.terminal.write(data);
  }

  resize(cols: number, rows: number): void {
    this.requireLive('resize');
    this.parts.terminal.resize(cols, rows);
  }

  /**
   * Ends the run as run-stop.ts says; resolves once no process of it is left. A stop asked for
   * again (a second click) sends nothing more and resolves with the first one's result.
   */
  stop(graceMs: number): Promise<StopProgramResult> {
    this.stopping ??= this.end('stop', graceMs, []);
    return this.stopping;
  }

  private async end(
    ending: 'stop' | 'wall-clock',
    graceMs: number,
    signals: string[],
  ): Promise<StopProgramResult> {
    if (!this.over && !this.finishing) {
      this.ending = ending;
      if (ending === 'wall-clock') {
        this.reports.notice(
          `the run reached its wall-clock limit of ${this.info.limits.wallSeconds} s: ` +
            'the Lab is ending it as Stop would',
        );
      }
      await endAsStop(
        {
          signalGroup: (signal) => this.signalGroup(signal),
          anyStopped: () =>
            this.processes.livePids().some((pid) => readProcess(pid)?.state === 'T'),
          whenOver: this.whenOver,
          killAll: () => this.killAll(),
        },
        graceMs,
        signals,
      );
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

  /** Every process of the run is killed; the terminal closes; no more events. Synchronous. */
  dispose(): void {
    if (this.over) return;
    this.ending = 'dispose';
    // While they live, their pids are theirs: what they made is found by creator pid.
    this.attribution.scan(this.processes.creators());
    this.killAll();
    this.over = true;
    this.stopTimers();
    this.parts.queue.clear();
    this.parts.terminal.close();
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
   * the program was reaped and no process of the run is in the group, its number is free:
   * another program may lead a group with it now.
   */
  private signalGroup(signal: NodeJS.Signals): boolean {
    const { pgid } = this.info;
    if (this.programExit !== null && !this.processes.holdsGroup(pgid)) return false;
    signalGroup(pgid, signal);
    return true;
  }

  /**
   * The supervisor kills every process of the run (it reports what they made first). Without it
   * (it was killed), the run's processes are init's: the group, each one known, and the cgroup.
   */
  private killAll(): void {
    if (!this.parts.supervisor.hasExited) {
      this.parts.supervisor.end();
      return;
    }
    this.signalGroup('SIGKILL');
    this.processes.killEach();
    if (this.parts.plan.cgroup !== null) killCgroup(this.parts.plan.cgroup.path);
  }

  /** One line from the supervisor. */
  private heard(line: SupervisorLine): void {
    if (line.kind === 'segment') {
      this.attribution.addReported(line.shmid, line.key, line.cpid);
    } else if (line.kind === 'set') {
      this.attribution.addReportedSet(line.semid, line.key);
    } else if (line.kind === 'exit') {
      const status = decodeWaitStatus(line.waitStatus);
      if (line.pid !== this.info.pid) {
        this.processes.reaped(line.pid, status);
        return;
      }
      this.programExit = status;
      this.tick();
    }
  }

  /** The supervisor exited: every process of the run ended, unless it was killed itself. */
  private supervisorGone(saidOver: boolean): void {
    if (!saidOver) this.killAll();
    this.programExit ??= { exitCode: null, signal: null };
    if (this.parts.plan.cgroup !== null) removeEmpty(this.parts.plan.cgroup.path);
    this.tick();
  }

  /** One look at the run's processes: what appeared, attached, detached or left. */
  private tick(): void {
    if (this.over || this.finishing) return;
    const { now, appeared, exits, forgettable, alive } = this.processes.look(this.programExit);
    this.recorded.update(appeared, forgettable);
    this.reports.addExits(exits);
    this.attribution.scan(this.processes.creators());
    this.noticeRefusedForks();
    if (this.programExit !== null && !alive) {
      void this.finish();
      return;
    }
    this.reports.sendExits(null);
    this.reports.sendList(this.processes.list(now));
    this.events.looked();
  }

  /** Says in the terminal, once, that the cgroup refused a fork at the process limit. */
  private noticeRefusedForks(): void {
    const { cgroup } = this.parts.plan;
    if (cgroup === null || this.refusedForks > 0) return;
    this.refusedForks = forkRefusals(cgroup);
    if (this.refusedForks === 0) return;
    this.reports.notice(
      `a fork failed with EAGAIN: the run reached its limit of ${this.info.limits.processes} ` +
        `processes and threads (pids.max of its cgroup ${cgroup.path})`,
    );
  }

  /** No process of the run is left: drain the terminal, clean up if ended, send the end. */
  private async finish(): Promise<void> {
    this.finishing = true;
    this.stopTimers();
    // The supervisor's last reports (segments of the last processes it reaped) come before it
    // exits, and it exits as soon as it has no child.
    await settleWithin(this.whenSupervisorGone, SUPERVISOR_EXIT_MS);
    await this.parts.terminal.finish(DRAIN_MS);
    if (this.over) return; // disposed meanwhile
    this.attribution.scan(this.processes.creators());
    if (this.ending !== 'natural') this.removed = this.attribution.removeAll();
    this.recorded.forgetAll();
    this.parts.queue.flush();
    this.reports.sendExits(this.removed);
    this.reports.sendList([]);
    this.over = true;
    this.resolveOver();
    this.onOver();
  }

  private stopTimers(): void {
    clearInterval(this.timer);
    clearTimeout(this.wallClock);
  }
}
