// The `machine` part: what one refresh of the machine view costs on a machine holding many
// segments and processes. A C program (machine-population.c) makes the population: one-page
// IPC_PRIVATE segments and sleeping processes, some holding a segment each. Then the refresh
// (readMachine, as Lab.machine runs it) is timed again and again, in a fresh process of its own
// (machine-refresher.ts): its CPU (user + system of that process) and wall time. Measured, never asserted. Nothing outlives the part: the segments are
// marked removed as soon as they are attached, so the kernel frees them with their holders, and
// the children die with their leader.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LatencyStats } from '../../src-main/lab/bench/lab-bench';
import { summarize } from '../../src-main/lab/bench/lab-bench';
import { readKernelLimits } from '../../src-main/proc/kernel-limits';
import { readSysvShm } from '../../src-main/proc/sysvipc-shm';
import type { RefresherOutput } from './machine-refresher';

export interface MachineBenchOptions {
  segments: number;
  processes: number;
  /** Processes that attach one segment each (the leader holds the others). */
  attachers: number;
  refreshes: number;
}

export interface MachineBenchResult extends MachineBenchOptions {
  /** Why it could not run (a limit too low, no compiler…), or null. */
  skipped: string | null;
  shmmni: number;
  /** On the machine as it was, before the population: the same refresh's CPU. */
  baselineCpuMs: LatencyStats | null;
  /** Per refresh, with the population: CPU (user + system) and wall time, ms. */
  cpuMs: LatencyStats | null;
  wallMs: LatencyStats | null;
  /**
   * The longest the event loop went without running a timer while the measured refreshes ran,
   * ms: what a refresh holds up the Lab's other work (the scan itself runs on a worker thread).
   */
  eventLoopStallMs: number | null;
  /** JSON encoding of one snapshot, as the web host sends it: CPU ms. */
  encodeCpuMs: LatencyStats | null;
  encodedBytes: number;
  /** What the last refresh saw. */
  segmentsListed: number;
  processesRead: number;
  processesUnreadable: number;
  /** Every population segment was listed with its one holder as its only mapper. */
  everyHolderFound: boolean;
  /** Segments and processes of the population still there after the part ended. */
  leftoverSegments: number;
  leftoverProcesses: number;
}

/**
 * Runs `count` refreshes (after `warmUp` unmeasured ones) in a fresh Node process (see
 * machine-refresher.ts for why) and returns what it printed.
 */
function refreshes(warmUp: number, count: number): RefresherOutput {
  const run = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      join(import.meta.dirname, 'machine-refresher.ts'),
      String(warmUp),
      String(count),
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (run.status !== 0) {
    throw new Error(`machine-refresher.ts failed (${run.status ?? run.signal}): ${run.stderr}`);
  }
  return JSON.parse(run.stdout) as RefresherOutput;
}

/** Compiles the population program; null and the compiler's words when it cannot. */
function buildPopulation(dir: string): { binary: string | null; error: string } {
  const binary = join(dir, 'machine-population');
  const source = join(import.meta.dirname, 'machine-population.c');
  const flags = ['-std=c11', '-Wall', '-Wextra', '-Wpedantic', '-Werror', '-O2'];
  const build = spawnSync('cc', [...flags, '-o', binary, source], { encoding: 'utf8' });
  if (build.status !== 0) return { binary: null, error: build.stderr || String(build.error) };
  chmodSync(binary, 0o755);
  return { binary, error: '' };
}

/** Starts the population; resolves once every segment and process exists. */
function startPopulation(
  binary: string,
  options: MachineBenchOptions,
): Promise<ChildProcessWithoutNullStreams> {
  const args = [options.segments, options.processes, options.attachers].map(String);
  const leader = spawn(binary, args, { stdio: 'pipe' });
  let stderr = '';
  leader.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    let out = '';
    leader.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (out.startsWith('ready ') && out.includes('\n')) resolve(leader);
    });
    leader.once('close', (code) => reject(new Error(`population exited (${code}): ${stderr}`)));
  });
}

/** Ends the population (EOF on its stdin; SIGKILL after 10 s) and waits for its exit. */
async function stopPopulation(leader: ChildProcessWithoutNullStreams): Promise<void> {
  if (leader.exitCode !== null || leader.signalCode !== null) return;
  const closed = new Promise((resolve) => leader.once('close', resolve));
  leader.stdin.end();
  const timer = setTimeout(() => leader.kill('SIGKILL'), 10_000);
  await closed;
  clearTimeout(timer);
}

/** Processes of the population still there: by their command name, for children orphaned. */
function populationProcesses(): number {
  // comm holds 15 characters of 'machine-population'.
  const run = spawnSync('pgrep', ['-c', '-x', 'machine-populat'], { encoding: 'utf8' });
  return Number(run.stdout.trim()) || 0;
}

/** Runs the part; see MachineBenchResult. */
export async function runMachineBench(options: MachineBenchOptions): Promise<MachineBenchResult> {
  const limits = await readKernelLimits();
  const existing = (await readSysvShm()).length;
  const result: MachineBenchResult = {
    ...options,
    skipped: null,
    shmmni: limits.shmmni,
    baselineCpuMs: null,
    cpuMs: null,
    wallMs: null,
    eventLoopStallMs: null,
    encodeCpuMs: null,
    encodedBytes: 0,
    segmentsListed: 0,
    processesRead: 0,
    processesUnreadable: 0,
    everyHolderFound: false,
    leftoverSegments: 0,
    leftoverProcesses: 0,
  };
  if (existing + options.segments > limits.shmmni) {
    result.skipped = `SHMMNI is ${limits.shmmni} and ${existing} segments exist: no room for ${options.segments}`;
    return result;
  }
  const dir = mkdtempSync(join(tmpdir(), 'shmlab-machine-bench-'));
  const { binary, error } = buildPopulation(dir);
  if (binary === null) {
    rmSync(dir, { recursive: true, force: true });
    result.skipped = `machine-population.c did not compile: ${error}`;
    return result;
  }

  result.baselineCpuMs = summarize(refreshes(0, 5).cpu);
  let leader: ChildProcessWithoutNullStreams | undefined;
  const stopOnSignal = (): void => {
    leader?.kill('SIGKILL'); // its children die with it, its segments with their holders
    process.exit(130);
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    leader = await startPopulation(binary, options);
    const leaderPid = leader.pid ?? -1;
    // Three unmeasured refreshes first: the first reads fault the code and caches in.
    const measured = refreshes(3, options.refreshes);
    result.cpuMs = summarize(measured.cpu);
    result.wallMs = summarize(measured.wall);
    result.eventLoopStallMs = measured.stallMs;
    result.encodeCpuMs = summarize(measured.encodeCpuMs);
    result.encodedBytes = measured.encodedBytes;
    const ours = measured.segments.filter((segment) => segment.cpid === leaderPid);
    result.segmentsListed = measured.segments.length;
    result.processesRead = measured.processesRead;
    result.processesUnreadable = measured.processesUnreadable;
    result.everyHolderFound =
      ours.length === options.segments &&
      ours.every((s) => s.nattch === 1 && s.mappers === 1 && s.dest);
  } finally {
    if (leader !== undefined) await stopPopulation(leader);
    process.off('SIGINT', stopOnSignal);
    process.off('SIGTERM', stopOnSignal);
    const leaderPid = leader?.pid ?? -1;
    result.leftoverSegments = (await readSysvShm()).filter((s) => s.cpid === leaderPid).length;
    result.leftoverProcesses = populationProcesses();
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}
