import { describe, expect, it } from 'vitest';
import type { SemaphoreSetStat } from '../../../../src-main/common/api';
import { formatCtime } from '../../../geometry/ipcs-format';
import { lockText, semaphoreHeaderFields } from './semaphore-panel-model';

const stat = (semval: number, semncnt: number): SemaphoreSetStat => ({
  semid: 7,
  key: 0,
  uid: 1000,
  gid: 100,
  cuid: 1000,
  cgid: 100,
  mode: 0o600,
  nsems: 1,
  otime: 0,
  ctime: 1_800_000_000,
  sems: [{ semnum: 0, semval, sempid: 42, semncnt, semzcnt: 0 }],
});

describe('semaphoreHeaderFields', () => {
  it('prints what ipcs -s -i prints, in its order and notation', () => {
    expect(semaphoreHeaderFields(stat(1, 0))).toEqual([
      { name: 'semid', value: '7' },
      { name: 'uid', value: '1000' },
      { name: 'gid', value: '100' },
      { name: 'cuid', value: '1000' },
      { name: 'cgid', value: '100' },
      { name: 'mode', value: '0600' },
      { name: 'access_perms', value: '0600' },
      { name: 'nsems', value: '1' },
      { name: 'otime', value: 'Not set' },
      { name: 'ctime', value: formatCtime(1_800_000_000) },
    ]);
  });
});

describe('lockText', () => {
  it('says free, taken, and who waits', () => {
    expect(lockText(stat(1, 0))).toBe(
      'Semaphore 0 is 1: the lock is free, and nobody waits for it.',
    );
    expect(lockText(stat(0, 1))).toBe(
      'Semaphore 0 is 0: the lock is taken, and 1 process waits in P().',
    );
    expect(lockText(stat(0, 2))).toBe(
      'Semaphore 0 is 0: the lock is taken, and 2 processes wait in P().',
    );
    expect(lockText(stat(3, 0))).toBe(
      'Semaphore 0 is 3: 3 P() can pass before one waits, and nobody waits for it.',
    );
    expect(lockText({ ...stat(1, 0), sems: [] })).toBe('The set has no semaphore 0.');
  });
});
