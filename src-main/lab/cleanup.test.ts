import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { native } from './native';
import { processStartTime } from './registry';
import { sweepDeadRuns } from './sweep';
import { isAlive, listedShmids } from './test-helpers';

interface RunFacts {
  shmid: number;
  main: number;
  a: number;
  b: number;
}

const fixture = join(import.meta.dirname, 'fixtures', 'lab-run.ts');
const stateDirs: string[] = [];
const strays: number[] = [];

function freshStateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'shmlab-crash-'));
  stateDirs.push(dir);
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
    strays.push(facts.shmid);
    return facts;
  }
  throw new Error('the Lab run exited before printing its facts');
}

async function waitUntil(condition: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

afterEach(() => {
  for (const shmid of strays.splice(0)) {
    try {
      native.shmctl(shmid, 'IPC_RMID');
    } catch {
      // already removed: what the test wanted
    }
  }
  for (const dir of stateDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('crash cleanup', () => {
  it('after SIGKILL of the whole app, the next start removes its segment', async () => {
    const stateDir = freshStateDir();
    const run = await startRun(stateDir);
    process.kill(-run.main, 'SIGKILL');
    await waitUntil(() => ![run.main, run.a, run.b].some(isAlive), 'the whole tree is dead');
    // Nothing could clean up: the segment is still there, with no one attached.
    expect((await listedShmids()).has(run.shmid)).toBe(true);
    expect(native.shmctl(run.shmid, 'IPC_STAT').nattch).toBe(0);

    const report = sweepDeadRuns(stateDir);
    expect(report.removed).toEqual([run.shmid]);
    expect((await listedShmids()).has(run.shmid)).toBe(false);
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
    strays.push(foreign);
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
});
