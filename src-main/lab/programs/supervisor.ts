// The Lab's side of native/src/supervisor.cc: the small process between the Lab and a run's
// program that is the run's subreaper, reaps its orphans, kills every process of the run when the
// run ends (SIGTERM from the Lab, or the Lab's death), and reports the segments the run's
// processes made. Its stdin is a pipe whose only writer is the Lab: end of file there is the
// Lab's death. Its stdout is one line per fact (parseSupervisorLine).
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { LabError } from '../../common/errors';
import { findProjectRoot } from '../native';

/** One line the supervisor wrote. */
export type SupervisorLine =
  | { kind: 'started'; pid: number; seccomp: string }
  | { kind: 'failed'; stage: string; code: string; errno: number }
  | { kind: 'exit'; pid: number; waitStatus: number }
  | { kind: 'segment'; shmid: number; key: number; cpid: number }
  | { kind: 'set'; semid: number; key: number; pid: number }
  | { kind: 'over' };

const INT = '(-?\\d+)';
const PATTERNS: [RegExp, (m: string[]) => SupervisorLine][] = [
  [/^started (\d+) seccomp=(\S+)$/, (m) => ({ kind: 'started', pid: +m[1]!, seccomp: m[2]! })],
  [
    /^failed (\S+) (\S+) (\d+)$/,
    (m) => ({ kind: 'failed', stage: m[1]!, code: m[2]!, errno: +m[3]! }),
  ],
  [/^exit (\d+) (\d+)$/, (m) => ({ kind: 'exit', pid: +m[1]!, waitStatus: +m[2]! })],
  [
    new RegExp(`^segment (\\d+) ${INT} (\\d+)$`),
    (m) => ({ kind: 'segment', shmid: +m[1]!, key: +m[2]!, cpid: +m[3]! }),
  ],
  [
    new RegExp(`^set (\\d+) ${INT} (\\d+)$`),
    (m) => ({ kind: 'set', semid: +m[1]!, key: +m[2]!, pid: +m[3]! }),
  ],
  [/^over$/, () => ({ kind: 'over' })],
];

/** Parses one line of the supervisor's stdout; null for a line it never writes. */
export function parseSupervisorLine(line: string): SupervisorLine | null {
  for (const [pattern, make] of PATTERNS) {
    const match = pattern.exec(line);
    if (match !== null) return make(match);
  }
  return null;
}

/** The supervisor executable built with the addon (native/binding.gyp). */
export function supervisorPath(): string {
  return join(findProjectRoot(), 'native', 'build', 'Release', 'shmlab-supervisor');
}

/** What the supervisor applies to the program before exec. */
export interface SupervisorArgs {
  slavePath: string;
  cpuSeconds: number;
  dataBytes: number;
  /** RLIMIT_NPROC, or null to leave it. */
  nproc: number | null;
  /** The run's cgroup folder, which the program joins before exec, or null. */
  cgroup: string | null;
  program: string;
  args: readonly string[];
}

/** The supervisor's argv after its path; the program's arguments are never parsed by it. */
export function supervisorArgv(options: SupervisorArgs): string[] {
  return [
    '--lab',
    String(process.pid),
    '--pty',
    options.slavePath,
    '--cpu',
    String(options.cpuSeconds),
    '--data-kib',
    String(Math.max(1, Math.floor(options.dataBytes / 1024))),
    ...(options.nproc === null ? [] : ['--nproc', String(options.nproc)]),
    ...(options.cgroup === null ? [] : ['--cgroup', options.cgroup]),
    '--',
    options.program,
    ...options.args,
  ];
}

/** What the program became once started. */
export interface Started {
  programPid: number;
  /** 'on' when shmget is followed exactly, else the errno name of why not. */
  seccomp: string;
}

/** A run's supervisor process, and the facts it reports. */
export class Supervisor {
  readonly pid: number;
  /** Resolves once the program runs; rejects with a coded error when it could not start. */
  readonly started: Promise<Started>;
  /** Resolves when the supervisor has exited and its last line was read: true if it said over. */
  readonly gone: Promise<boolean>;
  private said = false;
  private exited = false;
  private listener: ((line: SupervisorLine) => void) | null = null;
  /**
   * Lines read before anyone listened: readline emits every line of a chunk at once, and the
   * lines after "started" (a segment, the program's exit) may come in the same chunk, before the
   * run that listens exists.
   */
  private unheard: SupervisorLine[] = [];

  private constructor(
    private readonly child: ChildProcess,
    program: string,
  ) {
    this.pid = child.pid ?? 0;
    let settle: { resolve(started: Started): void; reject(error: unknown): void } | null = null;
    this.started = new Promise((resolve, reject) => (settle = { resolve, reject }));
    const fail = (error: unknown): void => {
      settle?.reject(error);
      settle = null;
    };
    // spawn() reports a failure to start (ENOENT, EACCES, EMFILE…) as an event, not a throw.
    child.on('error', fail);
    child.stdin?.on('error', () => undefined); // EPIPE once it is gone: nothing to tell it then
    child.stdout?.on('error', () => undefined);
    // No stdout: spawn() failed before it made the pipes (EMFILE, ENFILE), and says so in 'error'.
    const stdout = child.stdout ?? null; // undefined, not null, after such a failure
    const lines = stdout === null ? null : createInterface({ input: stdout });
    lines?.on('line', (text) => {
      const line = parseSupervisorLine(text);
      if (line === null) return;
      if (line.kind === 'started') {
        settle?.resolve({ programPid: line.pid, seccomp: line.seccomp });
        settle = null;
      } else if (line.kind === 'failed') {
        fail(
          new LabError(
            line.code,
            `could not start ${program}: ${stageText(line.stage)} failed (${line.code})`,
          ),
        );
      } else if (line.kind === 'over') {
        this.said = true;
      }
      if (this.listener === null) this.unheard.push(line);
      else this.listener(line);
    });
    this.gone = new Promise((resolve) => {
      // The process closed, and the last line was read.
      let waiting = lines === null ? 1 : 2;
      const close = (): void => {
        waiting -= 1;
        if (waiting > 0) return;
        this.exited = true;
        fail(new LabError('E_INTERNAL', `could not start ${program}: the supervisor ended`));
        resolve(this.said);
      };
      child.once('close', close);
      lines?.once('close', close);
    });
  }

  /** Spawns the supervisor (detached: its own session, away from the Lab's terminal). */
  static launch(
    path: string,
    args: SupervisorArgs,
    options: { cwd: string; env: NodeJS.ProcessEnv },
  ): Supervisor {
    if (!existsSync(path)) {
      throw new LabError(
        'E_UNAVAILABLE',
        `cannot run programs: the supervisor ${path} is missing; build it with the addon ` +
          '(npm run build:native)',
      );
    }
    const child = spawn(path, supervisorArgv(args), {
      detached: true,
      stdio: ['pipe', 'pipe', 'ignore'],
      cwd: options.cwd,
      env: options.env,
    });
    return new Supervisor(child, args.program);
  }

  /** Receives every line, those read before it was called first. */
  onLine(listener: (line: SupervisorLine) => void): void {
    this.listener = listener;
    for (const line of this.unheard.splice(0)) listener(line);
  }

  /** Whether the supervisor has exited (then no process of the run has it as subreaper). */
  get hasExited(): boolean {
    return this.exited || this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /**
   * Ends the run: SIGTERM makes the supervisor kill every process of it. Its pid cannot be
   * another process's while the Lab has not reaped it, which it has not until 'exit'.
   */
  end(): void {
    if (this.hasExited || this.pid === 0) return;
    try {
      process.kill(this.pid, 'SIGTERM');
    } catch {
      // Exited meanwhile.
    }
  }
}

const STAGES: Record<string, string> = {
  exec: 'exec of the program',
  pty: 'opening its terminal',
  setsid: 'making its session',
  cgroup: 'joining the run’s cgroup',
  fork: 'fork',
  'rlimit-cpu': 'setting its CPU limit',
  'rlimit-data': 'setting its data limit',
  'rlimit-nproc': 'setting its process limit',
};

function stageText(stage: string): string {
  return STAGES[stage] ?? stage;
}
