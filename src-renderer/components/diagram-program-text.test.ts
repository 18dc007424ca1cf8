import { describe, expect, it } from 'vitest';
import type { ProgramExitedEvent } from '../../src-main/common/api';
import {
  awaitingPagesText,
  exitNoteText,
  exitStatusText,
  forkedNote,
  programHeaders,
  programNote,
} from './diagram-program-text';

const exit = (overrides: Partial<ProgramExitedEvent> = {}): ProgramExitedEvent => ({
  runId: 3,
  pid: 4243,
  role: 'forked',
  exitCode: 0,
  signal: null,
  detached: [{ shmid: 5, address: '0x7f3a1442e000', size: 12288, readOnly: false }],
  runOver: false,
  removedSegments: [],
  removedSemaphoreSets: [],
  wallClockSignals: null,
  ...overrides,
});

describe('the program’s column texts', () => {
  it('names the program and a forked child by role and pid', () => {
    expect(programHeaders({ role: 'program', pid: 4242, ppid: 1 })).toEqual([
      'Your program · pid 4242',
      'pid 4242',
    ]);
    expect(programHeaders({ role: 'forked', pid: 4243, ppid: 4242 })[0]).toBe(
      'Forked child of 4242 · pid 4243',
    );
    expect(programNote({ command: 'p3', attachments: [] })).toBe('p3 · no segment attached');
  });

  it('says inherited across fork only when asked to, else what the child has', () => {
    const attached = [{ shmid: 5, address: '0x7f0000000000', size: 4096, readOnly: false }];
    expect(forkedNote({ ppid: 4242, attachments: attached }, true)).toBe(
      'same address as pid 4242: inherited across fork',
    );
    expect(forkedNote({ ppid: 4242, attachments: attached }, false)).toBe(
      'forked by 4242 · shmid 5 attached at its own address',
    );
    expect(forkedNote({ ppid: 4242, attachments: [] }, false)).toBe(
      'forked by 4242 · no segment attached',
    );
  });
});

describe('exitNoteText', () => {
  it('says the attachment went with the process, naming its parent', () => {
    expect(exitNoteText(exit(), 4242)).toBe(
      'pid 4243 (forked child of 4242) exited with status 0. It had shmid 5 at ' +
        '0x7f3a1442e000 attached when last seen: the attachment went with it ' +
        '(exit detaches; no shmdt needed).',
    );
  });

  it('words a signal, an unseen status and an exit with nothing attached', () => {
    expect(exitStatusText({ exitCode: null, signal: 'SIGINT' })).toBe('was killed by SIGINT');
    expect(exitStatusText({ exitCode: null, signal: null })).toBe(
      'ended (its parent collected its status before the Lab saw it)',
    );
    expect(exitNoteText(exit({ role: 'program', pid: 4242, detached: [] }), null)).toBe(
      'pid 4242 (your program) exited with status 0; it had no segment attached.',
    );
    expect(exitNoteText(exit(), null)).toMatch(/^pid 4243 \(a forked child\) exited/);
  });
});

describe('awaitingPagesText', () => {
  it('explains pages a forked child has not touched yet', () => {
    expect(awaitingPagesText(4243, 4242, [0, 2])).toBe(
      'pid 4243 has no page-table entry yet for pages 0 and 2, which pid 4242 has frames for. ' +
        "Fork gave the child the attachment, not those entries: the kernel fills them on the child's " +
        'first access, with the same frames.',
    );
    expect(awaitingPagesText(4243, 4242, [1])).toContain(
      'for page 1, which pid 4242 has a frame for',
    );
  });
});
