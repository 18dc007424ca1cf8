// Idle CPU of the Lab as users run it: `node out/main/web.js` (main, the web
// host and both children), driven over its WebSocket, measured from outside
// through /proc/<pid>/stat.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { readPidStat } from '../../src-main/proc/pid-stat';
import type { ApiClient } from './api-client';
import { connectApi } from './api-client';
import { startWebHost } from '../web-host';

/** CPU used over a stretch of wall time, as a share of one core. */
export interface CpuShare {
  seconds: number;
  percentOfOneCore: number;
  mainPercent: number;
  childrenPercent: number;
}

export interface IdleCpu extends CpuShare {
  settleSeconds: number;
  /** What the settle itself cost: the tail of starting and attaching, measured apart. */
  settle: CpuShare;
}

/**
 * How long the Lab is left alone before idle is measured. Node's V8 shrinks a fresh heap with
 * up to three mark-compacts (its memory reducer), the first about 8 s after start; when the heap
 * is not yet quiet it puts the next off by 8 s more. With --trace-gc, one in eight 15 s settles
 * left one of them in the window: about 50 ms of the host's CPU, 0.5 % of a 10 s window, once.
 * That is the start's tail, not idle: the settle is long enough for it to end, and its cost is
 * reported on its own line.
 */
export const IDLE_SETTLE_SECONDS = 30;

const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/**
 * CPU time a process used so far, in seconds, all its threads included (the watcher's threads,
 * V8's and libuv's). Read from each thread's /proc/<pid>/task/<tid>/schedstat, which counts
 * nanoseconds: utime and stime count whole clock ticks (10 ms), which over a 10 s idle window
 * of three processes made the figure jump by ±0.3 % from rounding alone. Falls back to
 * utime + stime where the kernel has no schedstat.
 */
export function cpuSecondsOf(pid: number): number {
  let nanoseconds = 0;
  let threadsRead = 0;
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    // Gone, or no task folder: the fallback below says which.
  }
  for (const tid of tids) {
    try {
      const line = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8');
      nanoseconds += Number(line.split(' ')[0]);
      threadsRead += 1;
    } catch {
      // The thread ended between the listing and the read: its time is gone with it.
    }
  }
  if (threadsRead > 0) return nanoseconds / 1e9;
  const fields = readPidStat(pid);
  if (fields === null) throw new Error(`process ${pid} is gone`);
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** The pids of the host's children A and B, as the Lab reports them. */
export async function childPids(api: ApiClient): Promise<{ A: number; B: number }> {
  const { processes } = await api.request('getState');
  if (processes.A.pid === null || processes.B.pid === null) {
    throw new Error('a child of the web host has no pid (not running)');
  }
  return { A: processes.A.pid, B: processes.B.pid };
}

/** CPU the host process and the children use while nothing is asked of them. */
export async function measureIdleCpu(
  main: number,
  children: readonly number[],
  seconds: number,
): Promise<CpuShare> {
  const mainBefore = cpuSecondsOf(main);
  const childrenBefore = children.map(cpuSecondsOf);
  await sleep(seconds * 1000);
  const mainSeconds = cpuSecondsOf(main) - mainBefore;
  const childrenSeconds = children
    .map(cpuSecondsOf)
    .reduce((sum, value, i) => sum + value - childrenBefore[i]!, 0);
  const toPercent = (used: number): number => (used / seconds) * 100;
  return {
    seconds,
    percentOfOneCore: toPercent(mainSeconds + childrenSeconds),
    mainPercent: toPercent(mainSeconds),
    childrenPercent: toPercent(childrenSeconds),
  };
}

/** Idle CPU with one page of a fresh segment attached in A and B, a few values written. */
export async function runIdleBench(options: {
  idleSeconds: number;
  settleSeconds: number;
}): Promise<IdleCpu> {
  const host = await startWebHost();
  try {
    const api = await connectApi(host.url);
    const { system } = await api.request('getState');
    const { shmid } = await api.request('createSegment', { key: 0, size: system.pageSize });
    await api.request('attach', { process: 'A', shmid });
    await api.request('attach', { process: 'B', shmid });
    for (let offset = 0; offset < 64; offset += 4) {
      await api.request('write', { process: 'A', offset, type: 'u32', value: String(offset) });
    }
    const pids = await childPids(api);
    const processes = [pids.A, pids.B];
    const settle = await measureIdleCpu(host.child.pid!, processes, options.settleSeconds);
    const share = await measureIdleCpu(host.child.pid!, processes, options.idleSeconds);
    api.close();
    return { ...share, settleSeconds: options.settleSeconds, settle };
  } finally {
    await host.stop();
  }
}
