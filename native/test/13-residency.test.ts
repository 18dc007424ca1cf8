import { describe, expect, it } from 'vitest';
import { attach, createSegment, pageSize, thrownBy } from './helpers';

/** The "rss" column of /proc/sysvipc/shm for a segment, in bytes. */
async function segmentRss(shmid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const lines = (await readFile('/proc/sysvipc/shm', 'utf8')).trim().split('\n');
  const header = lines[0]!.trim().split(/\s+/);
  const row = lines
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .find((cells) => Number(cells[1]) === shmid);
  return Number(row?.[header.indexOf('rss')]);
}

describe('residency and peek: looking without allocating pages', () => {
  it('a fresh segment has no page in memory; attach, watch and peek do not change that', async () => {
    const shmid = createSegment(3 * pageSize);
    const a = attach(shmid);
    const b = attach(shmid);
    const stop = b.watch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect([...a.residency()]).toEqual([0, 0, 0]);
    expect(a.peek(0, 3 * pageSize).every((byte) => byte === 0)).toBe(true);
    expect([...a.residency()]).toEqual([0, 0, 0]);
    expect(await segmentRss(shmid)).toBe(0);
    stop();
  });

  it('a write to one page makes exactly that page resident, in every attachment', async () => {
    const shmid = createSegment(3 * pageSize);
    const a = attach(shmid);
    const b = attach(shmid);
    a.write(pageSize + 5, Uint8Array.of(0xab, 0xcd));
    expect([...b.residency()]).toEqual([0, 1, 0]);
    const peeked = b.peek(pageSize, 8);
    expect([...peeked]).toEqual([0, 0, 0, 0, 0, 0xab, 0xcd, 0]);
    expect(await segmentRss(shmid)).toBe(pageSize);
  });

  it('peek checks its range like read, and refuses after detach', () => {
    const shmid = createSegment(100);
    const a = attach(shmid);
    expect(thrownBy(() => a.peek(90, 20)).code).toBe('ERR_OUT_OF_RANGE');
    a.detach();
    expect(thrownBy(() => a.peek(0, 1)).code).toBe('E_DETACHED');
    expect(thrownBy(() => a.residency()).code).toBe('E_DETACHED');
  });
});
