// The learner's own programs (issue 11): compile with the machine's cc, run on a pty in their
// own session and process group under limits, watch their processes, clean up after them.
// lab.ts delegates every command of the section here.
import type {
  CompileResult,
  CompilerInfo,
  FtokResult,
  ProgramLimits,
  ProgramProcessFacts,
  ProgramRun,
  StopProgramResult,
} from '../../common/api';
import { LabError } from '../../common/errors';
import type { ParsedInput } from '../../common/schemas';
import type { EventBus } from '../event-bus';
import type { SegmentRegistry } from '../registry';
import { Attribution } from './attribution';
import { compileCommand, compilerVersion, findOnPath, runCompiler } from './compiler';
import { ftok } from './ftok';
import { installHint } from './install-hint';
import { inspectRunProcess } from './inspect';
import { ProgramRunner } from './run';
import { sweepStaleRunCgroups } from './run-cgroup';
import { effectiveLimits } from './run-limits';
import { settleWithin } from './run-start';
import { supervisorPath } from './supervisor';
import { Workspace } from './workspace';

/** What tests (and hosts) may change about programs; every field has a default. */
export interface ProgramOptions {
  /** The PATH `cc` is looked for on (default: the Lab's own PATH). */
  path?: string;
  /** The limits every run gets (each one not given: DEFAULT_LIMITS). */
  limits?: Partial<ProgramLimits>;
  /** How long stopProgram waits after SIGINT before SIGKILL (ms; default 1500). */
  stopGraceMs?: number;
  /** How often a run's processes are looked at (ms; default 100). */
  pollMs?: number;
  /** The supervisor executable (default: the one built with the addon). */
  supervisorPath?: string;
}

export interface ProgramsDeps {
  runPrograms: boolean;
  registry: SegmentRegistry | null;
  events: EventBus;
  ownsSegment: (shmid: number) => boolean;
  ownsSemaphoreSet: (semid: number) => boolean;
  options: ProgramOptions;
  /** A run's processes were looked at (see RunEvents.looked). */
  looked?: () => void;
}

const RUN_DISABLED =
  'Running programs is turned off: this ShmLab host was started with --no-run ' +
  '(npm run web -- --no-run). Compiling still works; restart the host without --no-run to run them.';

interface RunEntry {
  runner: ProgramRunner;
  attribution: Attribution;
}

export class Programs {
  private readonly workspace: Workspace;
  private readonly runs = new Map<number, RunEntry>();
  private disposed = false;
  private readonly versions = new Map<string, string | null>();
  private nextRunId = 1;

  constructor(private readonly deps: ProgramsDeps) {
    this.workspace = new Workspace(deps.registry);
    // Runs of a Lab killed with its supervisors (kill -9 of both) are ended here, by cgroup.
    sweepStaleRunCgroups();
  }

  private get pathEnv(): string {
    return this.deps.options.path ?? process.env.PATH ?? '';
  }

  async compilerInfo(): Promise<CompilerInfo> {
    const path = findOnPath('cc', this.pathEnv);
    let version: string | null = null;
    if (path !== null) {
      if (!this.versions.has(path))
        this.versions.set(path, await compilerVersion(path, this.pathEnv));
      version = this.versions.get(path) ?? null;
    }
    const reasons: string[] = [];
    if (path === null) reasons.push(this.noCompilerMessage());
    if (!this.deps.runPrograms) reasons.push(RUN_DISABLED);
    return {
      path,
      version,
      runDisabled: !this.deps.runPrograms,
      unavailableReason: reasons.length === 0 ? null : reasons.join(' '),
      installHint: installHint(),
    };
  }

  async compile(input: ParsedInput<'compileProgram'>): Promise<CompileResult> {
    const cc = findOnPath('cc', this.pathEnv);
    if (cc === null) throw new LabError('E_NO_COMPILER', this.noCompilerMessage());
    const files = this.workspace.newProgram(input.source);
    let result: Omit<CompileResult, 'programId'>;
    try {
      result = await runCompiler(compileCommand(cc, files.source, files.binary), files.source, {
        cwd: this.workspace.dir,
        pathEnv: this.pathEnv,
      });
    } catch (error) {
      this.workspace.discard(files);
      throw error;
    }
    if (result.ok) this.workspace.keep(files);
    else this.workspace.discard(files);
    return { programId: result.ok ? files.id : null, ...result };
  }

  async run(input: ParsedInput<'runProgram'>): Promise<ProgramRun> {
    if (!this.deps.runPrograms) throw new LabError('E_RUN_DISABLED', RUN_DISABLED);
    const files = this.workspace.program(input.programId);
    const runId = this.nextRunId++;
    const startedAt = Date.now();
    const attribution = new Attribution(this.deps, startedAt);
    const release = this.workspace.use(files.id);
    const { events } = this.deps;
    try {
      const runner = await ProgramRunner.start(
        {
          runId,
          programId: files.id,
          program: files.binary,
          args: input.args,
          shmid: input.shmid,
          cols: input.cols,
          rows: input.rows,
          limits: effectiveLimits(this.deps.options.limits),
          cwd: this.workspace.dir,
          env: process.env,
          supervisorPath: this.deps.options.supervisorPath ?? supervisorPath(),
          pollMs: this.deps.options.pollMs ?? 100,
          graceMs: this.stopGraceMs,
        },
        {
          output: (id, data) => events.emit('programOutput', { runId: id, data }),
          processes: (id, processes) => events.emit('programProcesses', { runId: id, processes }),
          exited: (event) => events.emit('programExited', event),
          looked: () => this.deps.looked?.(),
        },
        attribution,
        this.deps.registry,
        release,
      );
      this.runs.set(runId, { runner, attribution });
      if (this.disposed) {
        // The Lab closed while this run was starting: it ends with the others.
        runner.dispose();
        attribution.removeAll();
        throw new LabError('E_UNAVAILABLE', 'the Lab is closing: the run was ended at once');
      }
      return runner.info;
    } catch (error) {
      release();
      throw error;
    }
  }

  async input(input: ParsedInput<'programInput'>): Promise<void> {
    this.entry(input.runId).runner.input(input.data);
  }

  async resize(input: ParsedInput<'resizeProgram'>): Promise<void> {
    this.entry(input.runId).runner.resize(input.cols, input.rows);
  }

  async stop(input: ParsedInput<'stopProgram'>): Promise<StopProgramResult> {
    return this.entry(input.runId).runner.stop(this.stopGraceMs);
  }

  private get stopGraceMs(): number {
    return this.deps.options.stopGraceMs ?? 1500;
  }

  async inspect(input: ParsedInput<'inspectProgramProcess'>): Promise<ProgramProcessFacts> {
    const entry = [...this.runs.values()].find(({ runner }) => runner.has(input.pid));
    if (entry === undefined) {
      throw new LabError(
        'E_NO_SUCH_RUN',
        `pid ${input.pid} is not a process of a running program: only the processes of a run ` +
          'that is still going (the program and what it forked) can be inspected here',
      );
    }
    return inspectRunProcess(entry.runner.info.runId, entry.runner.role(input.pid), input);
  }

  /**
   * The live processes of every run still going, each with the segment its column draws first:
   * the run's SHMLAB_SHMID when it maps that one (inspectRunProcess falls back to whatever it
   * maps first).
   */
  drawn(): { runId: number; pid: number; read(smaps: boolean): Promise<ProgramProcessFacts> }[] {
    return [...this.runs.values()].flatMap(({ runner }) => {
      const { runId, env } = runner.info;
      const shmid = env.SHMLAB_SHMID === undefined ? null : Number(env.SHMLAB_SHMID);
      return runner.listedPids().map((pid) => ({
        runId,
        pid,
        read: (smaps: boolean) => inspectRunProcess(runId, runner.role(pid), { pid, shmid }, smaps),
      }));
    });
  }

  async ftok(input: ParsedInput<'ftok'>): Promise<FtokResult> {
    return ftok(input.path, input.projectId);
  }

  /**
   * SIGKILL to every run still going, IPC_RMID of everything attributed to any run (kept after
   * a natural exit until now), the private folder removed. Synchronous, for a crash.
   */
  dispose(): void {
    this.disposed = true;
    for (const { runner } of this.runs.values()) runner.dispose();
    for (const { attribution } of this.runs.values()) attribution.removeAll();
    this.workspace.dispose();
  }

  /**
   * Waits (at most `ms`) until no process of any run exists (after dispose): each supervisor has
   * killed its run and exited. What a supervisor reported while killing is removed then too.
   */
  async whenGone(ms = 5000): Promise<void> {
    const deadline = Date.now() + ms;
    const entries = [...this.runs.values()];
    await settleWithin(Promise.all(entries.map(({ runner }) => runner.whenSupervisorGone)), ms);
    for (const { attribution } of entries) attribution.removeAll();
    const left = (): boolean => entries.some(({ runner }) => runner.livePids().length > 0);
    while (left() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  private entry(runId: number): RunEntry {
    const entry = this.runs.get(runId);
    if (entry !== undefined) return entry;
    throw new LabError(
      'E_NO_SUCH_RUN',
      `no run ${runId} in this Lab: use the runId that runProgram returned`,
    );
  }

  private noCompilerMessage(): string {
    return (
      `No C compiler: there is no "cc" in the folders of PATH (${this.pathEnv || 'empty'}). ` +
      `Install one (${installHint()}) and compile again; the rest of ShmLab works without it.`
    );
  }
}
