import { describe, expect, it } from 'vitest';
import { createPoller } from './machine-poller';

/** A clock the test moves by hand, with the timers that run on it. */
function manualClock() {
  let now = 0;
  let next = 1;
  const pending = new Map<number, { at: number; callback: () => void }>();
  return {
    timers: {
      setTimeout: (callback: () => void, ms: number) => {
        pending.set(next, { at: now + ms, callback });
        return next++;
      },
      clearTimeout: (handle: unknown) => void pending.delete(handle as number),
      now: () => now,
    },
    /** Moves time on, running every timer that falls due. */
    async advance(ms: number) {
      const end = now + ms;
      // Let settled refreshes schedule their successors first.
      await Promise.resolve();
      await Promise.resolve();
      for (;;) {
        const due = [...pending.entries()]
          .filter(([, t]) => t.at <= end)
          .sort((a, b) => a[1].at - b[1].at)[0];
        if (due === undefined) break;
        pending.delete(due[0]);
        now = due[1].at;
        due[1].callback();
        await Promise.resolve();
        await Promise.resolve();
      }
      now = end;
    },
    pendingCount: () => pending.size,
  };
}

describe('createPoller', () => {
  it('refreshes at once when started, then once per interval, and never while stopped', async () => {
    const clock = manualClock();
    let calls = 0;
    const poller = createPoller(async () => void (calls += 1), 1000, clock.timers);
    poller.setActive(true);
    await clock.advance(0);
    expect(calls).toBe(1);
    await clock.advance(999);
    expect(calls).toBe(1);
    await clock.advance(1);
    expect(calls).toBe(2);
    await clock.advance(3000);
    expect(calls).toBe(5);
    poller.setActive(false);
    expect(clock.pendingCount()).toBe(0);
    await clock.advance(10_000);
    expect(calls).toBe(5);
  });

  it('does not start sooner than the interval after a restart', async () => {
    const clock = manualClock();
    let calls = 0;
    const poller = createPoller(async () => void (calls += 1), 1000, clock.timers);
    poller.setActive(true);
    await clock.advance(100);
    poller.setActive(false);
    poller.setActive(true);
    await clock.advance(0);
    expect(calls).toBe(1);
    await clock.advance(900);
    expect(calls).toBe(2);
  });

  it('never overlaps a slow refresh: the next starts when it ends', async () => {
    const clock = manualClock();
    const ends: (() => void)[] = [];
    let calls = 0;
    const poller = createPoller(
      () => {
        calls += 1;
        return new Promise<void>((resolve) => ends.push(resolve));
      },
      1000,
      clock.timers,
    );
    poller.setActive(true);
    await clock.advance(5000);
    expect(calls).toBe(1);
    ends[0]!();
    await clock.advance(0);
    expect(calls).toBe(2);
  });

  it('survives a failed refresh', async () => {
    const clock = manualClock();
    let calls = 0;
    const poller = createPoller(
      async () => {
        calls += 1;
        throw new Error('E_DISCONNECTED');
      },
      1000,
      clock.timers,
    );
    poller.setActive(true);
    await clock.advance(2000);
    expect(calls).toBe(3);
    expect(poller.active).toBe(true);
  });

  it('refuses an interval that is not positive', () => {
    const clock = manualClock();
    expect(() => createPoller(async () => undefined, 0, clock.timers)).toThrow(RangeError);
  });
});
