// The finalizer: an Attachment that is garbage-collected detaches its mapping, exactly once.
import { describe, expect, it } from 'vitest';
import { forkFixture, nextMessage } from './children';
import { createSegment, shm } from './helpers';

interface Report {
  samples: number[];
  keptRead: string | null;
}

const isReport = (message: unknown): message is Report =>
  typeof message === 'object' && message !== null && 'samples' in message;
const isFinal = (message: unknown): message is { finalNattch: number } =>
  typeof message === 'object' && message !== null && 'finalNattch' in message;

/** Runs fixtures/gc-child.cjs on a fresh segment and collects what it reports. */
async function runGcChild(scenario: 'alone' | 'kept') {
  const shmid = createSegment(64);
  const fixture = forkFixture('gc-child.cjs', [String(shmid), scenario], {
    execArgv: ['--expose-gc'],
  });
  const report = await nextMessage(fixture, isReport);
  // Seen from this process too, while the child still runs.
  const statWhileRunning = shm.shmctl(shmid, 'IPC_STAT');
  const final = nextMessage(fixture, isFinal);
  fixture.child.send('finish');
  const { finalNattch } = await final;
  return { shmid, report, statWhileRunning, finalNattch, exit: await fixture.exit(), fixture };
}

describe('Attachment finalizer', () => {
  it('detaches a dropped attachment once when it is collected (1 -> 0)', async () => {
    const { report, statWhileRunning, finalNattch, exit, fixture } = await runGcChild('alone');
    const { samples } = report;
    expect(samples[0]).toBe(1);
    expect(samples.at(-1)).toBe(0);
    // 1 until the finalizer ran, 0 from then on: one drop, never a second detach.
    const firstZero = samples.indexOf(0);
    expect(samples).toEqual([
      ...Array(firstZero).fill(1),
      ...Array(samples.length - firstZero).fill(0),
    ]);
    expect(statWhileRunning).toMatchObject({ nattch: 0, lpid: fixture.child.pid });
    expect(finalNattch).toBe(0);
    expect(exit, fixture.stderr()).toEqual({ code: 0, signal: null });
  });

  it('leaves another attachment of the same segment attached and working (2 -> 1)', async () => {
    const { report, statWhileRunning, finalNattch, exit, fixture } = await runGcChild('kept');
    const { samples, keptRead } = report;
    expect(samples[0]).toBe(2);
    expect(samples.at(-1)).toBe(1);
    const firstOne = samples.indexOf(1);
    expect(samples).toEqual([
      ...Array(firstOne).fill(2),
      ...Array(samples.length - firstOne).fill(1),
    ]);
    // The kept mapping still reads what the dropped one wrote, and writes.
    expect(keptRead).toBe('dropped\0kept');
    expect(statWhileRunning).toMatchObject({ nattch: 1, lpid: fixture.child.pid });
    // Detaching the kept attachment is the only other detach.
    expect(finalNattch).toBe(0);
    expect(exit, fixture.stderr()).toEqual({ code: 0, signal: null });
  });
});
