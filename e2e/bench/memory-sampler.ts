// Follows the resident memory of a few processes until it stops moving, from
// /proc/<pid>/status, keeping the peak of what the processes hold themselves.
import type { MemoryGrowth, StatusMemory } from '../../src-main/lab/bench/proc-status';
import { memoryGrowth, readStatusMemory } from '../../src-main/lab/bench/proc-status';
import { sleep } from './idle-bench';

/** One process from a baseline reading to the moment its memory settled. */
export interface ProcessMemory {
  pid: number;
  before: StatusMemory;
  settled: StatusMemory;
  /** settled − before. */
  growth: MemoryGrowth;
  /** Largest "ours" growth seen while sampling: a transient copy counts too. */
  peakOurs: number;
}

export interface SettleOptions {
  /** VmRSS of every process moved less than `toleranceBytes` for this long. */
  quietMs: number;
  /** Give up waiting (and say so) after this long. */
  maxMs: number;
  everyMs: number;
  toleranceBytes: number;
}

export const DEFAULT_SETTLE: SettleOptions = {
  quietMs: 2000,
  maxMs: 20_000,
  everyMs: 100,
  toleranceBytes: 512 * 1024,
};

export interface Settled {
  processes: ProcessMemory[];
  /** From the call to the start of the quiet stretch. */
  settleMs: number;
  /** true when maxMs passed before the memory was quiet. */
  timedOut: boolean;
}

/**
 * Samples `pids` until their VmRSS is quiet, and `busy` (the work being measured, e.g. the
 * attach commands) ended at least `quietMs` ago; growth is measured from `before`. Sampling
 * runs alongside `busy`, so memory held only while it runs still counts in the peak.
 */
export async function sampleUntilSettled(
  before: ReadonlyMap<number, StatusMemory>,
  busy: Promise<unknown> = Promise.resolve(),
  options: SettleOptions = DEFAULT_SETTLE,
): Promise<Settled> {
  const started = performance.now();
  let busyEndedAt: number | null = null;
  const ended = (): void => {
    busyEndedAt = performance.now();
  };
  busy.then(ended, ended);
  const pids = [...before.keys()];
  const peak = new Map(pids.map((pid) => [pid, 0]));
  let anchor = new Map(pids.map((pid) => [pid, readStatusMemory(pid)]));
  let anchorAt = started;
  let latest = anchor;
  for (;;) {
    latest = new Map(pids.map((pid) => [pid, readStatusMemory(pid)]));
    for (const pid of pids) {
      const ours = memoryGrowth(before.get(pid)!, latest.get(pid)!).ours;
      peak.set(pid, Math.max(peak.get(pid)!, ours));
    }
    const moved = pids.some(
      (pid) => Math.abs(latest.get(pid)!.VmRSS - anchor.get(pid)!.VmRSS) >= options.toleranceBytes,
    );
    const now = performance.now();
    if (moved) {
      anchor = latest;
      anchorAt = now;
    }
    const quiet =
      busyEndedAt !== null &&
      now - busyEndedAt >= options.quietMs &&
      now - anchorAt >= options.quietMs;
    const timedOut = now - started >= options.maxMs;
    if (quiet || timedOut) {
      return {
        processes: pids.map((pid) => ({
          pid,
          before: before.get(pid)!,
          settled: latest.get(pid)!,
          growth: memoryGrowth(before.get(pid)!, latest.get(pid)!),
          peakOurs: peak.get(pid)!,
        })),
        settleMs: anchorAt - started,
        timedOut: !quiet,
      };
    }
    await sleep(options.everyMs);
  }
}

/** The status of each pid now, as the baseline of a later sampleUntilSettled. */
export function baseline(pids: readonly number[]): Map<number, StatusMemory> {
  return new Map(pids.map((pid) => [pid, readStatusMemory(pid)]));
}
