// fetchAdd and startIncrements: what the kernel and the CPU guarantee about a counter in shared
// memory incremented by two processes at once. Exact totals are asserted only where they are
// guaranteed (atomic adds, increments under a semaphore); for the plain, racing increment only
// the bounds are (a race's outcome is not guaranteed, not even that it loses anything).
import { describe, expect, it } from 'vitest';
import type { IncrementRunResult } from '../index.js';
import { SemChild } from './children';
import {
  attach,
  createSegment,
  createSemaphoreSet,
  isCoded,
  removeSemaphoreSet,
  shm,
  thrownBy,
  waitForKernel,
} from './helpers';

const word = (attachment: ReturnType<typeof attach>, offset: number) =>
  attachment.read(offset, 4).readUInt32LE(0);

describe('fetchAdd', () => {
  it('returns the value before and adds modulo 2^32', () => {
    const shmid = createSegment();
    const counter = attach(shmid);
    expect(counter.fetchAdd(8, 5)).toBe(0);
    expect(counter.fetchAdd(8, -1)).toBe(5); // -1 adds 0xffffffff
    expect(counter.fetchAdd(8, 2 ** 32 + 3)).toBe(4);
    expect(word(counter, 8)).toBe(7);
    counter.write(8, Buffer.from([0xff, 0xff, 0xff, 0xff]));
    expect(counter.fetchAdd(8, 1)).toBe(0xffffffff);
    expect(word(counter, 8)).toBe(0);
    // The neighbours are untouched.
    expect([...counter.read(4, 12)]).toEqual(Array(12).fill(0));
  });

  it('E_READ_ONLY on a read-only attachment; E_DETACHED after detach', () => {
    const shmid = createSegment();
    const readOnly = attach(shmid, { readOnly: true });
    expect(thrownBy(() => readOnly.fetchAdd(0, 1)).code).toBe('E_READ_ONLY');
    expect(
      thrownBy(() => readOnly.startIncrements({ offset: 0, times: 1, mode: 'atomic' })).code,
    ).toBe('E_READ_ONLY');
    const gone = attach(shmid);
    gone.detach();
    expect(thrownBy(() => gone.fetchAdd(0, 1)).code).toBe('E_DETACHED');
    expect(thrownBy(() => gone.startIncrements({ offset: 0, times: 1, mode: 'atomic' })).code).toBe(
      'E_DETACHED',
    );
  });

  it('from two processes at once loses nothing', async () => {
    const times = 300_000;
    const shmid = createSegment();
    const counter = attach(shmid);
    const child = await SemChild.start();
    const ref = await child.call<number>('attach', { shmid });
    const theirs = child.call<number>('fetchAddLoop', { ref, offset: 0, times });
    for (let i = 0; i < times; i++) counter.fetchAdd(0, 1);
    await theirs;
    expect(word(counter, 0)).toBe(2 * times);
    expect(await child.close()).toEqual({ code: 0, signal: null });
  });
});

/** Runs `options` in this process and in a child at once, on one counter; returns both results. */
async function raceWithChild(mode: 'plain' | 'semaphore' | 'atomic', times: number) {
  const shmid = createSegment();
  const counter = attach(shmid);
  const semid = createSemaphoreSet(1);
  shm.semctl(semid, 0, 'SETVAL', 1);
  const options = { offset: 0, times, mode, semid, semnum: 0 };
  const child = await SemChild.start();
  const ref = await child.call<number>('attach', { shmid });
  const theirs = child.call<IncrementRunResult>('increments', { ref, options });
  const ours = counter.startIncrements(options).finished;
  const results = [await ours, await theirs];
  expect(await child.close()).toEqual({ code: 0, signal: null });
  return { total: word(counter, 0), results, semval: shm.semctl(semid, 0, 'GETVAL') };
}

describe('startIncrements in two processes at once', () => {
  it('atomic: exactly 2 × times', async () => {
    const times = 1_000_000;
    const { total, results } = await raceWithChild('atomic', times);
    for (const result of results) {
      expect(result).toMatchObject({ done: times, cancelled: false });
      expect(result.elapsedNs).toBeGreaterThan(0);
    }
    expect(total).toBe(2 * times);
  });

  it('semaphore: exactly 2 × times, and the semaphore is free again', async () => {
    const times = 20_000;
    const { total, results, semval } = await raceWithChild('semaphore', times);
    for (const result of results) expect(result).toMatchObject({ done: times, cancelled: false });
    expect(total).toBe(2 * times);
    expect(semval).toBe(1);
  });

  it('plain: every increment is done, the total is only bounded', async () => {
    const times = 1_000_000;
    const { total, results } = await raceWithChild('plain', times);
    for (const result of results) expect(result).toMatchObject({ done: times, cancelled: false });
    // Lost updates may make it anything from 2 (the worst interleaving) to 2 × times.
    expect(total).toBeGreaterThanOrEqual(2);
    expect(total).toBeLessThanOrEqual(2 * times);
  });
});

describe('a run', () => {
  it('reports progress and stops early on cancel (done < times, the counter agrees)', async () => {
    const shmid = createSegment();
    const counter = attach(shmid);
    const times = 100_000_000;
    const run = counter.startIncrements({ offset: 4, times, mode: 'plain' });
    const seen = await waitForKernel(
      'progress',
      () => run.progress(),
      (n) => n > 0,
    );
    expect(seen).toBeLessThan(times);
    expect(run.cancel()).toBe(true);
    const result = await run.finished;
    expect(result.cancelled).toBe(true);
    expect(result.done).toBeGreaterThanOrEqual(seen);
    expect(result.done).toBeLessThan(times);
    // One writer: the counter holds exactly what was done.
    expect(word(counter, 4)).toBe(result.done);
    expect(run.progress()).toBe(result.done);
    expect(run.cancel()).toBe(false);
  });

  it('cancel interrupts a semop it is blocked in', async () => {
    const shmid = createSegment();
    const counter = attach(shmid);
    const semid = createSemaphoreSet(1); // value 0: the first P waits
    const run = counter.startIncrements({
      offset: 0,
      times: 10,
      mode: 'semaphore',
      semid,
      semnum: 0,
    });
    await waitForKernel(
      'semncnt',
      () => shm.semctl(semid, 0, 'GETNCNT'),
      (n) => n === 1,
    );
    expect(run.cancel()).toBe(true);
    expect(await run.finished).toMatchObject({ done: 0, cancelled: true });
    expect(shm.semctl(semid, 0, 'GETNCNT')).toBe(0);
    expect(word(counter, 0)).toBe(0);
  });

  it('rejects with EIDRM and the count so far when the set is removed mid-run', async () => {
    const shmid = createSegment();
    const counter = attach(shmid);
    const semid = createSemaphoreSet(1);
    shm.semctl(semid, 0, 'SETVAL', 1);
    const run = counter.startIncrements({
      offset: 0,
      times: 100_000_000,
      mode: 'semaphore',
      semid,
      semnum: 0,
    });
    await waitForKernel(
      'progress',
      () => run.progress(),
      (n) => n > 100,
    );
    removeSemaphoreSet(semid);
    const error = await run.finished.then(
      () => expect.unreachable('the run should fail'),
      (failure: unknown) => failure,
    );
    if (!isCoded(error)) throw error;
    // EIDRM while it waited; EINVAL if the set was already gone when it made its next call.
    expect(['EIDRM', 'EINVAL']).toContain(error.code);
    expect(error.syscall).toBe('semop');
    const { done } = error as { done?: unknown };
    expect(typeof done).toBe('number');
    expect(word(counter, 0)).toBe(done);
  });

  it('detach() cancels a run still going and waits for it before shmdt', async () => {
    const shmid = createSegment();
    const counter = attach(shmid);
    const run = counter.startIncrements({ offset: 0, times: 100_000_000, mode: 'atomic' });
    await waitForKernel(
      'progress',
      () => run.progress(),
      (n) => n > 0,
    );
    counter.detach();
    expect(counter.attached).toBe(false);
    const result = await run.finished;
    expect(result.cancelled).toBe(true);
    expect(result.done).toBeLessThan(100_000_000);
    // The count survives in the segment, as read through another mapping.
    expect(word(attach(shmid), 0)).toBe(result.done);
  });
});
