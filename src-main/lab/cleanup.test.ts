import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { hasCompiler, skippableTitle } from '../proc/fixtures/ipc-peer';
import { Lab } from './lab';
import { native } from './native';
import { NodeChildHost } from './node-child-host';
import { NO_CC } from './programs/program-harness';
import { PROGRAMS_DIR_PREFIX } from './programs/workspace';
import { SegmentRegistry, processStartTime } from './registry';
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
/** Picking a new process's pid (clone3 set_tid) needs CAP_SYS_ADMIN, and take-pid.c a compiler. */
const canTakePid = hasCompiler && process.getuid?.() === 0;
const leftovers = trackLeftovers();

function freshStateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'shmlab-crash-'));
  leftovers.dirs.push(dir);
  return dir;
}

/** Starts a Lab in its own process group and waits for what it created. */
async function startRun(stateDir: string): Promise<RunFacts & { process: ChildProcess }> {
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
    return { ...facts, process: child };
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

  it('removes a recorded set only while it is the recorded one: same key, our uid, same ctime', async () => {
    const stateDir = freshStateDir();
    const { IPC_PRIVATE, IPC_CREAT } = native.constants;
    const set = native.semget(IPC_PRIVATE, 1, IPC_CREAT | 0o600);
    leftovers.sets.push(set);
    const gone = native.semget(IPC_PRIVATE, 1, IPC_CREAT | 0o600);
    native.semctl(gone, 0, 'IPC_RMID');
    const { ctime } = native.semctl(set, 0, 'IPC_STAT');
    const record = (recorded: { key: number; ctime?: number }) =>
      writeDeadRecord(stateDir, {
        segments: [],
        semaphores: [
          { semid: set, ...recorded },
          { semid: gone, key: 0, ctime },
        ],
      });
    // Another change time: the id names a set made or changed after the record (an id reused).
    record({ key: 0, ctime: ctime - 1 });
    expect(sweepDeadRuns(stateDir)).toMatchObject({ removedSets: [], skippedSets: [set, gone] });
    // Another key: not the set the run recorded.
    record({ key: 77, ctime });
    expect(sweepDeadRuns(stateDir)).toMatchObject({ removedSets: [], skippedSets: [set, gone] });
    // No change time (a record of an older version): nothing proves it.
    record({ key: 0 });
    expect(sweepDeadRuns(stateDir)).toMatchObject({ removedSets: [], skippedSets: [set, gone] });
    expect((await listedSemids()).has(set)).toBe(true);
    // The record that fits: removed.
    record({ key: 0, ctime });
    expect(sweepDeadRuns(stateDir)).toMatchObject({ removedSets: [set], skippedSets: [gone] });
    expect((await listedSemids()).has(set)).toBe(false);
  });

  it('a record of another boot: dropped, and nothing it names is touched', async () => {
    const stateDir = freshStateDir();
    const earlier = await makeForeignSegment();
    leftovers.segments.push(earlier.shmid);
    const { ctime } = native.shmctl(earlier.shmid, 'IPC_STAT');
    writeDeadRecord(
      stateDir,
      { pid: earlier.pid, segments: [{ shmid: earlier.shmid, key: 0, ctime }] },
      '00000000-0000-0000-0000-000000000000',
    );
    expect(sweepDeadRuns(stateDir)).toMatchObject({ removed: [], skipped: [], liveRuns: [] });
    expect((await listedShmids()).has(earlier.shmid)).toBe(true);
    expect(readdirSync(stateDir)).toEqual([]);
  });

  it('a segment the run never recorded (killed between shmget and the record) is left alone and reported', async () => {
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
    const reaped = new Promise((resolve) => killed.once('exit', resolve));
    killed.kill('SIGKILL');
    await reaped;

    // Made by the dead run's pid, but so is a segment of another program that got the pid
    // later: nothing tells them apart, so it stays, and the report names it.
    const report = sweepDeadRuns(stateDir);
    expect(report.removed).toEqual([]);
    expect(report.unclaimed).toEqual([facts!.shmid]);
    expect((await listedShmids()).has(facts!.shmid)).toBe(true);
  });

  it.skipIf(!canTakePid)(
    skippableTitle(
      'pid reuse: a stranger that got a killed run’s pid keeps its segment; the run’s own are swept',
      !canTakePid,
      hasCompiler
        ? 'needs root: only CAP_SYS_ADMIN may pick a new process’s pid (clone3 set_tid)'
        : NO_CC,
    ),
    async () => {
      const stateDir = freshStateDir();
      const run = await startRun(stateDir);
      const reaped = new Promise((resolve) => run.process.once('exit', resolve));
      process.kill(-run.main, 'SIGKILL');
      await reaped;
      await waitUntil(() => ![run.a, run.b].some(isAlive), 'the whole tree is dead');

      // An unrelated program gets the run's pid, creates a segment and exits.
      const folder = mkdtempSync(join(tmpdir(), 'shmlab-take-pid-'));
      leftovers.dirs.push(folder);
      const binary = join(folder, 'take-pid');
      const source = join(import.meta.dirname, 'programs', 'fixtures', 'take-pid.c');
      execFileSync('cc', ['-o', binary, source]);
      const stranger = spawn(binary, [String(run.main), 'segment'], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const lines = createInterface({ input: stranger.stdout });
      const said = await new Promise<string>((resolve) => lines.once('line', resolve));
      const taken = /^took (\d+) segment (\d+)$/.exec(said);
      expect(taken, said).not.toBeNull();
      const foreign = Number(taken![2]);
      leftovers.segments.push(foreign);
      expect(Number(taken![1])).toBe(run.main);
      expect(native.shmctl(foreign, 'IPC_STAT').cpid).toBe(run.main);
      const strangerGone = new Promise((resolve) => stranger.once('exit', resolve));
      process.kill(run.main, 'SIGKILL');
      await strangerGone;
      expect(isAlive(run.main)).toBe(false);

      // The next start on the same state folder.
      const lab = await Lab.start({
        host: new NodeChildHost(),
        hostKind: 'web',
        registry: new SegmentRegistry(stateDir),
      });
      const swept = lab.sweptAtStart;
      await lab.close();
      expect(swept).toMatchObject({
        removed: [run.shmid],
        removedSets: [run.semid],
        unclaimed: [foreign],
      });
      const listed = await listedShmids();
      expect(listed.has(foreign)).toBe(true);
      expect(listed.has(run.shmid)).toBe(false);
    },
  );

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
