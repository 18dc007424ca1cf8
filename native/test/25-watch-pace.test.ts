// The watcher's resting pace: after restAfterMs without a change, the window thread looks only
// every restIntervalUs. Counted from the thread's own voluntary context switches in /proc: a
// timer never fires early, so an upper bound on the wake-ups is what the kernel guarantees; a
// lower bound (a busy machine may run the thread late) is not asserted.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import type { MappingChange, WatchOptions } from '../index.js';
import { AttachChild } from './children';
import { attach, createSegment, pageSize } from './helpers';

function windowThreads(): Set<string> {
  const tids = new Set<string>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      if (readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim() === 'shmlab-window') {
        tids.add(tid);
      }
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return tids;
}

/** The voluntary context switches of thread `tid` so far: one per wait that slept. */
function sleepsOf(tid: string): number {
  const status = readFileSync(`/proc/self/task/${tid}/status`, 'utf8');
  const match = /^voluntary_ctxt_switches:\s+(\d+)$/m.exec(status);
  if (match === null) throw new Error(`no voluntary_ctxt_switches in thread ${tid}'s status`);
  return Number(match[1]);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How many times thread `tid` went to sleep over the next `ms`. */
async function sleepsOver(tid: string, ms: number): Promise<number> {
  const before = sleepsOf(tid);
  await sleep(ms);
  return sleepsOf(tid) - before;
}

/** The window thread a watch started after `before` was listed (it names itself once running). */
async function newWindowThread(before: Set<string>): Promise<string> {
  return vi.waitFor(
    () => {
      const started = [...windowThreads()].filter((tid) => !before.has(tid));
      expect(started).toHaveLength(1);
      return started[0]!;
    },
    { timeout: 5000, interval: 5 },
  );
}

/** Watches a fresh one-page segment; its window thread, and what stops the watch. */
async function watchFresh(
  listener: (changes: MappingChange[]) => void,
  options: WatchOptions,
): Promise<{ shmid: number; tid: string; stop: () => void }> {
  const shmid = createSegment(pageSize);
  const before = windowThreads();
  const stop = attach(shmid).watch(listener, options);
  try {
    return { shmid, tid: await newWindowThread(before), stop };
  } catch (error) {
    stop();
    throw error;
  }
}

describe('watch: the resting pace', () => {
  it('looks every restIntervalUs once still for restAfterMs, and still sees a write', async () => {
    const changes: MappingChange[] = [];
    const { shmid, tid, stop } = await watchFresh((batch) => changes.push(...batch), {
      fastIntervalUs: 1000,
      idleIntervalUs: 2000,
      idleAfterMs: 0,
      restIntervalUs: 200_000,
      restAfterMs: 300,
    });
    try {
      await sleep(500); // past restAfterMs
      // 1 s at one look per 200 ms is 5, plus the wait under way; at the idle pace it is ~500.
      expect(await sleepsOver(tid, 1000)).toBeLessThanOrEqual(7);

      // At rest, a write by another process is still found, at the next look.
      const child = await AttachChild.start();
      try {
        const attached = await child.attach(shmid);
        if (!attached.ok) throw new Error(`child attach failed: ${attached.error.code}`);
        await child.write(attached.value.ref, 100, Buffer.from('at rest'));
        await vi.waitFor(
          () =>
            expect(changes.some((c) => c.offset <= 100 && c.offset + c.bytes.length >= 107)).toBe(
              true,
            ),
          { timeout: 5000, interval: 20 },
        );
      } finally {
        expect(await child.close()).toEqual({ code: 0, signal: null });
      }
    } finally {
      stop();
    }
  });

  it('without restIntervalUs there is no resting pace: idle stays idle', async () => {
    // A long idle interval: a resting pace that defaulted to anything shorter would show.
    const { tid, stop } = await watchFresh(() => undefined, {
      fastIntervalUs: 1000,
      idleIntervalUs: 400_000,
      idleAfterMs: 0,
      restAfterMs: 0,
    });
    try {
      await sleep(100);
      expect(await sleepsOver(tid, 1000)).toBeLessThanOrEqual(4);
    } finally {
      stop();
    }
  });
});
