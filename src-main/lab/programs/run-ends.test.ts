// Every process a run starts ends with the run, and what they made is swept: a double fork that
// leaves the session, a child reaped between two looks, a fork bomb held to the process limit,
// a program that waits for ever held to the wall clock. Real programs, real /proc.
import { afterEach, describe, expect, it } from 'vitest';
import { skippableTitle } from '../../proc/fixtures/ipc-peer';
import type { TestLab } from '../test-helpers';
import { listedSemids, listedShmids, startTestLab, trackLeftovers } from '../test-helpers';
import {
  NO_CC,
  RunWatch,
  compileFixture,
  hasCompiler,
  isLiveProcess,
  killMarked,
  newMarker,
  processesMarked,
  waitUntil,
} from './program-harness';
import { cgroupMembers } from './run-cgroup';

const leftovers = trackLeftovers();
const markers: string[] = [];
afterEach(() => {
  for (const marker of markers.splice(0)) killMarked(marker);
});

async function lab(programs: Parameters<typeof startTestLab>[0] = {}): Promise<{
  t: TestLab;
  watch: RunWatch;
}> {
  const t = await startTestLab({ programs: { stopGraceMs: 500, ...programs?.programs } });
  return { t, watch: new RunWatch(t.lab) };
}

async function runMarked(t: TestLab, fixture: string, args: string[] = []) {
  const marker = newMarker();
  markers.push(marker);
  const run = await t.lab.runProgram({
    programId: await compileFixture(t.lab, fixture),
    shmid: null,
    args: [...args, marker],
    cols: 80,
    rows: 24,
  });
  return { run, marker };
}

describe.skipIf(!hasCompiler)(skippableTitle('the end of a run', !hasCompiler, NO_CC), () => {
  it('Stop ends a double-forked setsid grandchild and removes its segment', async () => {
    const { t, watch } = await lab();
    try {
      const { run, marker } = await runMarked(t, 'escape.c');
      const [, grandchild, shmid] = (await watch.printed(run, /grandchild (\d+) shmid (\d+)/)).map(
        Number,
      );
      leftovers.segments.push(shmid!);
      // It left the run's session and group, and its parent is gone: the supervisor adopted it.
      await watch.listed(run, (list) => list.some((p) => p.pid === grandchild));
      expect(processesMarked(marker).sort()).toEqual([run.pid, grandchild].sort());
      const result = await t.lab.stopProgram({ runId: run.runId });
      // SIGINT ended the program; the grandchild (in its own group, ignoring SIGINT) needed more.
      expect(result.signals).toEqual(['SIGINT', 'SIGKILL']);
      expect(result.removedSegments).toContain(shmid);
      expect(processesMarked(marker, true)).toEqual([]);
      expect(isLiveProcess(grandchild!)).toBe(false);
      expect((await listedShmids()).has(shmid!)).toBe(false);
      const grandchildEnd = watch.exits.find((e) => e.pid === grandchild);
      // Reaped by the supervisor, which reports the status: SIGKILL.
      expect(grandchildEnd).toMatchObject({ role: 'forked', signal: 'SIGKILL' });
    } finally {
      await t.close();
    }
  });

  it('a segment and a set made by a child reaped within 100 ms are removed by Stop', async () => {
    // Looks every 100 ms; the child lived about a millisecond.
    const { t, watch } = await lab({ programs: { pollMs: 100 } });
    try {
      const { run } = await runMarked(t, 'short-child.c');
      const [, child, shmid, semid] = (
        await watch.printed(run, /child (\d+) made shmid (\d+) semid (\d+) and was reaped/)
      ).map(Number);
      leftovers.segments.push(shmid!);
      leftovers.sets.push(semid!);
      // The child never appeared in a list: it was gone before any look.
      const lists = watch.processes.get(run.runId) ?? [];
      expect(lists.some((list) => list.some((p) => p.pid === child))).toBe(false);
      // A few looks later, so a poll-only attribution has had every chance.
      await new Promise((resolve) => setTimeout(resolve, 400));
      const result = await t.lab.stopProgram({ runId: run.runId });
      expect(result.removedSegments).toEqual([shmid]);
      expect(result.removedSemaphoreSets).toEqual([semid]);
      expect((await listedShmids()).has(shmid!)).toBe(false);
      expect((await listedSemids()).has(semid!)).toBe(false);
    } finally {
      await t.close();
    }
  });

  it('a fork bomb stops at the process limit (64), the terminal says so, Stop ends it all', async () => {
    const { t, watch } = await lab({ programs: { limits: { processes: 64 } } });
    try {
      // 300: the tracker's count of forks that all succeeded; also the fixture's safety stop.
      const { run, marker } = await runMarked(t, 'fork-bomb.c', ['300']);
      const [, made, refused] = (
        await watch.printed(run, /made (\d+) processes; (\d+) forks failed \(([^)]*)\)/, 60_000)
      ).map((word, index) => (index < 3 ? Number(word) : word));
      process.stdout.write(
        `fork bomb under ${run.processLimit.kind}: made ${made}, refused ${refused}\n`,
      );
      expect(made).toBeLessThanOrEqual(64);
      expect(refused).toBeGreaterThan(0);
      if (run.processLimit.kind === 'cgroup') {
        expect(cgroupMembers(run.processLimit.path).length).toBeLessThanOrEqual(64);
        await watch.printed(
          run,
          /\[ShmLab: a fork failed with EAGAIN: the run reached its limit of 64 processes/,
        );
      } else {
        expect(run.processLimit.kind).toBe('rlimit-nproc');
      }
      expect(processesMarked(marker).length).toBe(made);
      await t.lab.stopProgram({ runId: run.runId });
      expect(processesMarked(marker, true)).toEqual([]);
      if (run.processLimit.kind === 'cgroup') {
        const path = run.processLimit.path;
        await waitUntil(() => cgroupMembers(path).length === 0, 'the cgroup is removed');
      }
    } finally {
      await t.close();
    }
  });

  it('a program that waits for ever ends at the wall clock (2 s injected), and says why', async () => {
    const { t, watch } = await lab({ programs: { limits: { wallSeconds: 2 } } });
    try {
      const { run, marker } = await runMarked(t, 'wait-forever.c');
      expect(run.limits.wallSeconds).toBe(2);
      await watch.printed(run, /ready/);
      const over = await watch.over(run, 20_000);
      expect(over).toMatchObject({ signal: 'SIGINT', wallClockSignals: ['SIGINT'] });
      expect(watch.output.get(run.runId)).toMatch(
        /\[ShmLab: the run reached its wall-clock limit of 2 s/,
      );
      expect(processesMarked(marker, true)).toEqual([]);
      expect(Date.now() - run.startedAt).toBeGreaterThanOrEqual(2000);
    } finally {
      await t.close();
    }
  });

  it('a run still starting when the Lab closes ends with it', async () => {
    const { t } = await lab();
    const marker = newMarker();
    markers.push(marker);
    const programId = await compileFixture(t.lab, 'wait-forever.c');
    const starting = t.lab.runProgram({
      programId,
      shmid: null,
      args: [marker],
      cols: 80,
      rows: 24,
    });
    // The supervisor runs once spawn() returned. Wait, without yielding to the event loop (so the
    // Lab cannot read its "started" yet), until the program has exec'd; then close the Lab.
    const deadline = Date.now() + 10_000;
    while (processesMarked(marker).length === 0 && Date.now() < deadline);
    expect(processesMarked(marker)).toHaveLength(1);
    const closing = t.close();
    await expect(starting).rejects.toMatchObject({ code: 'E_UNAVAILABLE' });
    await closing;
    await waitUntil(() => processesMarked(marker, true).length === 0, 'no process of the run');
  });
});
