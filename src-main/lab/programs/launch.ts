// How a program is started: a shell that sets the limits (setrlimit through `ulimit`), opens the
// pty's slave as stdin, stdout and stderr, and execs the program, so the program keeps the pid
// the Lab spawned. spawn({ detached: true }) makes that pid a new session's leader; a session
// leader that opens a terminal without O_NOCTTY gets it as its controlling terminal, so ^C typed
// into the pty is SIGINT from the line discipline to the program's process group. When
// util-linux's setpriv is there, it goes in front with --pdeathsig KILL, so a Lab killed outright
// takes the program with it (the run record lets the next start kill what the program forked).
import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import type { ProgramLimits } from '../../common/api';
import { findOnPath } from './compiler';

/** Defaults: 30 s of CPU, 256 MiB of data (heap and other private memory). */
export const DEFAULT_LIMITS: ProgramLimits = { cpuSeconds: 30, dataBytes: 256 * 1024 * 1024 };

// $1 CPU seconds, $2 data KiB, $3 the slave's path, then the program and its arguments. dash
// takes one limit per ulimit; without -H or -S both soft and hard limits are set, so the CPU
// limit is SIGXCPU at the limit (fatal unless caught), and SIGKILL a second later if caught.
const SCRIPT =
  'ulimit -t "$1" && ulimit -d "$2" && ulimit -c 0 && exec 0<>"$3" 1>&0 2>&0 && shift 3 && ' +
  'exec "$@"';

/** The limits as setrlimit will apply them (RLIMIT_DATA goes in whole KiB through ulimit -d). */
export function effectiveLimits(limits: ProgramLimits): ProgramLimits {
  const kib = Math.max(1, Math.floor(limits.dataBytes / 1024));
  return { cpuSeconds: Math.max(1, Math.floor(limits.cpuSeconds)), dataBytes: kib * 1024 };
}

let setprivChecked: { path: string | null } | null = null;

/** setpriv when it is there and knows --pdeathsig (util-linux 2.33 and later), else null. */
export function pdeathsigWrapper(pathEnv: string): string | null {
  if (setprivChecked === null) {
    const path = findOnPath('setpriv', pathEnv) ?? findOnPath('setpriv', '/usr/bin:/bin');
    const works =
      path !== null &&
      spawnSync(path, ['--pdeathsig', 'KILL', '--', '/bin/sh', '-c', 'exit 0'], {
        stdio: 'ignore',
        timeout: 5000,
      }).status === 0;
    setprivChecked = { path: works ? path : null };
  }
  return setprivChecked.path;
}

/** The argv to spawn (detached) for one run. */
export function launchArgv(options: {
  wrapper: string | null;
  slavePath: string;
  program: string;
  args: readonly string[];
  limits: ProgramLimits;
}): string[] {
  const { cpuSeconds, dataBytes } = effectiveLimits(options.limits);
  const shell = [
    '/bin/sh',
    '-c',
    SCRIPT,
    'sh',
    String(cpuSeconds),
    String(dataBytes / 1024),
    options.slavePath,
    options.program,
    ...options.args,
  ];
  return options.wrapper === null
    ? shell
    : [options.wrapper, '--pdeathsig', 'KILL', '--', ...shell];
}

/** A program started: its process, when spawn() has settled, and what the Lab added to its env. */
export interface Launched {
  child: ChildProcess;
  /** Resolves once the process runs; rejects with spawn's error (ENOENT, EACCES…). */
  spawned: Promise<void>;
  /** TERM, and SHMLAB_SHMID when a segment was given. */
  addedEnv: Record<string, string>;
}

/** Spawns one run (detached: a new session and group) with its environment. */
export function launchProgram(options: {
  wrapper: string | null;
  slavePath: string;
  program: string;
  args: readonly string[];
  limits: ProgramLimits;
  shmid: number | null;
  cwd: string;
  env: NodeJS.ProcessEnv;
}): Launched {
  const addedEnv: Record<string, string> = { TERM: 'xterm-256color' };
  if (options.shmid !== null) addedEnv.SHMLAB_SHMID = String(options.shmid);
  // A SHMLAB_SHMID the Lab itself inherited must not reach a run that was given no segment.
  const env: NodeJS.ProcessEnv = { ...options.env, ...addedEnv };
  if (options.shmid === null) delete env.SHMLAB_SHMID;
  const [file = '/bin/sh', ...rest] = launchArgv(options);
  const child = spawn(file, rest, { detached: true, stdio: 'ignore', cwd: options.cwd, env });
  // spawn() reports a failure to start (ENOENT, EACCES…) as an event, not a throw.
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  return { child, spawned, addedEnv };
}
