import { describe, expect, it } from 'vitest';
import type { SemaphoreSetStat } from '../../../../src-main/common/api';
import type { SetChange } from './foreign-set-text';
import {
  changeText,
  confirmButtonText,
  confirmLabel,
  foreignSetQuestion,
  setOwnerText,
} from './foreign-set-text';

const stat = (owner: { uid: number; cuid: number }, sempid: number): SemaphoreSetStat => ({
  semid: 7,
  key: 0x51a2b3c4,
  uid: owner.uid,
  gid: owner.uid,
  cuid: owner.cuid,
  cgid: owner.cuid,
  mode: 0o644,
  nsems: 1,
  otime: 0,
  ctime: 1,
  sems: [{ semnum: 0, semval: 1, sempid, semncnt: 0, semzcnt: 0 }],
});

const pInA: SetChange = { command: 'semop', process: 'A', op: 'P', undo: false };

describe('the confirmation before changing another program’s semaphore set', () => {
  it('names the owner uid, the user where known, and the creator uid', () => {
    expect(setOwnerText(stat({ uid: 1000, cuid: 1000 }, 0), 'alice')).toBe(
      'it belongs to uid 1000 (alice), created by uid 1000 (alice); the kernel keeps no creator ' +
        'pid for a semaphore set, and no process has operated on semaphore 0 yet',
    );
    // IPC_SET gave the set to another uid: the name known is the owner's, not the creator's.
    expect(setOwnerText(stat({ uid: 1001, cuid: 0 }, 0), 'bob')).toContain(
      'uid 1001 (bob), created by uid 0;',
    );
    expect(setOwnerText(stat({ uid: 0, cuid: 0 }, 0), null)).toContain(
      'it belongs to uid 0, created by uid 0;',
    );
  });

  it('says there is no creator pid, and names the last pid that operated (sempid) instead', () => {
    expect(setOwnerText(stat({ uid: 0, cuid: 0 }, 4242), null)).toContain(
      'the kernel keeps no creator pid for a semaphore set, and the last process to operate on ' +
        'semaphore 0 was pid 4242 (sempid)',
    );
  });

  it('says what each change does to the set', () => {
    expect(changeText(pInA)).toBe(
      'A’s P() is a semop of −1 on semaphore 0: it takes 1 from the value, or sleeps until it can.',
    );
    expect(changeText({ command: 'semop', process: 'B', op: 'V', undo: true })).toBe(
      'B’s V() is a semop of +1 on semaphore 0: it adds 1 to the value, which may wake a process ' +
        'that waits on the set, and with SEM_UNDO the kernel reverses it when B exits.',
    );
    expect(changeText({ command: 'SETVAL', value: 1 })).toBe(
      'SETVAL writes 1 into semaphore 0, whatever its owner’s programs left there.',
    );
    expect(changeText({ command: 'IPC_RMID' })).toContain('wakes with EIDRM');
  });

  it('names the group after the change and the set, one per process and operation', () => {
    expect(confirmLabel(pInA, 7)).toBe("Confirm A's P() (semop) of semaphore set 7");
    expect(confirmLabel({ command: 'semop', process: 'B', op: 'V', undo: true }, 7)).toBe(
      "Confirm B's V() with SEM_UNDO (semop) of semaphore set 7",
    );
    expect(confirmLabel({ command: 'SETVAL', value: 1 }, 7)).toBe(
      'Confirm SETVAL of semaphore set 7',
    );
    expect(confirmLabel({ command: 'IPC_RMID' }, 7)).toBe('Confirm IPC_RMID of semaphore set 7');
  });

  it('asks in the segment confirmation’s words, and the button names the command and the owner', () => {
    expect(foreignSetQuestion(7, stat({ uid: 1000, cuid: 1000 }, 0), 'alice', pInA)).toMatch(
      /^Semaphore set 7 was not created by ShmLab: it belongs to uid 1000 \(alice\), .*A’s P\(\) is a semop of −1.* Do you want to run semop on it anyway\? Its owner’s programs may depend on its values\.$/,
    );
    expect(confirmButtonText(pInA, 1000, 7)).toBe('Yes, run semop on uid 1000’s set 7');
    expect(confirmButtonText({ command: 'SETVAL', value: 1 }, 0, 7)).toBe(
      'Yes, run SETVAL on uid 0’s set 7',
    );
    expect(confirmButtonText({ command: 'IPC_RMID' }, 0, 7)).toBe(
      'Yes, run IPC_RMID on uid 0’s set 7',
    );
  });
});
