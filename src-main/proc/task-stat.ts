// Reader of one thread's state as the kernel shows it: /proc/<pid>/task/<tid>/stat (field 3)
// and .../wchan. This is how the Lab shows that a process is blocked in semop: its calling
// thread sleeps in the kernel, read from /proc, not inferred from our own bookkeeping.
import { readFileSync } from 'node:fs';
import type { ThreadState } from '../common/api';

/** What each state letter of proc(5) means, in words. */
const STATE_TEXT: Readonly<Record<string, string>> = {
  R: 'running (on a CPU or ready to run)',
  S: 'sleeping (interruptible wait)',
  D: 'waiting (uninterruptible, usually for I/O)',
  T: 'stopped (by a signal)',
  t: 'stopped (by a debugger)',
  Z: 'zombie (exited, not yet reaped by its parent)',
  X: 'dead',
  I: 'idle (kernel thread)',
  P: 'parked',
  W: 'waking',
  K: 'wakekill',
};

/** The state letter in words; an unknown letter is said to be unknown, never guessed. */
export function describeThreadState(state: string): string {
  return STATE_TEXT[state] ?? `state "${state}" (not one this app knows)`;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/**
 * The kernel's word for where the thread sleeps. The kernel prints "0" when it is not sleeping
 * or when it hides the symbol; an unreadable file (another user's process) is null too.
 */
function readWchan(dir: string): string | null {
  const text = readText(`${dir}/wchan`)?.trim() ?? '';
  return text === '' || text === '0' ? null : text;
}

/**
 * The thread `tid` of process `pid`, read now; null when that thread does not exist (it ended,
 * or the process is gone). The command name in stat may hold spaces and parentheses, so the
 * fields are taken after its last ')'.
 */
export function readThreadState(pid: number, tid: number): ThreadState | null {
  const dir = `/proc/${pid}/task/${tid}`;
  const stat = readText(`${dir}/stat`);
  if (stat === null) return null;
  const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ', 1)[0] ?? '';
  return { pid, tid, state, stateText: describeThreadState(state), wchan: readWchan(dir) };
}
