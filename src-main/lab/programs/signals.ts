// Signal names and numbers, from the running system (os.constants.signals), the decoding of a
// wait status as /proc/<pid>/stat's exit_code field holds it, and signals sent to a whole group.
import { constants } from 'node:os';

const byNumber = new Map<number, string>(
  Object.entries(constants.signals).map(([name, number]) => [number, name]),
);

/** 'SIGINT' for 2 or 'SIGINT'; an unnamed number as 'SIG<n>'. */
export function signalName(signal: number | string): string {
  if (typeof signal === 'string') return signal;
  return byNumber.get(signal) ?? `SIG${signal}`;
}

/**
 * Decodes a wait(2) status (what field 52 of /proc/<pid>/stat shows for a zombie): a normal
 * exit gives its code, a death by signal the signal's name.
 */
export function decodeWaitStatus(status: number): {
  exitCode: number | null;
  signal: string | null;
} {
  const termSignal = status & 0x7f;
  if (termSignal === 0) return { exitCode: (status >> 8) & 0xff, signal: null };
  return { exitCode: null, signal: signalName(termSignal) };
}

/** kill(-pgid, signal) for a run's group; nothing for a pgid below 1, nothing if it is gone. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  // pgid 0 (a run that never started) would make kill(-0) signal the Lab's own group.
  if (pgid <= 0) return;
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: nothing left in the group.
  }
}
