// killProcess: a real signal to a child, as `kill` would send it. The answer waits for the
// kernel to report the exit, so what follows (SEM_UNDO applied, a respawn) sees it dead.
import type { KilledProcess } from '../common/api';
import { LabError } from '../common/errors';
import { readPidStat } from '../proc/pid-stat';
import type { ProcessSlot } from './process-slot';

/** How long a child may take to die after the signal before the command says so. */
const EXIT_WAIT_MS = 5000;

/** Whether `pid` is stopped (state T in /proc/<pid>/stat: it got SIGSTOP, SIGTSTP…). */
function isStopped(pid: number | null): boolean {
  return pid !== null && readPidStat(pid)?.[0] === 'T';
}

/**
 * Sends `signal` to the slot's child and resolves with its state once it has exited, with the
 * signals sent. A stopped child holds SIGTERM pending until it is continued, so SIGCONT follows
 * SIGTERM then (as Stop does for a program); SIGKILL ends a stopped process by itself.
 */
export async function killChild(
  slot: ProcessSlot,
  signal: 'SIGKILL' | 'SIGTERM',
): Promise<KilledProcess> {
  if (slot.current.status === 'exited') {
    throw new LabError(
      'E_CHILD_NOT_RUNNING',
      `process ${slot.name} has already exited; respawn it first`,
    );
  }
  const exited = slot.whenExited();
  const signals: string[] = [signal];
  slot.kill(signal);
  if (signal === 'SIGTERM' && isStopped(slot.current.pid)) {
    signals.push('SIGCONT');
    slot.kill('SIGCONT');
  }
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new LabError(
            'E_TIMEOUT',
            `process ${slot.name} did not exit within ${EXIT_WAIT_MS} ms of ${signals.join(' and ')}`,
          ),
        ),
      EXIT_WAIT_MS,
    );
  });
  try {
    await Promise.race([exited, late]);
  } finally {
    clearTimeout(timer);
  }
  return { ...slot.snapshot, signals };
}
