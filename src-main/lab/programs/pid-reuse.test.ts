// Numbers a run held and let go, taken again (root only: clone3 with set_tid picks the pid). A
// pid the run uses twice names two processes of the run; the program's group and session, once
// no process of the run is in them, and the pid of an ended process are someone else's when
// another program takes the number: never signalled, adopted or credited with its segments.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skippableTitle } from '../../proc/fixtures/ipc-peer';
import type { Lab } from '../lab';
import type { TestLab } from '../test-helpers';
import { startTestLab, trackLeftovers } from '../test-helpers';
import {
  NO_CC,
  RunWatch,
  compileFixture,
  hasCompiler,
  isLiveProcess,
  recordedPrograms,
  startTimeOf,
} from './program-harness';

const isRoot = process.getuid?.() === 0;
const NEEDS_ROOT = 'needs root: only CAP_SYS_ADMIN may pick a new process’s pid (clone3 set_tid)';
const skip = !hasCompiler || !isRoot;

/** Another program (not of any run) that takes `pid`; its first line, and a way to end it. */
async function takePid(lab: Lab, pid: number, ...args: string[]) {
  const built = await lab.compileProgram({
    source: readFileSync(join(import.meta.dirname, 'fixtures', 'take-pid.c'), 'utf8'),
  });
  expect(built.ok).toBe(true);
  const binary = built.command[built.command.indexOf('-o') + 1]!;
  const stranger = spawn(binary, [String(pid), ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
  const lines = createInterface({ input: stranger.stdout });
  const said: string[] = [];
  const first = new Promise<string>((resolve) => lines.once('line', resolve));
  lines.on('line', (line) => said.push(line));
  const end = (): void => {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // It did not take the pid, or it is gone already.
    }
    stranger.kill('SIGKILL');
  };
  return { first: await first, said, end };
}

describe.skipIf(skip)(
  skippableTitle('numbers a run let go, taken again', skip, hasCompiler ? NEEDS_ROOT : NO_CC),
  () => {
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

    const run = async (fixture: string) =>
      t.lab.runProgram({
        programId: await compileFixture(t.lab, fixture),
        shmid: null,
        args: [],
        cols: 80,
        rows: 24,
      });

    it('a pid used twice in a run names two processes, both followed', async () => {
      const started = await run('reuse-pid.c');
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
      expect(recordedPrograms(t.stateDir)).toContainEqual({ pid, startTime: secondStart });

      await t.lab.programInput({ runId: started.runId, data: 'next\r' });
      await watch.over(started);
      expect(await watch.exitOf(started, started.pid)).toMatchObject({ exitCode: 0 });
      const exits = watch.exits.filter((e) => e.runId === started.runId && e.pid === pid);
      expect(exits).toHaveLength(2);
      expect(recordedPrograms(t.stateDir)).toEqual([]);
    });

    it('a group and session the run no longer holds are left alone when another program takes their number', async () => {
      const started = await run('leave-group.c');
      const printed = await watch.printed(started, /child (\d+) left with grandchild (\d+)/);
      const [child, grandchild] = [Number(printed[1]), Number(printed[2])];
      await watch.listed(started, (list) => list.some((p) => p.pid === grandchild));
      await t.lab.programInput({ runId: started.runId, data: 'bye\r' });
      expect(await watch.exitOf(started, started.pid)).toMatchObject({ exitCode: 0 });
      // The program's pid, and so the number of its group and session, is free now: another
      // program takes it and leads a session and group of its own there.
      const stranger = await takePid(t.lab, started.pid);
      try {
        expect(stranger.first).toBe(`took ${started.pid}`);
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
        expect(stranger.said.filter((line) => line.startsWith('ended'))).toEqual([]);
      } finally {
        stranger.end();
      }
    });

    it('a segment another program makes under a pid the run used is not the run’s', async () => {
      const started = await run('reuse-pid.c');
      const pid = Number((await watch.printed(started, /first (\d+)/))[1]);
      await watch.listed(started, (list) => list.some((p) => p.pid === pid));
      await t.lab.programInput({ runId: started.runId, data: 'next\r' });
      await watch.exitOf(started, pid);
      const stranger = await takePid(t.lab, pid, 'segment');
      try {
        const [, shmid] = /^took \d+ segment (\d+)$/.exec(stranger.first) ?? [];
        expect(stranger.first).toMatch(new RegExp(`^took ${pid} segment \\d+$`));
        leftovers.segments.push(Number(shmid));
        // Looks go by while the segment is there; then stop removes what the run made.
        await new Promise((resolve) => setTimeout(resolve, 300));
        const result = await t.lab.stopProgram({ runId: started.runId });
        expect(result.removedSegments).not.toContain(Number(shmid));
        expect((await t.lab.statSegment({ shmid: Number(shmid) })).cpid).toBe(pid);
      } finally {
        stranger.end();
      }
    });
  },
);
