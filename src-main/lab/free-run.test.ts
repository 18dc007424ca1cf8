// The free run in its three variants, in two real processes at once. What the kernel and the
// CPU guarantee is asserted: a semaphore or an atomic add loses nothing; without either, only
// the bounds hold (how many are lost is up to the scheduler).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RaceProgressEvent } from '../common/api';
import { MAX_RACE_TIMES } from '../common/schemas';
import { dispatch } from './dispatch';
import type { TestLab } from './test-helpers';
import { attachBoth, listedSemids, nextEvent, startTestLab } from './test-helpers';

const OFFSET = 128;

describe('free runs: A and B increment one counter at once', () => {
  let t: TestLab;

  beforeAll(async () => {
    t = await startTestLab();
    await attachBoth(t.lab);
  });
  afterAll(() => t.close());

  it.each(['atomic', 'semaphore'] as const)('%s: nothing is lost, exactly', async (variant) => {
    const times = variant === 'atomic' ? 200_000 : 20_000;
    const before = await listedSemids();
    const result = await t.lab.race({ offset: OFFSET, times, variant });
    expect(result).toMatchObject({
      variant,
      offset: OFFSET,
      times,
      expected: 2 * times,
      final: 2 * times,
      lost: 0,
      cancelled: false,
    });
    for (const name of ['A', 'B'] as const) {
      expect(result.perProcess[name].done).toBe(times);
      expect(result.perProcess[name].nsPerIncrement).toBeGreaterThan(0);
    }
    // The counter as B reads it from its own mapping.
    const b = await t.lab.read({ process: 'B', offset: OFFSET, length: 4, peek: false });
    expect(Buffer.from(b.bytes).readUInt32LE(0)).toBe(2 * times);
    if (variant === 'semaphore') {
      expect(result.semid).not.toBeNull();
      // Made for the run, removed after it.
      expect(before.has(result.semid!)).toBe(false);
      expect((await listedSemids()).has(result.semid!)).toBe(false);
    } else expect(result.semid).toBeNull();
  });

  it('plain: the bounds hold, lost is expected - final', async () => {
    const times = 100_000;
    const result = await t.lab.race({ offset: OFFSET, times, variant: 'plain' });
    expect(result.expected).toBe(2 * times);
    expect(result.final).toBeGreaterThanOrEqual(2);
    expect(result.final).toBeLessThanOrEqual(2 * times);
    expect(result.lost).toBe(result.expected - result.final);
  });

  it('progress while it runs, then cancel: each loop stops, what was done is counted exactly', async () => {
    const progress: RaceProgressEvent[] = [];
    const off = t.lab.on('raceProgress', (event) => progress.push(event));
    const running = t.lab.race({ offset: OFFSET, times: MAX_RACE_TIMES, variant: 'semaphore' });
    const first = await nextEvent(
      t.lab,
      'raceProgress',
      (event) => event.done.A > 0 && event.done.B > 0,
      20_000,
    );
    expect(first).toMatchObject({ variant: 'semaphore', times: MAX_RACE_TIMES });
    await expect(t.lab.race({ offset: OFFSET, times: 1, variant: 'atomic' })).rejects.toMatchObject(
      { code: 'E_BAD_INPUT', message: expect.stringContaining('under way') },
    );
    await t.lab.cancelRace();
    const result = await running;
    off();
    expect(result.cancelled).toBe(true);
    expect(result.perProcess.A.done).toBeLessThan(MAX_RACE_TIMES);
    expect(result.perProcess.A.done).toBeGreaterThanOrEqual(first.done.A);
    expect(result.expected).toBe(result.perProcess.A.done + result.perProcess.B.done);
    expect(result.final).toBe(result.expected);
    // At most ~10 a second, each no further than the end.
    const span = progress.length;
    expect(span).toBeLessThanOrEqual(Math.ceil(result.durationMs / 100) + 1);
    for (const event of progress)
      expect(event.done.A).toBeLessThanOrEqual(result.perProcess.A.done);
    expect((await listedSemids()).has(result.semid!)).toBe(false);
  });

  it('the semaphore removed mid-run: both loops stop, the run fails with EIDRM in words', async () => {
    const running = t.lab.race({ offset: OFFSET, times: MAX_RACE_TIMES, variant: 'semaphore' });
    await nextEvent(t.lab, 'raceProgress', (event) => event.done.A > 0, 20_000);
    // The run's set, as the Lab recorded it for the crash sweep.
    const record = JSON.parse(
      readFileSync(join(t.stateDir, `run-${process.pid}.json`), 'utf8'),
    ) as { semaphores: { semid: number }[] };
    expect(record.semaphores).toHaveLength(1);
    const lock = record.semaphores[0]!.semid;
    await t.lab.removeSemaphore({ semid: lock, confirmForeign: false });
    await expect(running).rejects.toMatchObject({
      code: 'EIDRM',
      message: expect.stringContaining('removed (IPC_RMID) during the run'),
    });
    // Nothing runs on: the next run starts and ends.
    const next = await t.lab.race({ offset: OFFSET, times: 1000, variant: 'atomic' });
    expect(next.final).toBe(2000);
  });

  it('cancelRace with nothing running does nothing', async () => {
    await expect(t.lab.cancelRace()).resolves.toBeUndefined();
  });

  it('bad input: an unknown variant, too many increments, an unaligned counter', async () => {
    for (const [input, words] of [
      [{ offset: 0, times: 1, variant: 'mutex' }, 'variant must be'],
      [{ offset: 0, times: MAX_RACE_TIMES + 1 }, `from 1 to ${MAX_RACE_TIMES}`],
      [{ offset: 6, times: 1 }, 'multiple of 4'],
    ] as const) {
      expect(await dispatch(t.lab, 'race', input)).toMatchObject({
        ok: false,
        error: { code: 'E_BAD_INPUT', message: expect.stringContaining(words) },
      });
    }
  });
});
