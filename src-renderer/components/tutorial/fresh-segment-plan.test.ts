import { describe, expect, it } from 'vitest';
import type { ProcessState, SegmentInfo } from '../../../src-main/common/api';
import {
  bothAttached,
  freshNeed,
  freshSegmentPlan,
  freshStepCall,
  freshStepWhere,
  segmentNeed,
} from './fresh-segment-plan';

const idle = (name: 'A' | 'B'): ProcessState => ({
  name,
  pid: name === 'A' ? 100 : 101,
  status: 'running',
  exitCode: null,
  signal: null,
  attachment: null,
});
const withSegment = (name: 'A' | 'B', shmid: number, readOnly = false): ProcessState => ({
  ...idle(name),
  attachment: {
    shmid,
    address: name === 'A' ? '0x7f0000000000' : '0x7e0000000000',
    size: 8192,
    readOnly,
  },
});
const removed = { shmid: 7, requestedSize: 10000 } as unknown as SegmentInfo;

describe('freshNeed', () => {
  it('needs nothing while one segment is attached read-write in both', () => {
    expect(freshNeed(removed, {}, withSegment('A', 7), withSegment('B', 7))).toEqual({
      needed: false,
      why: '',
    });
    expect(bothAttached(withSegment('A', 7), withSegment('B', 7, true))).toBe(false);
  });

  it('after IPC_RMID and the last shmdt, says the segment is gone', () => {
    const need = freshNeed(removed, null, idle('A'), idle('B'));
    expect(need.needed).toBe(true);
    expect(need.why).toBe(
      'Segment 7 no longer exists: it was removed (IPC_RMID) and its last attachment is gone. Neither A nor B has a segment attached.',
    );
  });

  it('names what is missing otherwise', () => {
    expect(freshNeed(null, null, idle('A'), idle('B')).why).toBe('There is no segment yet.');
    expect(freshNeed(removed, {}, withSegment('A', 7), idle('B')).why).toBe(
      'B has no segment attached.',
    );
    expect(freshNeed(removed, {}, withSegment('A', 7), withSegment('B', 8)).why).toMatch(
      /different segments attached \(7 and 8\)/,
    );
    expect(freshNeed(removed, {}, withSegment('A', 7), withSegment('B', 7, true)).why).toBe(
      'B attached the segment read-only.',
    );
  });
});

describe('freshSegmentPlan', () => {
  it('detaches what is left, then shmget with the last size, then shmat in A and B', () => {
    const steps = freshSegmentPlan({ A: withSegment('A', 7), B: idle('B') }, removed, 4096);
    expect(steps).toEqual([
      { op: 'shmdt', process: 'A', address: '0x7f0000000000' },
      { op: 'shmget', size: 10000 },
      { op: 'shmat', process: 'A' },
      { op: 'shmat', process: 'B' },
    ]);
  });

  it('makes one page when there was no segment before', () => {
    const steps = freshSegmentPlan({ A: idle('A'), B: idle('B') }, null, 16384);
    expect(steps[0]).toEqual({ op: 'shmget', size: 16384 });
  });

  it('writes each call as C, with the shmid shmget returned and where it ran', () => {
    expect(freshStepCall({ op: 'shmget', size: 4096 }, null)).toBe(
      'shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600)',
    );
    expect(freshStepCall({ op: 'shmat', process: 'B' }, 12)).toBe('shmat(12, NULL, 0)');
    expect(freshStepCall({ op: 'shmdt', process: 'A', address: '0x7f0000000000' }, 12)).toBe(
      'shmdt(0x7f0000000000)',
    );
    const pids = { host: 50, A: 100, B: null };
    expect(freshStepWhere({ op: 'shmget', size: 1 }, pids)).toBe('in the ShmLab host (pid 50)');
    expect(freshStepWhere({ op: 'shmget', size: 1 }, { ...pids, host: 0 })).toBe(
      'in the ShmLab host',
    );
    expect(freshStepWhere({ op: 'shmat', process: 'A' }, pids)).toBe('in A (pid 100)');
    expect(freshStepWhere({ op: 'shmat', process: 'B' }, pids)).toBe('in B');
  });
});

describe('segmentNeed', () => {
  it('needs a segment only when there is none or the kernel removed it', () => {
    expect(segmentNeed(removed, {})).toEqual({ needed: false, why: '' });
    expect(segmentNeed(removed, null).why).toMatch(/^Segment 7 no longer exists/);
    expect(segmentNeed(null, null)).toEqual({ needed: true, why: 'There is no segment yet.' });
  });
});
