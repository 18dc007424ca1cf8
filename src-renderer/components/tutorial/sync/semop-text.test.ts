import { describe, expect, it } from 'vitest';
import type { SemaphoreSetStat, SemopResult, ThreadState } from '../../../../src-main/common/api';
import { doneText, endText, opName, threadText, waitingText } from './semop-text';

const stat = (semval: number, semncnt: number, sempid = 300): SemaphoreSetStat => ({
  semid: 9,
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
const thread: ThreadState = {
  pid: 301,
  tid: 305,
  state: 'S',
  stateText: 'sleeping (interruptible wait)',
  wchan: 'do_semtimedop',
};

describe('semop texts', () => {
  it('names P and V from the sign of the operation', () => {
    expect(opName({ ops: [{ semnum: 0, op: -1, undo: false, nowait: false }] })).toBe('P()');
    expect(opName({ ops: [{ semnum: 0, op: 1, undo: true, nowait: false }] })).toBe('V()');
  });

  it('says what a semop that returned at once left', () => {
    const result: SemopResult = {
      process: 'A',
      semid: 9,
      ops: [{ semnum: 0, op: -1, undo: false, nowait: false }],
      status: 'done',
      thread: null,
      stat: stat(0, 0),
    };
    expect(doneText(result)).toBe(
      "A's P() returned at once: semop returned 0. Semaphore 0 is now 0 (sempid 300).",
    );
  });

  it('describes a waiting thread from /proc, with semncnt', () => {
    expect(waitingText('B', thread, stat(0, 1))).toBe(
      "B's semop has not returned: the kernel put the calling thread to sleep. " +
        '/proc/301/task/305/stat says state S: sleeping (interruptible wait); it sleeps in the ' +
        'kernel function do_semtimedop (wchan). The set shows semncnt = 1 on semaphore 0.',
    );
    expect(threadText({ ...thread, wchan: null })).toContain('wait channel is not readable');
  });

  it('says how a wait ended', () => {
    const base = { process: 'B' as const, semid: 9, error: null };
    expect(endText({ ...base, outcome: 'done', stat: stat(0, 0, 301) })).toBe(
      'B woke up by itself: its semop returned 0 once the semaphore was given back. ' +
        'Semaphore 0 is now 0 (sempid 301).',
    );
    expect(endText({ ...base, outcome: 'cancelled', stat: null })).toContain('was cancelled');
    expect(endText({ ...base, outcome: 'exited', stat: null })).toContain('died while it waited');
    expect(
      endText({
        ...base,
        outcome: 'failed',
        stat: null,
        error: { code: 'EIDRM', message: 'removed', syscall: 'semop' },
      }),
    ).toContain('returned EIDRM');
    expect(
      endText({
        ...base,
        outcome: 'failed',
        stat: null,
        error: { code: 'EINVAL', message: 'bad semid' },
      }),
    ).toBe("B's semop failed with EINVAL: bad semid.");
  });
});
