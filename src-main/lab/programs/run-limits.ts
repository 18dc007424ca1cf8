// The limits a run gets, and what holds its process limit on this machine: a pids cgroup where
// one can be made (run-cgroup.ts), RLIMIT_NPROC otherwise, nothing for root without a cgroup.
import { readFileSync, readdirSync } from 'node:fs';
import type { ProcessLimitHold, ProgramLimits } from '../../common/api';
import type { RunCgroup } from './run-cgroup';
import { makeRunCgroup } from './run-cgroup';

/**
 * Defaults: 30 s of CPU, 256 MiB of data (heap and other private memory), 64 processes and
 * threads at once, 10 minutes of wall-clock time.
 */
export const DEFAULT_LIMITS: ProgramLimits = {
  cpuSeconds: 30,
  dataBytes: 256 * 1024 * 1024,
  processes: 64,
  wallSeconds: 600,
};

/** The limits as they are applied: defaults for what is not given, whole units, at least 1. */
export function effectiveLimits(limits: Partial<ProgramLimits> = {}): ProgramLimits {
  const whole = (value: number | undefined, fallback: number): number =>
    Math.max(1, Math.floor(value ?? fallback));
  return {
    cpuSeconds: whole(limits.cpuSeconds, DEFAULT_LIMITS.cpuSeconds),
    // RLIMIT_DATA goes in whole KiB.
    dataBytes: whole((limits.dataBytes ?? DEFAULT_LIMITS.dataBytes) / 1024, 1) * 1024,
    processes: whole(limits.processes, DEFAULT_LIMITS.processes),
    wallSeconds: whole(limits.wallSeconds, DEFAULT_LIMITS.wallSeconds),
  };
}

/** The tasks (processes and threads) whose real uid is `uid` now: what RLIMIT_NPROC counts. */
export function userTasks(uid: number): number {
  let tasks = 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let status: string;
    try {
      status = readFileSync(`/proc/${name}/status`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    const realUid = /^Uid:\s+(\d+)/m.exec(status)?.[1];
    if (realUid === undefined || Number(realUid) !== uid) continue;
    tasks += Number(/^Threads:\s+(\d+)/m.exec(status)?.[1] ?? 1);
  }
  return tasks;
}

/**
 * Why RLIMIT_NPROC would not hold for our processes, or null when it would: the kernel does not
 * check it for real uid 0, nor for a process with CAP_SYS_RESOURCE or CAP_SYS_ADMIN.
 */
export function nprocIgnoredReason(): string | null {
  if (process.getuid?.() === 0)
    return 'the Lab runs as root, for which RLIMIT_NPROC is not checked';
  const capEff = /^CapEff:\s+([0-9a-f]+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  const caps = BigInt(`0x${capEff ?? '0'}`);
  const SYS_ADMIN = 21n;
  const SYS_RESOURCE = 24n;
  if (((caps >> SYS_ADMIN) & 1n) === 1n || ((caps >> SYS_RESOURCE) & 1n) === 1n) {
    return 'the Lab has CAP_SYS_ADMIN or CAP_SYS_RESOURCE, which RLIMIT_NPROC does not bind';
  }
  return null;
}

/** What holds run `runId`'s process limit, and what the supervisor is to apply. */
export interface ProcessLimitPlan {
  hold: ProcessLimitHold;
  cgroup: RunCgroup | null;
  /** RLIMIT_NPROC for the program, or null to leave it as it is. */
  nproc: number | null;
}

/** Makes the run's cgroup, or falls back to RLIMIT_NPROC, or says why nothing holds. */
export function planProcessLimit(runId: number, processes: number): ProcessLimitPlan {
  const attempt = makeRunCgroup(runId, processes);
  if ('cgroup' in attempt) {
    const { version, path } = attempt.cgroup;
    return { hold: { kind: 'cgroup', version, path }, cgroup: attempt.cgroup, nproc: null };
  }
  const ignored = nprocIgnoredReason();
  if (ignored !== null) {
    return {
      hold: { kind: 'none', reason: `no cgroup could be made (${attempt.reason}), and ${ignored}` },
      cgroup: null,
      nproc: null,
    };
  }
  const userTasksAtStart = userTasks(process.getuid?.() ?? -1);
  // The supervisor, started next, is one more task of the user, not one of the run's.
  const value = userTasksAtStart + 1 + processes;
  return { hold: { kind: 'rlimit-nproc', value, userTasksAtStart }, cgroup: null, nproc: value };
}
