// How a program is started: the Lab spawns the run's supervisor (supervisor.ts), which forks the
// program, makes it a new session's leader with the pty as its controlling terminal (so ^C typed
// into the pty is SIGINT from the line discipline to the program's process group) and as stdin,
// stdout and stderr, sets the limits (setrlimit; the run's cgroup when one was made), and execs
// it, so the program's argv is exactly the program and its arguments.
import type { ProgramLimits } from '../../common/api';
import { Supervisor } from './supervisor';

/** The environment of a run, and what the Lab added to it. */
export function runEnvironment(
  inherited: NodeJS.ProcessEnv,
  shmid: number | null,
): { env: NodeJS.ProcessEnv; addedEnv: Record<string, string> } {
  const addedEnv: Record<string, string> = { TERM: 'xterm-256color' };
  if (shmid !== null) addedEnv.SHMLAB_SHMID = String(shmid);
  // A SHMLAB_SHMID the Lab itself inherited must not reach a run that was given no segment.
  const env: NodeJS.ProcessEnv = { ...inherited, ...addedEnv };
  if (shmid === null) delete env.SHMLAB_SHMID;
  return { env, addedEnv };
}

/** A program being started: its supervisor, and what the Lab added to its environment. */
export interface Launched {
  supervisor: Supervisor;
  /** TERM, and SHMLAB_SHMID when a segment was given. */
  addedEnv: Record<string, string>;
}

/** Spawns one run's supervisor, which starts the program; throws what spawn() throws at once. */
export function launchProgram(options: {
  supervisorPath: string;
  slavePath: string;
  program: string;
  args: readonly string[];
  limits: ProgramLimits;
  nproc: number | null;
  cgroup: string | null;
  shmid: number | null;
  cwd: string;
  env: NodeJS.ProcessEnv;
}): Launched {
  const { env, addedEnv } = runEnvironment(options.env, options.shmid);
  const supervisor = Supervisor.launch(
    options.supervisorPath,
    {
      slavePath: options.slavePath,
      cpuSeconds: options.limits.cpuSeconds,
      dataBytes: options.limits.dataBytes,
      nproc: options.nproc,
      cgroup: options.cgroup,
      program: options.program,
      args: options.args,
    },
    { cwd: options.cwd, env },
  );
  return { supervisor, addedEnv };
}
