// How an end of a process of the learner's run is said in words: the exit status, or the signal
// with what most likely sent it (Stop, the wall clock, the terminal's ^C, the CPU-time limit), so
// "killed by SIGKILL" never stands alone without a why; and the run's limits, with what holds the
// process limit on this machine.
import type {
  ProcessLimitHold,
  ProgramLimits,
  StopProgramResult,
} from '../../../src-main/common/api';

/** What the kernel's signals mean to a learner, for the ones a small C program meets. */
const SIGNAL_MEANING: Record<string, string> = {
  SIGINT: 'interrupt',
  SIGKILL: 'cannot be caught or ignored',
  SIGTERM: 'asked to terminate',
  SIGSEGV: 'a memory access outside its mappings, or a store to a read-only one',
  SIGBUS: 'a bad memory access (e.g. past the end of a mapped object)',
  SIGFPE: 'an arithmetic error such as a division by zero',
  SIGABRT: 'abort(), e.g. a failed assert',
  SIGXCPU: 'it used up its CPU-time limit',
  SIGPIPE: 'it wrote to a pipe nobody reads',
  SIGHUP: 'its terminal hung up: the program that led its session ended',
  SIGQUIT: 'quit (^\\ in the terminal)',
  SIGILL: 'an illegal instruction',
};

/** One end to describe: its status or signal, and what the view knows around it. */
export interface EndFacts {
  exitCode: number | null;
  signal: string | null;
  limits: ProgramLimits | null;
  /** The answer of Stop when the learner pressed it for this run; null otherwise. */
  stopped: Pick<StopProgramResult, 'signals'> | null;
  /** The signals the Lab sent when the run reached its wall-clock limit; null otherwise. */
  wallClockSignals?: string[] | null;
}

/** The end of a process in words, e.g. "exited with status 0", "killed by SIGINT (…)". */
export function endText(facts: EndFacts): string {
  const { exitCode, signal, limits, stopped } = facts;
  if (signal === null && exitCode !== null) return `exited with status ${exitCode}`;
  if (signal === null) return 'ended, status not seen (its parent reaped it before the Lab looked)';
  if (facts.wallClockSignals?.includes(signal) === true) {
    const at =
      limits === null
        ? 'its wall-clock limit'
        : `its wall-clock limit (${durationText(limits.wallSeconds)})`;
    return signal === 'SIGKILL'
      ? `killed by SIGKILL, sent when the run reached ${at} and SIGINT did not end it`
      : `killed by ${signal}, sent when the run reached ${at}`;
  }
  const sentByStop = stopped?.signals.includes(signal) === true;
  const cpu =
    limits === null ? 'its CPU-time limit' : `its CPU-time limit (${limits.cpuSeconds} s)`;
  if (signal === 'SIGXCPU') return `stopped by the CPU limit (SIGXCPU): it used up ${cpu}`;
  if (signal === 'SIGKILL') {
    if (sentByStop) return 'killed by SIGKILL, sent by Stop after SIGINT did not end it';
    return `killed by SIGKILL: not sent by Stop; the kernel sends it when a program passes ${cpu}, or another process sent it`;
  }
  if (signal === 'SIGINT')
    return sentByStop
      ? 'killed by SIGINT, sent by Stop'
      : 'killed by SIGINT (^C in its terminal, or another process sent it)';
  const meaning = SIGNAL_MEANING[signal];
  return meaning === undefined ? `killed by ${signal}` : `killed by ${signal} (${meaning})`;
}

/** Why Stop sent each signal after the first, in the order it sends them. */
const STOP_REASON: Record<string, string> = {
  SIGCONT: 'SIGCONT, because a process of it was stopped and could not take SIGINT',
  SIGKILL: 'SIGKILL when it outlived the grace period',
};

/** What Stop did: the signals it sent to the process group, in order, and why each came. */
export function stopText(stopped: Pick<StopProgramResult, 'signals'>): string {
  const [first, ...rest] = stopped.signals;
  if (first === undefined) return 'Stop sent no signal: the run had already ended.';
  if (rest.length === 0) return `Stop sent ${first} to the process group; that ended it.`;
  const then = rest.map((signal) => STOP_REASON[signal] ?? signal).join(', then ');
  return `Stop sent ${first} to the process group, then ${then}.`;
}

/** What the Lab did at the wall-clock limit: the signals it sent, in order. */
export function wallClockText(signals: readonly string[], limits: ProgramLimits): string {
  const [first = 'SIGINT', ...rest] = signals;
  const then = rest.map((signal) => STOP_REASON[signal] ?? signal).join(', then ');
  return (
    `The run reached its wall-clock limit (${durationText(limits.wallSeconds)}): the Lab sent ` +
    `${first} to the process group${then === '' ? '' : `, then ${then}`}, as Stop does.`
  );
}

/** The limits in words: "CPU time 30 s, data segment 256 MiB, 64 processes, wall clock 10 min". */
export function limitsText(limits: ProgramLimits): string {
  return (
    `CPU time ${limits.cpuSeconds} s, data segment ${bytesText(limits.dataBytes)}, ` +
    `${limits.processes} processes, wall clock ${durationText(limits.wallSeconds)}`
  );
}

/** What holds the process limit on this machine, in words. */
export function processLimitText(hold: ProcessLimitHold, processes: number): string {
  if (hold.kind === 'cgroup') {
    return (
      `At most ${processes} processes and threads at once: pids.max of the run's own cgroup ` +
      `(v${hold.version}, ${hold.path}); a fork past it fails with EAGAIN.`
    );
  }
  if (hold.kind === 'rlimit-nproc') {
    return (
      `RLIMIT_NPROC ${hold.value}: no cgroup could be made here, and this limit counts every ` +
      `process and thread of your user, who had ${hold.userTasksAtStart} when the run started. ` +
      `So the run may make about ${processes}, fewer if your other programs start more meanwhile.`
    );
  }
  return `No process limit holds: ${hold.reason}.`;
}

/** Seconds as "45 s" or, in whole minutes, "10 min". */
export function durationText(seconds: number): string {
  return seconds >= 120 && seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}

/** A byte count in the largest binary unit that divides it (or in bytes). */
export function bytesText(bytes: number): string {
  const units = ['GiB', 'MiB', 'KiB'] as const;
  for (const [index, unit] of units.entries()) {
    const size = 1024 ** (units.length - index);
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  return `${bytes} B`;
}
