// startSemop: a semop that waits in the kernel on a thread of its own. What the tests assert of
// a wait comes from the kernel: the thread's state in /proc/self/task/<tid>/stat, semncnt and
// semzcnt, semval; and every way a wait ends (another process's V, cancel, timeout, the set
// removed, a holder killed with or without SEM_UNDO, the process or a worker going away).
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SemWait } from '../index.js';
import { SemChild, forkFixture, nextMessage } from './children';
import {
  attach,
  createSegment,
  createSemaphoreSet,
  isCoded,
  removeSemaphoreSet,
  shm,
  titleWithSkipReason,
  waitForKernel,
} from './helpers';
import { cPeer, hasCompiler, noCompiler } from './c-peer';
import { lineReader } from './lines';
import { threadState } from './proc';

const take = [{ num: 0, op: -1 }];

/** What `done` settled with: 'resolved', or the error's code and syscall. */
async function outcome(wait: SemWait): Promise<{ code: unknown; syscall?: unknown }> {
  try {
    await wait.done;
    return { code: 'resolved' };
  } catch (error) {
    if (!isCoded(error)) throw error;
    return { code: error.code, syscall: error.syscall };
  }
}

/** Waits until the kernel shows `tid` asleep in semop and `count` waiters on semaphore 0. */
async function asleep(pid: number | 'self', tid: number, semid: number, count = 1) {
  await waitForKernel(
    'semncnt',
    () => shm.semctl(semid, 0, 'GETNCNT'),
    (n) => n === count,
  );
  await waitForKernel(
    'thread state',
    () => threadState(pid, tid),
    (state) => state === 'S',
  );
}

describe('startSemop', () => {
  it('sleeps in the kernel (state S, semncnt 1) until another process does V', async () => {
    const semid = createSemaphoreSet(1);
    const wait = shm.startSemop(semid, take);
    expect(wait.tid).not.toBe(process.pid);
    expect(existsSync(`/proc/self/task/${wait.tid}`)).toBe(true);
    await asleep('self', wait.tid, semid);
    expect(shm.semctl(semid, 0, 'GETZCNT')).toBe(0);

    const child = await SemChild.start();
    await child.call('semop', { semid, ops: [{ num: 0, op: 1, nowait: true }] });
    await wait.done;
    // The V gave 1, the P took it; the P was the last operation.
    expect(shm.semctl(semid, 0, 'GETVAL')).toBe(0);
    expect(shm.semctl(semid, 0, 'GETNCNT')).toBe(0);
    expect(shm.semctl(semid, 0, 'GETPID')).toBe(process.pid);
    expect(wait.cancel()).toBe(false);
    expect(await child.close()).toEqual({ code: 0, signal: null });
  });

  it('waits for zero (semzcnt 1) and returns when the value reaches 0', async () => {
    const semid = createSemaphoreSet(1);
    shm.semctl(semid, 0, 'SETVAL', 2);
    const wait = shm.startSemop(semid, [{ num: 0, op: 0 }]);
    await waitForKernel(
      'semzcnt',
      () => shm.semctl(semid, 0, 'GETZCNT'),
      (n) => n === 1,
    );
    await waitForKernel(
      'thread',
      () => threadState('self', wait.tid),
      (s) => s === 'S',
    );
    shm.semop(semid, [{ num: 0, op: -2, nowait: true }]);
    expect(await outcome(wait)).toEqual({ code: 'resolved' });
    expect(shm.semctl(semid, 0, 'GETZCNT')).toBe(0);
  });

  it('cancel() interrupts the call: ECANCELED, semncnt back to 0, nothing taken', async () => {
    const semid = createSemaphoreSet(1);
    const wait = shm.startSemop(semid, take);
    await asleep('self', wait.tid, semid);
    expect(wait.cancel()).toBe(true);
    expect(await outcome(wait)).toEqual({ code: 'ECANCELED', syscall: 'semop' });
    expect(shm.semctl(semid, 0, 'GETNCNT')).toBe(0);
    expect(wait.cancel()).toBe(false);
    // The semaphore was not taken: a V now leaves 1.
    shm.semop(semid, [{ num: 0, op: 1, nowait: true }]);
    expect(shm.semctl(semid, 0, 'GETVAL')).toBe(1);
  });

  it('cancel() right after start never leaves the thread asleep', async () => {
    const semid = createSemaphoreSet(1);
    // The cancel may land before the thread reaches semop (the signal is resent until it ends).
    for (let round = 0; round < 20; round++) {
      const wait = shm.startSemop(semid, take);
      expect(wait.cancel()).toBe(true);
      expect(await outcome(wait)).toEqual({ code: 'ECANCELED', syscall: 'semop' });
    }
    expect(shm.semctl(semid, 0, 'GETNCNT')).toBe(0);
  });

  it('semtimedop: EAGAIN once the timeout has passed, and not before', async () => {
    const semid = createSemaphoreSet(1);
    const started = performance.now();
    const wait = shm.startSemop(semid, take, { timeoutMs: 150 });
    expect(await outcome(wait)).toEqual({ code: 'EAGAIN', syscall: 'semtimedop' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(149);
    expect(shm.semctl(semid, 0, 'GETNCNT')).toBe(0);
    // With a timeout that is not reached, it succeeds like semop.
    const quick = shm.startSemop(semid, take, { timeoutMs: 60_000 });
    await asleep('self', quick.tid, semid);
    shm.semop(semid, [{ num: 0, op: 1, nowait: true }]);
    expect(await outcome(quick)).toEqual({ code: 'resolved' });
    // nowait in a started wait: EAGAIN at once, from semop.
    const nowait = shm.startSemop(semid, [{ num: 0, op: -1, nowait: true }]);
    expect(await outcome(nowait)).toEqual({ code: 'EAGAIN', syscall: 'semop' });
  });

  it('EIDRM when the set is removed while it waits', async () => {
    const semid = createSemaphoreSet(1);
    const wait = shm.startSemop(semid, take);
    await asleep('self', wait.tid, semid);
    expect(removeSemaphoreSet(semid)).toBe(true);
    expect(await outcome(wait)).toEqual({ code: 'EIDRM', syscall: 'semop' });
  });

  it('a kernel error (EFBIG: num past the set) comes back through done, not as a throw', async () => {
    const semid = createSemaphoreSet(1);
    const wait = shm.startSemop(semid, [{ num: 1, op: -1 }]);
    expect(await outcome(wait)).toEqual({ code: 'EFBIG', syscall: 'semop' });
  });
});

describe('SEM_UNDO', () => {
  it('a holder SIGKILLed with undo gives the semaphore back: the waiter proceeds', async () => {
    const semid = createSemaphoreSet(1);
    shm.semctl(semid, 0, 'SETVAL', 1);
    const holder = await SemChild.start();
    await holder.call('semop', { semid, ops: [{ num: 0, op: -1, nowait: true, undo: true }] });
    expect(shm.semctl(semid, 0, 'GETVAL')).toBe(0);
    const wait = shm.startSemop(semid, take);
    await asleep('self', wait.tid, semid);
    holder.fixture.child.kill('SIGKILL');
    expect(await holder.fixture.exit()).toEqual({ code: null, signal: 'SIGKILL' });
    expect(await outcome(wait)).toEqual({ code: 'resolved' });
    expect(shm.semctl(semid, 0, 'GETVAL')).toBe(0); // given back by the kernel, taken by us
  });

  it('a holder SIGKILLed without undo keeps it for ever: semval 0, the waiter still waits', async () => {
    const semid = createSemaphoreSet(1);
    shm.semctl(semid, 0, 'SETVAL', 1);
    const holder = await SemChild.start();
    await holder.call('semop', { semid, ops: [{ num: 0, op: -1, nowait: true }] });
    const wait = shm.startSemop(semid, take);
    await asleep('self', wait.tid, semid);
    holder.fixture.child.kill('SIGKILL');
    expect(await holder.fixture.exit()).toEqual({ code: null, signal: 'SIGKILL' });
    // The holder is gone and nothing was given back: the waiter is still asleep.
    expect(shm.semctl(semid, 0, 'GETVAL')).toBe(0);
    expect(shm.semctl(semid, 0, 'GETNCNT')).toBe(1);
    expect(threadState('self', wait.tid)).toBe('S');
    expect(wait.cancel()).toBe(true);
    expect(await outcome(wait)).toEqual({ code: 'ECANCELED', syscall: 'semop' });
  });
});

describe('a process or worker that ends while a semop waits', () => {
  it('process.exit() ends at once with its code, the wait left behind', async () => {
    const semid = createSemaphoreSet(1);
    const fixture = forkFixture('sem-exit-child.cjs', [String(semid), 'exit']);
    const { tid } = await nextMessage(fixture, (m): m is { tid: number } => hasKey(m, 'tid'));
    await asleep(fixture.child.pid ?? -1, tid, semid);
    fixture.child.send('exit');
    expect(await fixture.exit(), fixture.stderr()).toEqual({ code: 0, signal: null });
    expect(fixture.stderr()).toBe('');
    expect(shm.semctl(semid, 0, 'GETNCNT')).toBe(0);
  });

  it('a pending wait keeps the process alive; once it settles, nothing does', async () => {
    const semid = createSemaphoreSet(1);
    const fixture = forkFixture('sem-exit-child.cjs', [String(semid), 'settle']);
    const report = await nextMessage(fixture, (m): m is { settled: string; afterMs: number } =>
      hasKey(m, 'settled'),
    );
    expect(report.settled).toBe('EAGAIN');
    expect(report.afterMs).toBeGreaterThanOrEqual(299);
    expect(await fixture.exit(), fixture.stderr()).toEqual({ code: 0, signal: null });
  });

  it('a worker terminated while it waits: the call is interrupted and its thread joined', async () => {
    const semid = createSemaphoreSet(1);
    const fixture = forkFixture('sem-exit-child.cjs', [String(semid), 'worker']);
    const { tid } = await nextMessage(fixture, (m): m is { tid: number } => hasKey(m, 'tid'));
    await asleep(fixture.child.pid ?? -1, tid, semid);
    fixture.child.send('terminate');
    const report = await nextMessage(fixture, (m): m is { terminated: number; ncnt: number } =>
      hasKey(m, 'terminated'),
    );
    expect(report).toEqual({ terminated: 1, ncnt: 0 });
    // The thread is gone from the process, not merely woken.
    expect(existsSync(`/proc/${fixture.child.pid}/task/${tid}`)).toBe(false);
    fixture.child.disconnect();
    expect(await fixture.exit(), fixture.stderr()).toEqual({ code: 0, signal: null });
  });
});

function hasKey(message: unknown, key: string): boolean {
  return typeof message === 'object' && message !== null && key in message;
}

const program = cPeer('sem-peer.c', ['-Wall', '-Wextra', '-Wpedantic']);

describe('a C peer on the same set', () => {
  it.skipIf(!hasCompiler)(
    titleWithSkipReason(
      'waits while Node holds the semaphore, then shares it: no increment is lost',
      !hasCompiler,
      noCompiler,
    ),
    async () => {
      expect(program.build()).toMatchObject({ status: 0, stderr: '' });
      const times = 20_000;
      const semid = createSemaphoreSet(1);
      const shmid = createSegment();
      const counter = attach(shmid);
      // Node holds the semaphore (value 0) when the peer starts.
      const peer = program.start([String(semid), String(shmid), String(times)]);
      let stderr = '';
      peer.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const exited = new Promise<number | null>((resolve) => peer.once('exit', resolve));
      const nextLine = lineReader(peer);
      expect(await nextLine()).toBe('ready');
      await asleep(peer.pid ?? -1, peer.pid ?? -1, semid);

      // Node's own run queues behind the peer (semncnt 2), then V lets them take turns.
      const run = counter.startIncrements({
        offset: 0,
        times,
        mode: 'semaphore',
        semid,
        semnum: 0,
      });
      await waitForKernel(
        'semncnt',
        () => shm.semctl(semid, 0, 'GETNCNT'),
        (n) => n === 2,
      );
      shm.semop(semid, [{ num: 0, op: 1, nowait: true }]);

      expect(await nextLine()).toBe(`done ${times}`);
      expect(await exited, stderr).toBe(0);
      expect(await run.finished).toMatchObject({ done: times, cancelled: false });
      expect(counter.read(0, 4).readUInt32LE(0)).toBe(2 * times);
      // Both gave back what they took: the value is Node's V.
      expect(shm.semctl(semid, 0, 'GETVAL')).toBe(1);
    },
  );
});
