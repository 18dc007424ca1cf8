// The shared shutdown path in a real process (fixtures/shutdown-run.ts): each
// way a host can stop removes the Lab's segment and children and says so in
// one line.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { describeFault } from './shutdown';
import { isAlive, listedSemids, listedShmids, trackLeftovers } from './test-helpers';

interface RunFacts {
  shmid: number;
  semid: number;
  a: number;
  b: number;
}

interface Ending {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const fixture = join(import.meta.dirname, 'fixtures', 'shutdown-run.ts');
const leftovers = trackLeftovers();

/** Runs the fixture until it printed its facts; `ended` resolves when it exits. */
async function run(
  fault: string,
): Promise<{ facts: RunFacts; pid: number; ended: Promise<Ending> }> {
  const stateDir = mkdtempSync(join(tmpdir(), 'shmlab-shutdown-'));
  leftovers.dirs.push(stateDir);
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, fault], {
    env: { ...process.env, SHMLAB_STATE_DIR: stateDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ended = new Promise<Ending>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  for await (const line of createInterface({ input: child.stdout! })) {
    if (line.startsWith('{')) {
      const facts = JSON.parse(line) as RunFacts;
      leftovers.segments.push(facts.shmid);
      leftovers.sets.push(facts.semid);
      child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      return { facts, pid: child.pid!, ended };
    }
  }
  throw new Error(`the fixture exited before printing its facts: ${stderr}`);
}

async function waitUntil(condition: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The kernel no longer lists the segment nor the set, and both children are gone. */
async function expectNothingLeft(facts: RunFacts): Promise<void> {
  expect((await listedSemids()).has(facts.semid)).toBe(false);
  // SIGKILLed children detach as they die; the marked segment goes with the last one.
  await waitUntil(async () => !(await listedShmids()).has(facts.shmid), 'the segment is gone');
  await waitUntil(() => !isAlive(facts.a) && !isAlive(facts.b), 'both children are gone');
}

const CLEANED =
  'removed the segments and semaphore sets it created and stopped its child processes.';

describe('installShutdown in a real host process', () => {
  it('an uncaught error: the Lab is disposed, one line says why, exit code 1', async () => {
    const { facts, ended } = await run('uncaught');
    const end = await ended;
    expect(end.code).toBe(1);
    expect(end.stderr).toMatch(
      /^ShmLab stopped after an uncaught error: Error: boom in the fixture \(at .*shutdown-run\.ts:\d+:\d+\); /,
    );
    expect(end.stderr.endsWith(`${CLEANED}\n`)).toBe(true);
    expect(end.stderr.split('\n')).toHaveLength(2);
    await expectNothingLeft(facts);
  });

  it('an unhandled rejection: the same, not a crash', async () => {
    const { facts, ended } = await run('rejection');
    const end = await ended;
    expect(end.code).toBe(1);
    expect(end.signal).toBeNull();
    expect(end.stderr).toMatch(
      /^ShmLab stopped after an unhandled promise rejection: Error: rejected in the fixture \(at /,
    );
    expect(end.stderr.split('\n')).toHaveLength(2);
    await expectNothingLeft(facts);
  });

  it('SIGTERM: disposed, servers closed, exit code 143', async () => {
    const { facts, pid, ended } = await run('signal');
    process.kill(pid, 'SIGTERM');
    const end = await ended;
    expect(end.code).toBe(143);
    expect(end.stdout).toBe('servers closed\n');
    expect(end.stderr).toBe(`ShmLab stopped on SIGTERM; ${CLEANED}\n`);
    await expectNothingLeft(facts);
  });

  it('a second Ctrl+C during the clean-up does not cut it short', async () => {
    const { facts, pid, ended } = await run('signal');
    process.kill(pid, 'SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 50));
    process.kill(pid, 'SIGINT');
    const end = await ended;
    expect(end.signal).toBeNull();
    expect(end.code).toBe(130);
    expect(end.stdout).toBe('servers closed\n');
    expect(end.stderr).toBe(`ShmLab stopped on SIGINT; ${CLEANED}\n`);
    await expectNothingLeft(facts);
  });
});

describe('describeFault', () => {
  it('puts an error, its message and where it was thrown on one line', () => {
    const error = new TypeError('two\nlines');
    expect(describeFault(error)).toMatch(
      /^TypeError: two lines \(at .*shutdown\.test\.ts:\d+:\d+\)$/,
    );
  });

  it('shows what was thrown when it is not an Error', () => {
    expect(describeFault('just a string')).toBe('just a string');
    expect(describeFault(42)).toBe('42');
  });
});
