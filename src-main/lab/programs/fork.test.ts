// A program that forks while attached: the child appears with the same address (and, where the
// kernel shows frames, the same page frames), then leaves; its exit status comes from its zombie.
// The run record holds only processes that have not ended, and a pid the run uses twice names
// two processes, each followed and recorded. A group or session the run no longer holds is
// someone else's once its number is taken again.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skippableTitle } from '../../proc/fixtures/ipc-peer';
import type { TestLab } from '../test-helpers';
import { attachBoth, startTestLab, trackLeftovers } from '../test-helpers';
import { runRecordSchema } from '../registry';
import { NO_CC, RunWatch, compileFixture, hasCompiler, isLiveProcess } from './program-harness';

const isRoot = process.getuid?.() === 0;
const NEEDS_ROOT = 'needs root: only CAP_SYS_ADMIN may pick a new process’s pid (clone3 set_tid)';

/** The program processes this test's Lab has in its run record now. */
function recordedPrograms(t: TestLab): { pid: number; startTime: string }[] {
  const file = join(t.stateDir, `run-${process.pid}.json`);
  const record = runRecordSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  return record.programs.map(({ pid, startTime }) => ({ pid, startTime }));
}

/** Field 22 of /proc/<pid>/stat: with the pid, it names one process. */
function startTimeOf(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
}

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
    expect(recordedPrograms(t)).toContainEqual({ pid: child, startTime: childStart });
    await t.lab.programInput({ runId: started.runId, data: 'go\r' });
    const childExit = await watch.exitOf(started, child);
    expect(childExit).toMatchObject({ role: 'forked', exitCode: 5, signal: null, runOver: false });
    // Ended (a zombie now): the crash sweep has nothing left to kill, so the record lets it go.
    expect(recordedPrograms(t)).not.toContainEqual({ pid: child, startTime: childStart });
    expect(recordedPrograms(t)).toContainEqual({
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

  it.skipIf(!isRoot)(
    skippableTitle(
      'a pid used twice in a run names two processes, both followed',
      !isRoot,
      NEEDS_ROOT,
    ),
    async () => {
      const started = await t.lab.runProgram({
        programId: await compileFixture(t.lab, 'reuse-pid.c'),
        shmid: null,
        args: [],
        cols: 80,
        rows: 24,
      });
      const pid = Number((await watch.printed(started, /first (\d+)/))[1]);
      await watch.listed(started, (list) => list.some((p) => p.pid === pid));
      const firstStart = startTimeOf(pid);
      await t.lab.programInput({ runId: started.runId, data: 'next\r' });
      await watch.exitOf(started, pid);
      const listsBefore = watch.processes.get(started.runId)?.length ?? 0;
      await t.lab.programInput({ runId: started.runId, data: 'next\r' });
      const again = await watch.printed(started, /again \d+|clone3 failed: .*/);
      expect(again[0]).toBe(`again ${pid}`);
      const secondStart = startTimeOf(pid);
      expect(secondStart).not.toBe(firstStart);

      // The second process is the run's: listed, open to inspection, in the run record.
      await watch.until(
        `pid ${pid} listed again`,
        () =>
          (watch.processes.get(started.runId) ?? [])
            .slice(listsBefore)
            .find((list) => list.some((p) => p.pid === pid && p.state !== 'Z')),
        5000,
      );
      const facts = await t.lab.inspectProgramProcess({ pid, shmid: null });
      expect(facts.process).toMatchObject({ pid, ppid: started.pid, role: 'forked' });
      expect(recordedPrograms(t)).toContainEqual({ pid, startTime: secondStart });

      await t.lab.programInput({ runId: started.runId, data: 'next\r' });
      await watch.over(started);
      expect(await watch.exitOf(started, started.pid)).toMatchObject({ exitCode: 0 });
      const exits = watch.exits.filter((e) => e.runId === started.runId && e.pid === pid);
      expect(exits).toHaveLength(2);
      expect(recordedPrograms(t)).toEqual([]);
    },
  );

  it.skipIf(!isRoot)(
    skippableTitle(
      'a group and session the run no longer holds are left alone when another program takes their number',
      !isRoot,
      NEEDS_ROOT,
    ),
    async () => {
      const started = await t.lab.runProgram({
        programId: await compileFixture(t.lab, 'leave-group.c'),
        shmid: null,
        args: [],
        cols: 80,
        rows: 24,
      });
      const printed = await watch.printed(started, /child (\d+) left with grandchild (\d+)/);
      const [child, grandchild] = [Number(printed[1]), Number(printed[2])];
      await watch.listed(started, (list) => list.some((p) => p.pid === grandchild));
      await t.lab.programInput({ runId: started.runId, data: 'bye\r' });
      expect(await watch.exitOf(started, started.pid)).toMatchObject({ exitCode: 0 });
      // The program's pid, and so the number of its group and session, is free now: another
      // program takes it and leads a session and group of its own there.
      const built = await t.lab.compileProgram({
        source: readFileSync(join(import.meta.dirname, 'fixtures', 'take-pid.c'), 'utf8'),
      });
      expect(built.ok).toBe(true);
      const binary = built.command[built.command.indexOf('-o') + 1]!;
      const stranger = spawn(binary, [String(started.pid)], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      const lines = createInterface({ input: stranger.stdout });
      const said: string[] = [];
      lines.on('line', (line) => said.push(line));
      try {
        const first = await new Promise<string>((resolve) => lines.once('line', resolve));
        expect(first).toBe(`took ${started.pid}`);
        // A process of the run ends, reaped at once: the next look searches for orphans by
        // session, but never in a session the run no longer holds.
        const listsBefore = watch.processes.get(started.runId)?.length ?? 0;
        process.kill(grandchild, 'SIGTERM');
        await watch.exitOf(started, grandchild);
        await new Promise((resolve) => setTimeout(resolve, 300));
        const later = (watch.processes.get(started.runId) ?? []).slice(listsBefore);
        expect(later.flat().map((p) => p.pid)).not.toContain(started.pid);
        const result = await t.lab.stopProgram({ runId: started.runId });
        // No SIGINT: no process of the run is in the group; SIGKILL went to each by pid.
        expect(result.signals).toEqual(['SIGKILL']);
        expect(isLiveProcess(child)).toBe(false);
        expect(isLiveProcess(started.pid)).toBe(true);
        expect(said.filter((line) => line.startsWith('ended'))).toEqual([]);
      } finally {
        try {
          process.kill(started.pid, 'SIGKILL');
        } catch {
          // It did not start, or it is gone already.
        }
        stranger.kill('SIGKILL');
      }
    },
  );

  it('inspectProgramProcess refuses a pid that is not a process of a run', async () => {
    await expect(
      t.lab.inspectProgramProcess({ pid: process.pid, shmid: null }),
    ).rejects.toMatchObject({ code: 'E_NO_SUCH_RUN' });
  });
});
