// A program that forks while attached: the child appears with the same address (and, where the
// kernel shows frames, the same page frames), then leaves; its exit status comes from its zombie.
// The run record holds only processes that have not ended.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skippableTitle } from '../../proc/fixtures/ipc-peer';
import type { TestLab } from '../test-helpers';
import { attachBoth, startTestLab, trackLeftovers } from '../test-helpers';
import {
  NO_CC,
  RunWatch,
  compileFixture,
  hasCompiler,
  recordedPrograms,
  startTimeOf,
} from './program-harness';

describe.skipIf(!hasCompiler)(skippableTitle('a program that forks', !hasCompiler, NO_CC), () => {
  let t: TestLab;
  let watch: RunWatch;
  const leftovers = trackLeftovers();
  beforeAll(async () => {
    t = await startTestLab();
    watch = new RunWatch(t.lab);
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows the child at the same address and frames, then its exit (5) and the run’s end', async () => {
    const shmid = await attachBoth(t.lab);
    leftovers.segments.push(shmid);
    const started = await t.lab.runProgram({
      programId: await compileFixture(t.lab, 'fork-attached.c'),
      shmid,
      args: [],
      cols: 80,
      rows: 24,
    });
    const printed = await watch.printed(started, /child (\d+) at (0x[0-9a-f]+)/);
    const child = Number(printed[1]);
    const both = await watch.listed(
      started,
      (list) => list.length === 2 && list.every((p) => p.attachments.length === 1),
    );
    expect(both.map((p) => [p.pid, p.role])).toEqual([
      [started.pid, 'program'],
      [child, 'forked'],
    ]);
    const [program, forked] = both;
    expect(forked?.ppid).toBe(started.pid);
    expect(forked?.pgid).toBe(started.pid);
    expect(forked?.attachments[0]?.address).toBe(printed[2]);
    expect(forked?.attachments[0]?.address).toBe(program?.attachments[0]?.address);
    expect((await t.lab.statSegment({ shmid })).nattch).toBe(4);

    const facts = await Promise.all(
      [started.pid, child].map((pid) => t.lab.inspectProgramProcess({ pid, shmid })),
    );
    for (const fact of facts) {
      expect(fact.shmRegion?.inode).toBe(shmid);
      expect(fact.shmRegion?.start).toBe(printed[2]);
      expect(fact.pages[0]?.present).toBe(true);
      expect(fact.maps.some((region) => region.kind === 'shm')).toBe(true);
    }
    expect(facts.map((fact) => fact.process.role)).toEqual(['program', 'forked']);
    const { system } = await t.lab.getState();
    if (system.pfnVisible) {
      expect(facts[0]?.pages[0]?.pfn).not.toBeNull();
      expect(facts[1]?.pages[0]?.pfn).toBe(facts[0]?.pages[0]?.pfn);
    } else {
      expect(facts[0]?.pfnHiddenReason).not.toBeNull();
    }

    // The child reads the first line and exits 5; its parent waits without reaping it.
    const childStart = startTimeOf(child);
    expect(recordedPrograms(t.stateDir)).toContainEqual({ pid: child, startTime: childStart });
    await t.lab.programInput({ runId: started.runId, data: 'go\r' });
    const childExit = await watch.exitOf(started, child);
    expect(childExit).toMatchObject({ role: 'forked', exitCode: 5, signal: null, runOver: false });
    // Ended (a zombie now): the crash sweep has nothing left to kill, so the record lets it go.
    expect(recordedPrograms(t.stateDir)).not.toContainEqual({ pid: child, startTime: childStart });
    expect(recordedPrograms(t.stateDir)).toContainEqual({
      pid: started.pid,
      startTime: startTimeOf(started.pid),
    });
    expect(childExit.detached).toEqual([expect.objectContaining({ shmid, address: printed[2] })]);
    await watch.listed(started, (list) => list.find((p) => p.pid === child)?.state === 'Z');
    await expect(t.lab.inspectProgramProcess({ pid: child, shmid })).rejects.toMatchObject({
      code: 'E_NO_SUCH_RUN',
    });
    expect((await t.lab.statSegment({ shmid })).nattch).toBe(3);

    await t.lab.programInput({ runId: started.runId, data: 'reap\r' });
    const over = await watch.over(started);
    expect(over).toMatchObject({ pid: started.pid, role: 'program', exitCode: 0 });
    expect(watch.output.get(started.runId)).toContain('child exited 5');
    expect((await t.lab.statSegment({ shmid })).nattch).toBe(2);
    const lists = watch.processes.get(started.runId) ?? [];
    expect(lists.at(-1)).toEqual([]);
  });

  it('inspectProgramProcess refuses a pid that is not a process of a run', async () => {
    await expect(
      t.lab.inspectProgramProcess({ pid: process.pid, shmid: null }),
    ).rejects.toMatchObject({ code: 'E_NO_SUCH_RUN' });
  });
});
