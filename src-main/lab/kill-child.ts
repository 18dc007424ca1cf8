// killProcess: a real signal to a child, as `kill` would send it. The answer waits for the
// kernel to report the exit, so what follows (SEM_UNDO applied, a respawn) sees it dead.
import type { ProcessState } from '../common/api';
import { LabError } from '../common/errors';
import type { ProcessSlot } from './process-slot';

/** How long a child may take to die after the signal before the command says so. */
const EXIT_WAIT_MS = 5000;

/** Sends `signal` to the slot's child and resolves with its state once it has exited. */
export async function killChild(
  slot: ProcessSlot,
  signal: 'SIGKILL' | 'SIGTERM',
): Promise<ProcessState> {
  if (slot.current.status === 'exited') {
    throw new LabError(
      'E_CHILD_NOT_RUNNING',
      `process ${slot.name} has already exited; respawn it first`,
    );
  }
  const exited = slot.whenExited();
  slot.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new LabError(
            'E_TIMEOUT',
            `process ${slot.name} did not exit within ${EXIT_WAIT_MS} ms of ${signal}`,
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
  return slot.snapshot;
}
