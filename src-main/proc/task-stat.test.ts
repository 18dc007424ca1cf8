import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { describeThreadState, readThreadState } from './task-stat';

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
});

function start(command: string, args: string[]): number {
  const child = spawn(command, args, { stdio: 'ignore' });
  started.push(child);
  return child.pid!;
}

/** Polls the thread until the kernel shows `state` (a process needs a moment to get there). */
async function untilState(pid: number, tid: number, state: string): Promise<string | undefined> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const seen = readThreadState(pid, tid)?.state;
    if (seen === state || Date.now() > deadline) return seen;
    await sleep(10);
  }
}

/** Whether this kernel shows wait channels to us at all (it may print "0" for every task). */
const wchanVisible = readFileSync('/proc/1/wchan', 'utf8').trim() !== '0';

describe('readThreadState', () => {
  it('a worker thread of this process blocked in a futex wait: S, in a futex function', async () => {
    const shared = new Int32Array(new SharedArrayBuffer(8));
    // The worker publishes its own kernel thread id (from /proc/thread-self), then sleeps.
    const worker = new Worker(
      `const { workerData } = require('node:worker_threads');
       const cell = new Int32Array(workerData);
       const stat = require('node:fs').readFileSync('/proc/thread-self/stat', 'utf8');
       Atomics.store(cell, 1, Number(stat.split(' ')[0]));
       Atomics.notify(cell, 1);
       Atomics.wait(cell, 0, 0);`,
      { eval: true, workerData: shared.buffer },
    );
    try {
      while (Atomics.load(shared, 1) === 0) await sleep(5);
      const tid = Atomics.load(shared, 1);
      expect(tid).not.toBe(process.pid);
      expect(await untilState(process.pid, tid, 'S')).toBe('S');
      const thread = readThreadState(process.pid, tid)!;
      expect(thread).toMatchObject({ pid: process.pid, tid, stateText: describeThreadState('S') });
      if (wchanVisible) expect(thread.wchan).toMatch(/futex/);
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      Atomics.store(shared, 0, 1);
      Atomics.notify(shared, 0);
      await exited;
      // Gone with its thread: nothing to read, and nothing invented.
      expect(readThreadState(process.pid, tid)).toBeNull();
    } finally {
      await worker.terminate();
    }
  });

  it('a process asleep in nanosleep: S, and its wait channel names the sleep', async () => {
    const pid = start('sleep', ['30']);
    expect(await untilState(pid, pid, 'S')).toBe('S');
    if (wchanVisible) expect(readThreadState(pid, pid)?.wchan).toMatch(/sleep/);
  });

  it('a busy loop is R; after SIGSTOP it is T, with no wait channel', async () => {
    const pid = start(process.execPath, ['-e', 'for (;;) {}']);
    expect(await untilState(pid, pid, 'R')).toBe('R');
    expect(readThreadState(pid, pid)?.stateText).toBe('running (on a CPU or ready to run)');
    process.kill(pid, 'SIGSTOP');
    expect(await untilState(pid, pid, 'T')).toBe('T');
    expect(readThreadState(pid, pid)?.stateText).toBe('stopped (by a signal)');
  });

  it('a zombie is Z', async () => {
    // A parent that never waits (perl does not reap by default), so the child stays a zombie:
    // a shell might reap its background job before it execs.
    const parent = spawn(
      'perl',
      ['-e', '$| = 1; my $pid = fork(); exit 0 if !$pid; print "$pid\\n"; sleep 60'],
      {
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    started.push(parent);
    const pid = Number(
      await new Promise<string>((resolve) =>
        parent.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString())),
      ),
    );
    expect(await untilState(pid, pid, 'Z')).toBe('Z');
    expect(readThreadState(pid, pid)?.stateText).toBe(
      'zombie (exited, not yet reaped by its parent)',
    );
  });

  it('is null for a thread that does not exist', () => {
    expect(readThreadState(process.pid, 2 ** 22 + 1)).toBeNull();
    expect(readThreadState(2 ** 22 + 1, 2 ** 22 + 1)).toBeNull();
  });

  it('names an unknown letter as unknown', () => {
    expect(describeThreadState('Q')).toBe('state "Q" (not one this app knows)');
  });
});
