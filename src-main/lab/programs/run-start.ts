// Starting one run: its terminal, what holds its process limit (a cgroup made for it, or
// RLIMIT_NPROC), its supervisor, and the program's pid once exec succeeded. A run that cannot
// start answers a coded error (the errno name: ENOENT, EACCES, EMFILE, E2BIG…) and leaves
// nothing behind: no pty end, no process, no cgroup.
import type { ProgramLimits } from '../../common/api';
import { LabError } from '../../common/errors';
import { launchProgram } from './launch';
import { OutputQueue } from './output-queue';
import { removeEmpty } from './run-cgroup';
import type { ProcessLimitPlan } from './run-limits';
import { planProcessLimit } from './run-limits';
import type { Started, Supervisor } from './supervisor';
import { Terminal } from './terminal';

/** What a run needs to start. */
export interface StartSpec {
  runId: number;
  program: string;
  args: readonly string[];
  /** SHMLAB_SHMID, when a segment was given. */
  shmid: number | null;
  cols: number;
  rows: number;
  /** As applied (effectiveLimits). */
  limits: ProgramLimits;
  cwd: string;
  env: NodeJS.ProcessEnv;
  supervisorPath: string;
}

/** A run that started: its parts, for ProgramRunner. */
export interface StartedRun {
  terminal: Terminal;
  queue: OutputQueue;
  plan: ProcessLimitPlan;
  supervisor: Supervisor;
  started: Started;
  addedEnv: Record<string, string>;
}

/** How long a supervisor that failed to start the program may take to exit (ms). */
const FAILED_EXIT_MS = 2000;

/** Starts the run; rejects with a coded LabError after undoing what was made. */
export async function startRun(
  spec: StartSpec,
  output: (text: string) => void,
): Promise<StartedRun> {
  const queue = new OutputQueue(output);
  let terminal: Terminal | null = null;
  let plan: ProcessLimitPlan | null = null;
  let supervisor: Supervisor | null = null;
  try {
    terminal = new Terminal(spec.cols, spec.rows, (text) => queue.push(text));
    plan = planProcessLimit(spec.runId, spec.limits.processes);
    const launched = launchProgram({
      ...spec,
      slavePath: terminal.slavePath,
      nproc: plan.nproc,
      cgroup: plan.cgroup?.path ?? null,
    });
    supervisor = launched.supervisor;
    const started = await supervisor.started;
    return { terminal, queue, plan, supervisor, started, addedEnv: launched.addedEnv };
  } catch (error) {
    // A supervisor that said "failed" ends by itself once it reaped the child it forked.
    supervisor?.end();
    if (supervisor !== null) await settleWithin(supervisor.gone, FAILED_EXIT_MS);
    terminal?.close();
    queue.clear();
    if (plan?.cgroup) removeEmpty(plan.cgroup.path);
    throw codedStartError(error, spec.program);
  }
}

/** Waits for `promise`, at most `ms`. */
export async function settleWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

function codedStartError(error: unknown, program: string): LabError {
  if (error instanceof LabError) return error;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return new LabError(
    typeof code === 'string' ? code : 'E_INTERNAL',
    `could not start ${program}: ${String(message)}`,
  );
}
