import { describe, expect, it } from 'vitest';
import { countsText, limitUsages, percentText } from './machine-limits';
import { LIMITS, queue, segment, semaphoreSet, snapshot } from './machine-fixtures.test-support';

describe('limitUsages', () => {
  const shot = snapshot({
    segments: [segment(1, { size: 10000 }), segment(2, { size: 4096 })],
    semaphoreSets: [semaphoreSet(1, { nsems: 3 }), semaphoreSet(2, { nsems: 5 })],
    messageQueues: [queue(1, { cbytes: 4096 })],
    limits: { ...LIMITS, shmmni: 8, shmPagesUsed: 4, semsUsed: 8, semmni: 4, msgmni: 2 },
  });
  const byName = Object.fromEntries(limitUsages(shot).map((u) => [u.name, u]));

  it('counts what exists against each limit', () => {
    expect(byName.SHMMNI).toMatchObject({
      used: 2n,
      limit: 8n,
      ratio: 0.25,
      text: '2 of 8 segments',
    });
    expect(byName.SEMMNI).toMatchObject({ used: 2n, limit: 4n, ratio: 0.5 });
    expect(byName.SEMMNS).toMatchObject({ used: 8n, limit: 1024000000n });
    expect(byName.MSGMNI).toMatchObject({ used: 1n, limit: 2n, ratio: 0.5 });
  });

  it('measures the largest object against the per-object limits', () => {
    expect(byName.SHMMAX?.used).toBe(10000n);
    expect(byName.SEMMSL?.used).toBe(5n);
    expect(byName.MSGMNB).toMatchObject({ used: 4096n, limit: 16384n, ratio: 0.25 });
  });

  it('keeps 2^64-scale limits exact and their ratio tiny', () => {
    expect(byName.SHMALL?.limit).toBe(18446744073692774399n);
    expect(byName.SHMALL?.text).toBe('4 of 18446744073692774399 pages');
    expect(byName.SHMALL?.ratio).toBeGreaterThan(0);
    expect(byName.SHMALL?.ratio).toBeLessThan(1e-15);
  });

  it('says 0 of an empty machine', () => {
    const empty = Object.fromEntries(limitUsages(snapshot()).map((u) => [u.name, u]));
    expect(empty.SHMMAX?.used).toBe(0n);
    expect(empty.SHMMNI?.ratio).toBe(0);
  });
});

describe('percentText', () => {
  it('never rounds a used limit down to nothing', () => {
    expect(percentText(0)).toBe('0 %');
    expect(percentText(1e-9)).toBe('< 0.01 %');
    expect(percentText(0.0425)).toBe('4.25 %');
    expect(percentText(0.125)).toBe('12.5 %');
    expect(percentText(1)).toBe('100 %');
  });
});

describe('countsText', () => {
  it('counts every kind of object', () => {
    expect(countsText(snapshot({ segments: [segment(1)] }))).toBe(
      '1 segment, 0 semaphore sets, 0 message queues, 0 POSIX objects',
    );
  });
});
