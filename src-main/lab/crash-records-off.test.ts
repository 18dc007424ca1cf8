// A full disk (issue 21, 3): the run record's temporary file is a link to /dev/full, so every
// write of the record fails with ENOSPC. What the Lab makes is still its own: the commands
// answer, the objects are removed when it stops, a look never ends the host, a learner's
// program runs tracked, and one line says crash records are off: on stderr, and to the UI
// (LabState.crashRecordsOff and the crashRecords event, shown in the header).
import { spawn } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { skippableTitle } from '../proc/fixtures/ipc-peer';
import { Lab } from './lab';
import { NodeChildHost } from './node-child-host';
import {
  NO_CC,
  RunWatch,
  compileFixture,
  hasCompiler,
  isLiveProcess,
} from './programs/program-harness';
import { SegmentRegistry } from './registry';
import { isAlive, listedSemids, listedShmids, trackLeftovers } from './test-helpers';

const leftovers = trackLeftovers();

function freshStateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'shmlab-full-'));
  leftovers.dirs.push(dir);
  return dir;
}

interface HostFacts {
  pid: number;
  shmid: number;
  removed: number;
  semid: number;
  owned: number[];
  off: string | null;
}

describe('a run record that cannot be written (disk full)', () => {
  it('the host answers, survives its looks, says once that crash records are off, and removes its objects on SIGTERM', async () => {
    const host = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'records-full.ts')],
      {
        env: { ...process.env, SHMLAB_STATE_DIR: freshStateDir() },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    host.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => host.once('exit', resolve));
    let facts: HostFacts | undefined;
    for await (const line of createInterface({ input: host.stdout })) {
      facts = JSON.parse(line) as HostFacts;
      break;
    }
    expect(facts, `the host printed nothing; its stderr:\n${stderr}`).toBeDefined();
    const { pid, shmid, removed, semid } = facts!;
    leftovers.processes.push(pid);
    leftovers.segments.push(shmid, removed);
    leftovers.sets.push(semid);
    // The commands answered; the objects are the Lab's and exist.
    expect(facts!.owned).toEqual([shmid]);
    expect((await listedShmids()).has(shmid)).toBe(true);
    expect((await listedSemids()).has(semid)).toBe(true);
    expect(facts!.off).toMatch(/crash records are off \(cannot write .*ENOSPC\)/);
    // Ten looks later, the host is still there, and has said it once.
    expect(isAlive(pid)).toBe(true);
    expect(stderr.split('\n').filter((line) => line.includes('crash records are off'))).toEqual([
      facts!.off,
    ]);

    process.kill(pid, 'SIGTERM');
    expect(await exited).toBe(143);
    expect(stderr).toContain(
      'ShmLab stopped on SIGTERM; removed the segments and semaphore sets it created',
    );
    expect(stderr).not.toContain('could not finish');
    expect((await listedShmids()).has(shmid)).toBe(false);
    expect((await listedSemids()).has(semid)).toBe(false);
  });

  it.skipIf(!hasCompiler)(
    skippableTitle(
      'a program runs tracked: its segment and set are removed when it is stopped',
      !hasCompiler,
      NO_CC,
    ),
    async () => {
      const dir = freshStateDir();
      const lines: string[] = [];
      const registry = new SegmentRegistry(dir, { warn: (line) => lines.push(line) });
      const lab = await Lab.start({ host: new NodeChildHost(), hostKind: 'web', registry });
      try {
        const watch = new RunWatch(lab);
        const programId = await compileFixture(lab, 'make-objects.c');
        expect((await lab.getState()).crashRecordsOff).toBeNull();
        const told: (string | null)[] = [];
        lab.on('crashRecords', ({ off }) => told.push(off));
        // The disk fills between the compile and the run.
        symlinkSync('/dev/full', join(dir, `run-${process.pid}.json.tmp`));
        const run = await lab.runProgram({ programId, shmid: null, args: [], cols: 80, rows: 24 });
        leftovers.processes.push(run.pid);
        const printed = await watch.printed(run, /shmid=(\d+) semid=(\d+)/);
        const [shmid, semid] = [Number(printed[1]), Number(printed[2])];
        leftovers.segments.push(shmid);
        leftovers.sets.push(semid);
        await watch.listed(run, (list) => list.some((p) => p.pid === run.pid));
        const stopped = await lab.stopProgram({ runId: run.runId });
        expect(stopped.removedSegments).toEqual([shmid]);
        expect(stopped.removedSemaphoreSets).toEqual([semid]);
        expect(isLiveProcess(run.pid)).toBe(false);
        expect((await listedShmids()).has(shmid)).toBe(false);
        expect((await listedSemids()).has(semid)).toBe(false);
        expect(lines).toEqual([expect.stringMatching(/crash records are off .*ENOSPC/)]);
        // The UI's line: in the state a page reads when it connects, and sent once as it changed.
        expect(told).toEqual(lines);
        expect((await lab.getState()).crashRecordsOff).toBe(lines[0]);
      } finally {
        await lab.close();
      }
    },
  );
});
