import { describe, expect, it } from 'vitest';
import type { ProgramExitedEvent, ProgramProcess } from '../../src-main/common/api';
import { state } from './diagram-fixtures.test-support';
import {
  cpidText,
  exitDetachText,
  lpidText,
  panelShmids,
  programShmids,
  usedByText,
} from './segment-panel-model';

const attached = (shmid: number) => ({
  shmid,
  address: '0x7f0000000000',
  size: 4096,
  readOnly: false,
});
const program: ProgramProcess = {
  runId: 2,
  pid: 4242,
  ppid: 100,
  pgid: 4242,
  role: 'program',
  command: 'p1',
  state: 'S',
  attachments: [attached(5)],
};
const child: ProgramProcess = { ...program, pid: 4243, ppid: 4242, role: 'forked' };
const exited: ProgramExitedEvent = {
  runId: 2,
  pid: 4243,
  role: 'forked',
  exitCode: 0,
  signal: null,
  detached: [attached(5)],
  runOver: false,
  removedSegments: [],
  removedSemaphoreSets: [],
  wallClockSignals: null,
};
const lab = (aShmid: number | null) => ({
  segment: null,
  processes: {
    A: { state: { ...state('A'), attachment: aShmid === null ? null : attached(aShmid) } },
    B: { state: state('B') },
  },
});

describe('the segment panel and the learner’s program', () => {
  it('lists the segments the program attached after A’s and B’s, once each', () => {
    const run = { processes: [program, { ...child, attachments: [attached(5), attached(9)] }] };
    expect(programShmids(run)).toEqual([5, 9]);
    expect(panelShmids(lab(5) as never, programShmids(run))).toEqual([5, 9]);
  });

  it('names the program’s processes among those that have the segment attached', () => {
    const run = { processes: [program, child] };
    expect(usedByText(5, lab(5) as never, ['A', 'B'], run)).toBe(
      'attached in A, your program (pid 4242) and its forked child (pid 4243)',
    );
    expect(usedByText(9, lab(5) as never, ['A', 'B'], run)).toBe('not attached in A or B');
    expect(usedByText(5, lab(null) as never)).toBe('not attached in A or B');
  });

  it('names lpid and cpid when they are pids of the run, live or exited', () => {
    const run = { processes: [program], exits: [exited] };
    expect(lpidText({ lpid: 4242, shmid: 5 }, run)).toBe(
      'lpid 4242 is your program (pid 4242): the last process that attached or detached this segment.',
    );
    expect(lpidText({ lpid: 4243, shmid: 5 }, run)).toBe(
      'lpid 4243 is its forked child (pid 4243), which has exited: its exit detached the ' +
        'segment, and the kernel counts that as its last shmdt.',
    );
    expect(lpidText({ lpid: 4243, shmid: 9 }, run)).toBe(
      'lpid 4243 is its forked child (pid 4243), which has exited.',
    );
    expect(lpidText({ lpid: 77, shmid: 5 }, run)).toBeNull();
    expect(cpidText({ cpid: 4242 }, run)).toBe(
      'cpid 4242 is your program (pid 4242): it made this segment with shmget.',
    );
    expect(cpidText({ cpid: 1 }, run)).toBeNull();
  });

  it('says exit detaches, with the nattch readings it has and no others', () => {
    const reading = (nattch: number) => ({ nattch, at: 0 });
    const note = { pid: 4243, shmid: 5, before: reading(4), after: reading(3) };
    expect(exitDetachText(note, exited)).toBe(
      'Exit detaches implicitly: its forked child (pid 4243) exited with this segment attached, ' +
        'and the kernel detached it; nattch went from 4 to 3.',
    );
    expect(exitDetachText({ ...note, before: null }, undefined)).toBe(
      'Exit detaches implicitly: pid 4243 exited with this segment attached, and the kernel ' +
        'detached it; nattch is now 3.',
    );
    expect(exitDetachText({ ...note, after: null }, exited)).toMatch(
      /; nattch was 4 while it was attached\.$/,
    );
  });
});
