// What killing A did to the lock, in pane 14: read from A's state, B's semop and the set's
// values (semval, semncnt, sempid) as the kernel reports them. Pure.
import type { ProcessState, SemaphoreSetStat } from '../../../../src-main/common/api';
import type { SemopEnd } from '../../../store/sync-state';

export interface UndoFacts {
  a: ProcessState;
  /** B's semop is waiting (its reply said so and no semopFinished came since). */
  bWaiting: boolean;
  /** B's wait ended with 'done' after A was killed. */
  bWoke: boolean;
  stat: SemaphoreSetStat | null;
}

export interface UndoVerdict {
  deadlock: boolean;
  text: string;
}

/**
 * Whether B's wait ended with 'done' because of the kill: an end of B's (the same pid) that came
 * at or after the moment the kill was sent. Not after the kill's answer: A's death wakes B, and
 * B's report can reach the page before the answer to the kill does.
 */
export function wokeAfterKill(end: SemopEnd | null, bPid: number | null, killSent: number | null) {
  return (
    end !== null &&
    end.pid === bPid &&
    end.event.outcome === 'done' &&
    killSent !== null &&
    end.at >= killSent
  );
}

/** The verdict once A is dead; null while A runs or before the set is known. */
export function undoVerdict(facts: UndoFacts): UndoVerdict | null {
  const { a, stat } = facts;
  const sem = stat?.sems[0];
  if (a.status !== 'exited' || sem === undefined) return null;
  const how =
    a.signal === null ? `exited (code ${a.exitCode ?? '?'})` : `was killed by ${a.signal}`;
  if (facts.bWaiting && sem.semval === 0 && sem.semncnt >= 1) {
    return {
      deadlock: true,
      text:
        `Deadlock: A ${how} while it held the lock, and nothing gave it back. The set shows ` +
        `semaphore 0 at ${sem.semval} with semncnt ${sem.semncnt} (B), and no process left ` +
        `that will ever V() it. B would sleep for ever: cancel its wait.`,
    };
  }
  if (facts.bWoke) {
    return {
      deadlock: false,
      text:
        `A ${how} while it held the lock, and the kernel undid its P() (SEM_UNDO): the value ` +
        `went back up, B's P() took it, and B went on by itself. The set shows semaphore 0 at ` +
        `${sem.semval}, last operated on by pid ${sem.sempid} (B). B now holds the lock: V() in B gives it back.`,
    };
  }
  return null;
}
