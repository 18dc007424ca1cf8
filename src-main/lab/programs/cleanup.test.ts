// What a run made is removed when it is stopped and when the Lab closes (kept after a natural
// exit until then), no process of a run outlives Lab.close(), the crash sweep kills what a
// killed Lab's program left, and --no-run refuses to run.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skippableTitle } from '../../proc/fixtures/ipc-peer';
import { sweepDeadRuns } from '../sweep';
import type { TestLab } from '../test-helpers';
import { listedSemids, listedShmids, startTestLab, trackLeftovers } from '../test-helpers';
import { NO_CC, RunWatch, compileFixture, hasCompiler, isLiveProcess } from './program-harness';

const leftovers = trackLeftovers();

async function waitUntil(condition: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

interface CrashFacts {
  programsDir: string;
  main: number;
  program: number;
  child: number;
  shmid: number;
  semid: number;
}

/** The first line a fixture prints, as JSON. */
async function firstLine<T>(input: NodeJS.ReadableStream): Promise<T> {
  for await (const line of createInterface({ input })) return JSON.parse(line) as T;
  throw new Error('the fixture exited before printing its line');
}

/** Runs make-objects.c in `mode`; returns the run and the ids it printed (left for cleanup). */
async function makeObjects(t: TestLab, watch: RunWatch, mode: 'wait' | 'exit' | 'fork') {
  const run = await t.lab.runProgram({
    programId: await compileFixture(t.lab, 'make-objects.c'),
    shmid: null,
    args: [mode],
    cols: 80,
    rows: 24,
  });
  const [, shmid, semid, child] = (
    await watch.printed(run, /shmid=(\d+) semid=(\d+) child=(\d+)/)
  ).map(Number);
  leftovers.segments.push(shmid!);
  leftovers.sets.push(semid!);
  return { run, shmid: shmid!, semid: semid!, child: child! };
}

describe.skipIf(!hasCompiler)(skippableTitle('objects a program made', !hasCompiler, NO_CC), () => {
  it('stop removes the segment and the set the program made, and says so', async () => {
    const t = await startTestLab();
    const watch = new RunWatch(t.lab);
    try {
      const made = await makeObjects(t, watch, 'wait');
      // Attributed at the next look (every 100 ms): stop only after that.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const result = await t.lab.stopProgram({ runId: made.run.runId });
      expect(result).toMatchObject({
        signals: ['SIGINT'],
        signal: 'SIGINT',
        removedSegments: [made.shmid],
        removedSemaphoreSets: [made.semid],
      });
      const over = await watch.over(made.run);
      expect(over.removedSegments).toEqual([made.shmid]);
      expect(over.removedSemaphoreSets).toEqual([made.semid]);
      expect((await listedShmids()).has(made.shmid)).toBe(false);
      expect((await listedSemids()).has(made.semid)).toBe(false);
    } finally {
      await t.close();
    }
  });

  it('a natural exit keeps them; close removes them and leaves no process of any run', async () => {
    const t = await startTestLab();
    const watch = new RunWatch(t.lab);
    let closed = false;
    try {
      const exited = await makeObjects(t, watch, 'exit');
      const over = await watch.over(exited.run);
      expect(over).toMatchObject({ exitCode: 0, removedSegments: [], removedSemaphoreSets: [] });
      expect((await listedShmids()).has(exited.shmid)).toBe(true);
      expect((await listedSemids()).has(exited.semid)).toBe(true);
      const running = await makeObjects(t, watch, 'fork');
      await watch.listed(running.run, (list) => list.some((p) => p.pid === running.child));
      await t.close();
      closed = true;
      for (const pid of [running.run.pid, running.child]) expect(isLiveProcess(pid)).toBe(false);
      const shmids = await listedShmids();
      const semids = await listedSemids();
      for (const shmid of [exited.shmid, running.shmid]) expect(shmids.has(shmid)).toBe(false);
      for (const semid of [exited.semid, running.semid]) expect(semids.has(semid)).toBe(false);
    } finally {
      if (!closed) await t.close();
    }
  });

  it('after a kill -9 of the Lab, its supervisor ends the run; the next start removes its objects', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'shmlab-crash-programs-'));
    leftovers.dirs.push(stateDir);
    const host = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'program-lab-run.ts')],
      {
        detached: true,
        env: { ...process.env, SHMLAB_STATE_DIR: stateDir },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const facts = await firstLine<CrashFacts>(host.stdout!);
    leftovers.segments.push(facts.shmid);
    leftovers.sets.push(facts.semid);
    try {
      const reaped = new Promise((resolve) => host.once('exit', resolve));
      process.kill(-facts.main, 'SIGKILL');
      // Until its parent (this test) reaps it, the dead Lab is a zombie with its start time, and
      // the sweep rightly takes its run for a live one.
      await reaped;
      // The supervisor saw its Lab die (end of file on its stdin, and PR_SET_PDEATHSIG) and
      // killed the program and its child (which ignores the hang-up) without waiting for a sweep.
      await waitUntil(() => !isLiveProcess(facts.program), 'the program died with its Lab');
      await waitUntil(() => !isLiveProcess(facts.child), 'the child died with its Lab');
      const report = sweepDeadRuns(stateDir);
      // The killed Lab's private folder of programs (p1.c and p1) goes too.
      expect(report.removedDirs).toEqual([facts.programsDir]);
      expect(existsSync(facts.programsDir)).toBe(false);
      expect(report.removed).toContain(facts.shmid);
      expect(report.removedSets).toContain(facts.semid);
      expect((await listedShmids()).has(facts.shmid)).toBe(false);
    } finally {
      for (const pid of [facts.program, facts.child]) {
        if (isLiveProcess(pid)) process.kill(pid, 'SIGKILL');
      }
    }
  });
});

describe('--no-run (runPrograms: false)', () => {
  let t: TestLab;
  beforeAll(async () => {
    t = await startTestLab({ runPrograms: false });
  });
  afterAll(async () => {
    await t.close();
  });

  it('compilerInfo says running is off; runProgram is refused with E_RUN_DISABLED', async () => {
    const info = await t.lab.compilerInfo();
    expect(info.runDisabled).toBe(true);
    expect(info.unavailableReason).toContain('--no-run');
    const refused = t.lab.runProgram({
      programId: 'p1',
      shmid: null,
      args: [],
      cols: 80,
      rows: 24,
    });
    await expect(refused).rejects.toMatchObject({ code: 'E_RUN_DISABLED' });
    await expect(refused).rejects.toThrow(/--no-run/);
  });

  it.skipIf(!hasCompiler)(
    skippableTitle('compiling still works', !hasCompiler, NO_CC),
    async () => {
      const result = await t.lab.compileProgram({ source: 'int main(void) { return 0; }\n' });
      expect(result.ok).toBe(true);
      await expect(
        t.lab.runProgram({
          programId: result.programId!,
          shmid: null,
          args: [],
          cols: 80,
          rows: 24,
        }),
      ).rejects.toMatchObject({ code: 'E_RUN_DISABLED' });
    },
  );
});
