import { describe, expect, it } from 'vitest';
import type { ProgramProcess } from '../../src-main/common/api';
import { programProcesses, sameAttachmentAsParent } from './diagram-processes';
import {
  CHILD_PID,
  FORK_SHMID,
  PARENT_PID,
  childFactsAtFork,
  childFactsTouched,
  childProcess,
  parentFacts,
  parentProcess,
} from './diagram-fork-fixture.test-support';

describe('programProcesses', () => {
  it('draws the program first, then its forked child, named by role and pid', () => {
    const { processes, notDrawn } = programProcesses(
      [childProcess, parentProcess],
      { [PARENT_PID]: parentFacts, [CHILD_PID]: childFactsAtFork },
      4,
    );
    expect(notDrawn).toEqual([]);
    expect(processes.map((process) => [process.id, process.role, process.short])).toEqual([
      [`p${PARENT_PID}`, 'program', `pid ${PARENT_PID}`],
      [`p${CHILD_PID}`, 'forked', `pid ${CHILD_PID}`],
    ]);
    const [program, child] = processes;
    expect(program?.headers[0]).toBe(`Your program · pid ${PARENT_PID}`);
    expect(program?.note).toBe(`forker · shmid ${FORK_SHMID} attached`);
    expect(program?.name).toBe(`your program (pid ${PARENT_PID})`);
    expect(child?.headers).toEqual([
      `Forked child of ${PARENT_PID} · pid ${CHILD_PID}`,
      `Forked child · pid ${CHILD_PID}`,
      `pid ${CHILD_PID}`,
    ]);
  });

  it('says the child has the same address as its parent when both maps show it there', () => {
    // Right after fork: the same maps line in both, though the child touched no page yet.
    expect(sameAttachmentAsParent(childFactsAtFork, parentFacts)).toBe(true);
    const { processes } = programProcesses(
      [parentProcess, childProcess],
      { [PARENT_PID]: parentFacts, [CHILD_PID]: childFactsTouched },
      4,
    );
    const child = processes[1];
    expect(child?.inheritedFrom).toBe(PARENT_PID);
    expect(child?.note).toBe(`same address as pid ${PARENT_PID}: inherited across fork`);
  });

  it('never claims inheritance without both processes’ facts, or for another address', () => {
    const { processes } = programProcesses(
      [parentProcess, childProcess],
      { [CHILD_PID]: childFactsAtFork },
      4,
    );
    expect(processes[1]?.inheritedFrom).toBeNull();
    expect(processes[1]?.note).toBe(
      `forked by ${PARENT_PID} · shmid ${FORK_SHMID} attached at its own address`,
    );
    // Waiting for its parent's facts: the parent's column says it reads /proc.
    expect(processes[0]?.placeholder).toEqual([
      `Reading pid ${PARENT_PID}'s`,
      `/proc/${PARENT_PID}/maps…`,
    ]);
    const moved = {
      ...childFactsAtFork,
      shmRegion: childFactsAtFork.shmRegion && {
        ...childFactsAtFork.shmRegion,
        start: '0x7f0000000000',
      },
    };
    expect(sameAttachmentAsParent(moved, parentFacts)).toBe(false);
    expect(sameAttachmentAsParent(null, parentFacts)).toBe(false);
  });

  it('uses facts only for their own pid, and shows a zombie without maps', () => {
    const zombie: ProgramProcess = { ...childProcess, state: 'Z', attachments: [] };
    const { processes } = programProcesses(
      [parentProcess, zombie],
      // The child's entry holds the parent's facts: never drawn as the child's.
      { [PARENT_PID]: parentFacts, [CHILD_PID]: parentFacts },
      4,
    );
    const child = processes[1];
    expect(child?.facts).toBeNull();
    expect(child?.running).toBe(false);
    expect(child?.placeholder?.[0]).toBe(`pid ${CHILD_PID} has exited: a zombie`);
    expect(child?.note).toBe(`forked by ${PARENT_PID} · no segment attached`);
  });

  it('draws at most the columns there is room for and lists the rest', () => {
    const children = [1, 2, 3, 4].map((n): ProgramProcess => ({
      ...childProcess,
      pid: CHILD_PID + n,
    }));
    const { processes, notDrawn } = programProcesses([parentProcess, ...children], {}, 4);
    expect(processes.map((process) => process.pid)).toEqual([
      PARENT_PID,
      CHILD_PID + 1,
      CHILD_PID + 2,
      CHILD_PID + 3,
    ]);
    expect(notDrawn.map((process) => process.pid)).toEqual([CHILD_PID + 4]);
  });
});
