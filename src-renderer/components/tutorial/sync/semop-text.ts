// What a process's semop did, in words, from the Lab's answers and events only: the reply
// (done at once, or waiting with the thread as /proc shows it) and the semopFinished that ends a
// wait. Pure.
import type {
  ProcessName,
  SemaphoreSetStat,
  SemopFinishedEvent,
  SemopResult,
  ThreadState,
} from '../../../../src-main/common/api';

/** 'P()' or 'V()' for the first operation of a semop, as the panes make them. */
export function opName(result: Pick<SemopResult, 'ops'>): string {
  const op = result.ops[0]?.op ?? 0;
  return op < 0 ? 'P()' : op > 0 ? 'V()' : 'wait-for-zero';
}

function semaphoreZero(stat: SemaphoreSetStat | null): string {
  const sem = stat?.sems[0];
  return sem === undefined ? '' : ` Semaphore 0 is now ${sem.semval} (sempid ${sem.sempid}).`;
}

/** The answer to a semop that completed at once. */
export function doneText(result: SemopResult): string {
  return `${result.process}'s ${opName(result)} returned at once: semop returned 0.${semaphoreZero(result.stat)}`;
}

/** The thread's state as /proc shows it, in a sentence. */
export function threadText(thread: ThreadState): string {
  const wchan =
    thread.wchan === null
      ? 'its wait channel is not readable here'
      : `it sleeps in the kernel function ${thread.wchan} (wchan)`;
  return (
    `/proc/${thread.pid}/task/${thread.tid}/stat says state ${thread.state}: ${thread.stateText}; ` +
    `${wchan}.`
  );
}

/** A semop the kernel made wait: who, where it sleeps, and how many wait on semaphore 0. */
export function waitingText(
  process: ProcessName,
  thread: ThreadState | null,
  stat: SemaphoreSetStat | null,
): string {
  const sem = stat?.sems[0];
  const count = sem === undefined ? '' : ` The set shows semncnt = ${sem.semncnt} on semaphore 0.`;
  const where = thread === null ? '' : ` ${threadText(thread)}`;
  return `${process}'s semop has not returned: the kernel put the calling thread to sleep.${where}${count}`;
}

/** How a wait ended, from its semopFinished event. */
export function endText(event: SemopFinishedEvent): string {
  const who = event.process;
  switch (event.outcome) {
    case 'done':
      return `${who} woke up by itself: its semop returned 0 once the semaphore was given back.${semaphoreZero(event.stat)}`;
    case 'cancelled':
      return `${who}'s wait was cancelled: its semop was interrupted and did not take the semaphore.${semaphoreZero(event.stat)}`;
    case 'exited':
      return `${who} died while it waited; the kernel took it off the wait queue.${semaphoreZero(event.stat)}`;
    case 'failed': {
      const code = event.error?.code ?? 'an error';
      if (code === 'EIDRM') {
        return `The set was removed (IPC_RMID) while ${who} waited: its semop returned EIDRM and it took nothing.`;
      }
      return `${who}'s semop failed with ${code}${event.error === null ? '' : `: ${event.error.message}`}.`;
    }
  }
}
