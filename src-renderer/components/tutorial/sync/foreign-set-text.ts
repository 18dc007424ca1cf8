// The words of the confirmation that comes before the panes change a semaphore set this Lab did
// not create (semop, SETVAL, IPC_RMID): whose set it is, what the change does, and the choice, in
// the segment confirmation's words. Every number comes from the set's IPC_STAT. Pure.
import type { ProcessName, SemaphoreSetStat } from '../../../../src-main/common/api';

/** A change the panes make to the set, as the Lab's command names it. */
export type SetChange =
  | { command: 'semop'; process: ProcessName; op: 'P' | 'V'; undo: boolean }
  | { command: 'SETVAL'; value: number }
  | { command: 'IPC_RMID' };

/** 'uid 1000 (alice)', or 'uid 1000' when the user name is not known here. */
function uidText(uid: number, user: string | null): string {
  return user === null ? `uid ${uid}` : `uid ${uid} (${user})`;
}

/**
 * Who owns the set and who made it. The kernel keeps no creator pid for a semaphore set (struct
 * semid_ds has none, unlike a segment's shm_cpid), so this says so and names the best honest
 * substitute: the last process that operated on semaphore 0 (sempid).
 */
export function setOwnerText(stat: SemaphoreSetStat, user: string | null): string {
  const creator = stat.cuid === stat.uid ? uidText(stat.cuid, user) : `uid ${stat.cuid}`;
  const sempid = stat.sems[0]?.sempid ?? 0;
  const last =
    sempid === 0
      ? 'no process has operated on semaphore 0 yet'
      : `the last process to operate on semaphore 0 was pid ${sempid} (sempid)`;
  return (
    `it belongs to ${uidText(stat.uid, user)}, created by ${creator}; the kernel keeps no ` +
    `creator pid for a semaphore set, and ${last}`
  );
}

/** What the change does to the set, in a sentence. */
export function changeText(change: SetChange): string {
  switch (change.command) {
    case 'semop': {
      const undo = change.undo
        ? `, and with SEM_UNDO the kernel reverses it when ${change.process} exits`
        : '';
      return change.op === 'P'
        ? `${change.process}’s P() is a semop of −1 on semaphore 0: it takes 1 from the value, or sleeps until it can${undo}.`
        : `${change.process}’s V() is a semop of +1 on semaphore 0: it adds 1 to the value, which may wake a process that waits on the set${undo}.`;
    }
    case 'SETVAL':
      return `SETVAL writes ${change.value} into semaphore 0, whatever its owner’s programs left there.`;
    case 'IPC_RMID':
      return 'IPC_RMID removes the set at once: every process sleeping in semop on it wakes with EIDRM.';
  }
}

/** The confirmation group's accessible name: 'Confirm A's P() (semop) of semaphore set 5'. */
export function confirmLabel(change: SetChange, semid: number): string {
  const what =
    change.command === 'semop'
      ? `${change.process}'s ${change.op}()${change.undo ? ' with SEM_UNDO' : ''} (semop)`
      : change.command;
  return `Confirm ${what} of semaphore set ${semid}`;
}

/** The whole question, naming the set, its owner and what the change does. */
export function foreignSetQuestion(
  semid: number,
  stat: SemaphoreSetStat,
  user: string | null,
  change: SetChange,
): string {
  return (
    `Semaphore set ${semid} was not created by ShmLab: ${setOwnerText(stat, user)}. ` +
    `${changeText(change)} Do you want to run ${change.command} on it anyway? Its owner’s ` +
    'programs may depend on its values.'
  );
}

/** The button that runs the change: 'Yes, run semop on uid 1000’s set 5'. */
export function confirmButtonText(change: SetChange, uid: number, semid: number): string {
  return `Yes, run ${change.command} on uid ${uid}’s set ${semid}`;
}
