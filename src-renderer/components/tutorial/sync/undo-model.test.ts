import { describe, expect, it } from 'vitest';
import type { ProcessState, SemaphoreSetStat } from '../../../../src-main/common/api';
import { undoVerdict, wokeAfterKill } from './undo-model';

const killedA: ProcessState = {
  name: 'A',
  pid: 400,
  status: 'exited',
  exitCode: null,
  signal: 'SIGKILL',
  attachment: null,
};
const stat = (semval: number, semncnt: number, sempid: number): SemaphoreSetStat => ({
  semid: 3,
  key: 0,
  uid: 0,
  gid: 0,
  cuid: 0,
  cgid: 0,
  mode: 0o600,
  nsems: 1,
  otime: 1,
  ctime: 1,
  sems: [{ semnum: 0, semval, sempid, semncnt, semzcnt: 0 }],
});

describe('undoVerdict', () => {
  it('is a deadlock when A died holding the lock and B still sleeps on it', () => {
    const verdict = undoVerdict({
      a: killedA,
      bWaiting: true,
      bWoke: false,
      stat: stat(0, 1, 400),
    });
    expect(verdict?.deadlock).toBe(true);
    expect(verdict?.text).toContain('A was killed by SIGKILL while it held the lock');
    expect(verdict?.text).toContain('semaphore 0 at 0 with semncnt 1');
  });

  it('credits SEM_UNDO when B woke after the kill', () => {
    const verdict = undoVerdict({
      a: killedA,
      bWaiting: false,
      bWoke: true,
      stat: stat(0, 0, 401),
    });
    expect(verdict).toEqual({
      deadlock: false,
      text: expect.stringContaining('last operated on by pid 401 (B)') as string,
    });
  });

  it('says nothing while A runs, or when the kernel does not show B waiting', () => {
    const running = { ...killedA, status: 'running' as const, signal: null };
    expect(
      undoVerdict({ a: running, bWaiting: true, bWoke: false, stat: stat(0, 1, 400) }),
    ).toBeNull();
    expect(
      undoVerdict({ a: killedA, bWaiting: true, bWoke: false, stat: stat(0, 0, 400) }),
    ).toBeNull();
    expect(undoVerdict({ a: killedA, bWaiting: true, bWoke: false, stat: null })).toBeNull();
  });
});

describe('wokeAfterKill', () => {
  const end = (at: number, pid: number, outcome: 'done' | 'cancelled' = 'done') => ({
    event: { process: 'B' as const, semid: 3, outcome, error: null, stat: null },
    pid,
    seq: 1,
    at,
  });

  it('counts a wake that came after the kill was sent, even before its answer', () => {
    // Sent at 1000, B woke at 1003, the kill's answer came at 1005.
    expect(wokeAfterKill(end(1003, 401), 401, 1000)).toBe(true);
    expect(wokeAfterKill(end(1000, 401), 401, 1000)).toBe(true);
  });

  it('does not count an earlier wake, another pid, a cancel, or no kill at all', () => {
    expect(wokeAfterKill(end(999, 401), 401, 1000)).toBe(false);
    expect(wokeAfterKill(end(1003, 402), 401, 1000)).toBe(false);
    expect(wokeAfterKill(end(1003, 401, 'cancelled'), 401, 1000)).toBe(false);
    expect(wokeAfterKill(end(1003, 401), 401, null)).toBe(false);
    expect(wokeAfterKill(null, 401, 1000)).toBe(false);
  });
});
