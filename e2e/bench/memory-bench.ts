// Memory of the children while they watch a large segment: a 1 GiB segment
// the Lab creates (untouched, then with every page touched) and a 64 GiB one
// made with SHM_NORESERVE, attached in A and B of a real web host. Figures
// come from /proc/<pid>/status: what the child holds itself (RssAnon +
// RssFile) apart from the segment's own pages it maps (RssShmem). Measured,
// never asserted.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ProcessName } from '../../src-main/common/api';
import { native, findProjectRoot } from '../../src-main/lab/native';
import type { ApiClient } from './api-client';
import { connectApi } from './api-client';
import type { CpuShare } from './idle-bench';
import { childPids, measureIdleCpu, sleep } from './idle-bench';
import type { Settled } from './memory-sampler';
import { baseline, sampleUntilSettled } from './memory-sampler';
import type { RunningWebHost } from '../web-host';
import { startWebHost } from '../web-host';

const GiB = 1024 ** 3;
/**
 * SHM_NORESERVE (linux/shm.h): no swap is reserved, so a segment may be larger than memory.
 * The addon exports no such constant and its checked shmget refuses the flag (the Lab never
 * makes such segments), so the bench calls the raw binding with the kernel's number, as
 * native/test/14-out-of-memory.test.ts does.
 */
const SHM_NORESERVE = 0o10000;

export type AttachOutcome = { ok: true } | { ok: false; code: string; message: string };

/** One segment attached in A and B: what attaching answered, memory, idle CPU. */
export interface SegmentCase {
  size: number;
  /** null when the segment could not even be made; then `makeError` is "<code>: <message>". */
  shmid: number | null;
  makeError: string | null;
  attach: Record<ProcessName, AttachOutcome> | null;
  /**
   * Whether each process has the segment attached once memory settled, by the Lab's state: an
   * attach that timed out may still have happened (the Lab then asks the child and updates).
   */
  attachedAfter: Record<ProcessName, boolean> | null;
  /** Both attach commands, sent together, until both answered. */
  attachMs: number | null;
  memory: Settled | null;
  idle: CpuShare | null;
}

export interface MemoryBenchResult {
  pageSize: number;
  untouched: SegmentCase;
  /** The same 1 GiB segment after another process wrote every page. */
  touched: SegmentCase & { touchMs: number };
  noReserve: SegmentCase;
}

export interface MemoryBenchOptions {
  idleSeconds: number;
  /** Extra wait after memory settled, before idle CPU is measured. */
  settleSeconds: number;
}

async function attachBoth(
  api: ApiClient,
  shmid: number,
  foreign: boolean,
): Promise<{ attach: Record<ProcessName, AttachOutcome>; attachMs: number }> {
  const started = performance.now();
  const results = await Promise.all(
    (['A', 'B'] as const).map((process) =>
      api.call('attach', { process, shmid, ...(foreign ? { writeForeign: true } : {}) }),
    ),
  );
  const attachMs = performance.now() - started;
  const outcome = (index: number): AttachOutcome => {
    const result = results[index]!;
    return result.ok ? { ok: true } : { ok: false, ...result.error };
  };
  return { attach: { A: outcome(0), B: outcome(1) }, attachMs };
}

async function attachedNow(api: ApiClient, shmid: number): Promise<Record<ProcessName, boolean>> {
  const { processes } = await api.request('getState');
  return {
    A: processes.A.attachment?.shmid === shmid,
    B: processes.B.attachment?.shmid === shmid,
  };
}

/** Attaches in both, follows memory until it settles, then (if asked) measures idle CPU. */
async function measureCase(
  host: RunningWebHost,
  api: ApiClient,
  shmid: number,
  size: number,
  options: MemoryBenchOptions & { foreign: boolean; idle: boolean },
): Promise<SegmentCase> {
  const pids = await childPids(api);
  const before = baseline([pids.A, pids.B]);
  const attaching = attachBoth(api, shmid, options.foreign);
  const [{ attach, attachMs }, memory] = await Promise.all([
    attaching,
    sampleUntilSettled(before, attaching),
  ]);
  const attachedAfter = await attachedNow(api, shmid);
  let idle: CpuShare | null = null;
  if (options.idle) {
    await sleep(options.settleSeconds * 1000);
    idle = await measureIdleCpu(host.child.pid!, [pids.A, pids.B], options.idleSeconds);
  }
  return { size, shmid, makeError: null, attach, attachedAfter, attachMs, memory, idle };
}

/**
 * Writes every byte of the segment from this process, as another program would; yields now and
 * then so the memory sampler keeps running.
 */
async function touchEveryPage(shmid: number, size: number): Promise<number> {
  const started = performance.now();
  const mapping = native.shmat(shmid);
  try {
    const chunk = new Uint8Array(1024 * 1024).fill(0x5a);
    for (let offset = 0; offset < size; offset += chunk.length) {
      mapping.write(offset, chunk.subarray(0, Math.min(chunk.length, size - offset)));
      if (offset % (32 * chunk.length) === 0) await new Promise(setImmediate);
    }
  } finally {
    mapping.detach();
  }
  return performance.now() - started;
}

async function measureOneGiB(
  options: MemoryBenchOptions,
): Promise<Pick<MemoryBenchResult, 'untouched' | 'touched'>> {
  const host = await startWebHost();
  const api = await connectApi(host.url);
  try {
    // Created by the Lab, as a learner's shmget would be: IPC_PRIVATE, removed after.
    const { shmid } = await api.request('createSegment', { key: 0, size: GiB });
    await sleep(1000); // let the fresh children finish starting before the baseline
    const untouched = await measureCase(host, api, shmid, GiB, {
      ...options,
      foreign: false,
      idle: true,
    });
    // The baseline of the touched case is the same as the untouched one's.
    const before = new Map(
      untouched.memory!.processes.map((process) => [process.pid, process.before]),
    );
    // Sampling starts before the writes, so what the children hold while they happen counts.
    const touching = touchEveryPage(shmid, GiB);
    const [touchMs, memory] = await Promise.all([touching, sampleUntilSettled(before, touching)]);
    const attachedAfter = await attachedNow(api, shmid);
    await sleep(options.settleSeconds * 1000);
    const pids = await childPids(api);
    const idle = await measureIdleCpu(host.child.pid!, [pids.A, pids.B], options.idleSeconds);
    await Promise.all((['A', 'B'] as const).map((process) => api.call('detach', { process })));
    await api.call('removeSegment', { shmid });
    return {
      untouched,
      touched: {
        ...untouched,
        attachedAfter,
        memory,
        idle,
        attachMs: null,
        touchMs,
      },
    };
  } finally {
    api.close();
    await host.stop();
  }
}

async function measureNoReserve(options: MemoryBenchOptions): Promise<SegmentCase> {
  const size = 64 * GiB;
  const raw = createRequire(import.meta.url)(
    join(findProjectRoot(), 'native', 'build', 'Release', 'shmlab.node'),
  ) as { shmget(key: number, size: number, flags: number): number };
  const { IPC_PRIVATE, IPC_CREAT, IPC_EXCL } = native.constants;
  let shmid: number;
  try {
    shmid = raw.shmget(IPC_PRIVATE, size, IPC_CREAT | IPC_EXCL | SHM_NORESERVE | 0o600);
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    const makeError = `${code ?? 'error'}: ${message}`;
    return {
      size,
      shmid: null,
      makeError,
      attach: null,
      attachedAfter: null,
      attachMs: null,
      memory: null,
      idle: null,
    };
  }
  let host: RunningWebHost | null = null;
  try {
    host = await startWebHost();
    const api = await connectApi(host.url);
    await sleep(1000);
    // Made by this bench, so the Lab sees a foreign segment: attach it writable as asked.
    const result = await measureCase(host, api, shmid, size, {
      ...options,
      foreign: true,
      idle: true,
    });
    await Promise.all((['A', 'B'] as const).map((process) => api.call('detach', { process })));
    api.close();
    return result;
  } finally {
    // The host removes only what its Lab made; this segment is the bench's to remove.
    native.shmctl(shmid, 'IPC_RMID');
    await host?.stop();
  }
}

/** The whole memory part: 1 GiB untouched and touched, then 64 GiB SHM_NORESERVE. */
export async function runMemoryBench(options: MemoryBenchOptions): Promise<MemoryBenchResult> {
  const oneGiB = await measureOneGiB(options);
  const noReserve = await measureNoReserve(options);
  return { pageSize: native.constants.pageSize, ...oneGiB, noReserve };
}
