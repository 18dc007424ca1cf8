import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { native } from './native';
import { PROGRAMS_DIR_PREFIX } from './programs/workspace';
import { processStartTime } from './registry';
import { sweepDeadRuns } from './sweep';
import {
  isAlive,
  listedSemids,
  listedShmids,
  makeForeignSegment,
  trackLeftovers,
} from './test-helpers';

interface RunFacts {
  shmid: number;
  semid: number;
  main: number;
  a: number;
  b: number;
}

const fixture = join(import.meta.dirname, 'fixtures', 'lab-run.ts');
const leftovers = trackLeftovers();

function freshStateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'shmlab-crash-'));
  leftovers.dirs.push(dir);
  return dir;
}

/** Starts a Lab in its own process group and waits for what it created. */
async function startRun(stateDir: string): Promise<RunFacts> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    detached: true,
    env: { ...process.env, SHMLAB_STATE_DIR: stateDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    const facts = JSON.parse(line) as RunFacts;
    // Its group: the Lab and its children A and B.
    leftovers.processes.push(-facts.main);
    leftovers.segments.push(facts.shmid);
    leftovers.sets.push(facts.semid);
    return facts;
  }
  throw new Error('the Lab run exited before printing its facts');
}

/** Writes the record of a dead run (no process has pid 999999998) of this boot, or of `boot`. */
function writeDeadRecord(
  stateDir: string,
  fields: { pid?: number; segments: unknown[]; semaphores?: unknown[]; programsDir?: string },
  boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(),
): void {
  const pid = fields.pid ?? 999_999_998;
  writeFileSync(
    join(stateDir, `run-${pid}.json`),
    JSON.stringify({
      startTime: '1',
      bootId: boot,
      startedAtMs: Date.now() - 60_000,
      uid: process.getuid!(),
      ...fields,
      pid,
    }),
    { mode: 0o600 },
  );
}

async function waitUntil(condition: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('crash cleanup', () => {
  it('after SIGKILL of the whole app, the next start removes its segment and its set', async () => {
    const stateDir = freshStateDir();
    const run = await startRun(stateDir);
    process.kill(-run.main, 'SIGKILL');
    await waitUntil(() => ![run.main, run.a, run.b].some(isAlive), 'the whole tree is dead');
    // Nothing could clean up: the segment is still there, with no one attached.
    expect((await listedShmids()).has(run.shmid)).toBe(true);
    expect(native.shmctl(run.shmid, 'IPC_STAT').nattch).toBe(0);
    expect((await listedSemids()).has(run.semid)).toBe(true);

    const report = sweepDeadRuns(stateDir);
    expect(report.removed).toEqual([run.shmid]);
    expect(report.removedSets).toEqual([run.semid]);
    expect((await listedShmids()).has(run.shmid)).toBe(false);
    expect((await listedSemids()).has(run.semid)).toBe(false);
    expect(readdirSync(stateDir)).toEqual([]);
  });

  it('children exit when their parent is killed with SIGKILL', async () => {
    const run = await startRun(freshStateDir());
    process.kill(run.main, 'SIGKILL');
    await waitUntil(() => !isAlive(run.a) && !isAlive(run.b), 'both children exited');
    expect(isAlive(run.a) || isAlive(run.b)).toBe(false);
  });

  it('never touches a live run, nor a segment another program created', async () => {
    const stateDir = freshStateDir();
    const live = await startRun(stateDir);
    // A record that claims a segment of ours (this test process) for a dead run.
    const foreign = native.shmget(native.constants.IPC_PRIVATE, native.constants.pageSize, 0o600);
    leftovers.segments.push(foreign);
    writeFileSync(
      join(stateDir, 'run-999999999.json'),
      JSON.stringify({ pid: 999_999_999, startTime: '1', segments: [{ shmid: foreign, key: 0 }] }),
    );
    const report = sweepDeadRuns(stateDir);
    expect(report.liveRuns).toEqual([live.main]);
    expect(report.removed).toEqual([]);
    expect(report.skipped).toEqual([foreign]);
    const listed = await listedShmids();
    expect(listed.has(foreign)).toBe(true);
    expect(listed.has(live.shmid)).toBe(true);
    expect(processStartTime(live.main)).not.toBeNull();
    process.kill(-live.main, 'SIGKILL');
  });

  it('removes a recorded set only while it is still the run’s: same key, our uid, changed since', async () => {
    const stateDir = freshStateDir();
    const { IPC_PRIVATE, IPC_CREAT } = native.constants;
    const set = native.semget(IPC_PRIVATE, 1, IPC_CREAT | 0o600);
    leftovers.sets.push(set);
    const gone = native.semget(IPC_PRIVATE, 1, IPC_CREAT | 0o600);
    native.semctl(gone, 0, 'IPC_RMID');
    const { ctime } = native.semctl(set, 0, 'IPC_STAT');
    const record = (startedAtMs: number, key: number) =>
      writeFileSync(
        join(stateDir, 'run-999999998.json'),
        JSON.stringify({
          pid: 999_999_998,
          startTime: '1',
          startedAtMs,
          uid: process.getuid!(),
          segments: [],
          semaphores: [
            { semid: set, key },
            { semid: gone, key: 0 },
          ],
        }),
        { mode: 0o600 },
      );
    // A run that started after the set was last changed did not make it (an id reused).
    record((ctime + 2) * 1000, 0);
    expect(sweepDeadRuns(stateDir)).toMatchObject({ removedSets: [], skippedSets: [set, gone] });
    // Another key: not the set the run recorded.
    record((ctime - 1) * 1000, 77);
    expect(sweepDeadRuns(stateDir)).toMatchObject({ removedSets: [], skippedSets: [set, gone] });
    expect((await listedSemids()).has(set)).toBe(true);
    // The record that fits: removed.
    record((ctime - 1) * 1000, 0);
    expect(sweepDeadRuns(stateDir)).toMatchObject({ removedSets: [set], skippedSets: [gone] });
    expect((await listedSemids()).has(set)).toBe(false);
  });

  it('finds a segment the run never recorded: killed between shmget and the record', async () => {
    const stateDir = freshStateDir();
    const killed = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'killed-after-shmget.ts')],
      { env: { ...process.env, SHMLAB_STATE_DIR: stateDir }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let facts: { shmid: number; pid: number } | undefined;
    for await (const line of createInterface({ input: killed.stdout! })) {
      facts = JSON.parse(line) as { shmid: number; pid: number };
      break;
    }
    leftovers.processes.push(facts!.pid);
    leftovers.segments.push(facts!.shmid);
    // The run record was written at start, before shmget; it lists no segment.
    const record = JSON.parse(readFileSync(join(stateDir, `run-${facts!.pid}.json`), 'utf8')) as {
      segments: unknown[];
    };
    expect(record.segments).toEqual([]);
    // Also present: a live run, and a segment of another program that died
    // (its creator pid is dead too, but no record names it).
    const live = await startRun(stateDir);
    const foreign = await makeForeignSegment();
    leftovers.segments.push(foreign.shmid);
    killed.kill('SIGKILL');
    await waitUntil(() => !isAlive(facts!.pid), 'the run is dead');

    const report = sweepDeadRuns(stateDir);
    expect(report.removed).toEqual([facts!.shmid]);
    expect(report.liveRuns).toEqual([live.main]);
    const listed = await listedShmids();
    expect(listed.has(facts!.shmid)).toBe(false);
    expect(listed.has(live.shmid)).toBe(true);
    expect(listed.has(foreign.shmid)).toBe(true);
    process.kill(-live.main, 'SIGKILL');
  });

  it('guards against pid reuse: never removes a segment made before the dead run started', async () => {
    const stateDir = freshStateDir();
    // A real segment whose creator has exited; a record then claims that pid
    // for a run that started after the segment was made (the pid was reused).
    const earlier = await makeForeignSegment();
    leftovers.segments.push(earlier.shmid);
    const ctime = native.shmctl(earlier.shmid, 'IPC_STAT').ctime;
    writeFileSync(
      join(stateDir, `run-${earlier.pid}.json`),
      JSON.stringify({
        pid: earlier.pid,
        startTime: '1',
        startedAtMs: (ctime + 2) * 1000,
        uid: process.getuid!(),
        segments: [],
      }),
      { mode: 0o600 },
    );
    const report = sweepDeadRuns(stateDir);
    expect(report.removed).toEqual([]);
    expect((await listedShmids()).has(earlier.shmid)).toBe(true);
    // The same record, had the run started just after the second the kernel stamped: its coarse
    // clock trails Date.now() by up to a tick, so a segment made at once can carry the second
    // before the run's start (this once left a dead run's segment behind in CI). It owns it.
    writeFileSync(
      join(stateDir, `run-${earlier.pid}.json`),
      JSON.stringify({
        pid: earlier.pid,
        startTime: '1',
        startedAtMs: (ctime + 1) * 1000 + 1,
        uid: process.getuid!(),
        segments: [],
      }),
      { mode: 0o600 },
    );
    expect(sweepDeadRuns(stateDir).removed).toEqual([earlier.shmid]);
  });

  it('`npm run cleanup` says each thing it did once: the programs folder of a killed run, one line', async () => {
    const stateDir = freshStateDir();
    // mkdtemp makes it as the Lab does: in the temp dir, with the Lab's prefix, 0700.
    const programsDir = mkdtempSync(join(tmpdir(), PROGRAMS_DIR_PREFIX));
    leftovers.dirs.push(programsDir);
    writeDeadRecord(stateDir, { segments: [], programsDir });
    const output = execFileSync('npm', ['run', '--silent', 'cleanup'], {
      cwd: join(import.meta.dirname, '..', '..'),
      env: { ...process.env, SHMLAB_STATE_DIR: stateDir },
      encoding: 'utf8',
    });
    expect(output.split('\n').filter((line) => line.includes('programs folder'))).toEqual([
      `Removed the programs folder(s) of killed runs: ${programsDir}.`,
    ]);
    expect(existsSync(programsDir)).toBe(false);
  });
});
