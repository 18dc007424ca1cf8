// The machine part's measured refreshes, in a process of their own. In the app the refresh runs
// in the Lab's host process, whose heap holds the Lab; timed inside the bench's own process it
// would also pay for collecting everything the earlier parts left in that heap (their results,
// the browser driver), which a full garbage collection walks. So the bench starts this script
// with a fresh Node and reads one JSON line back: per refresh, CPU (user + system of this
// process, as readMachine reports it in costMs) and wall time; the event loop's longest stall;
// what the last refresh saw.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { MachineSnapshot } from '../../src-main/common/api';
import { readMachine } from '../../src-main/lab/machine';
import { native } from '../../src-main/lab/native';

/** What one run of this script prints, as one line of JSON. */
export interface RefresherOutput {
  cpu: number[];
  wall: number[];
  stallMs: number;
  /** The last snapshot's segments, reduced to what the bench checks. */
  segments: { cpid: number; nattch: number; mappers: number; dest: boolean }[];
  processesRead: number;
  processesUnreadable: number;
  /** JSON encoding of the last snapshot, as the web host sends it: CPU ms each, and its size. */
  encodeCpuMs: number[];
  encodedBytes: number;
}

const context = {
  pageSize: native.constants.pageSize,
  ownsSegment: () => false,
  ownsSemaphoreSet: () => false,
  labProcesses: new Map(),
};

function cpuNow(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

async function main(): Promise<void> {
  const warmUp = Number(process.argv[2] ?? '0');
  const count = Number(process.argv[3] ?? '1');
  for (let index = 0; index < warmUp; index += 1) await readMachine(context);
  const cpu: number[] = [];
  const wall: number[] = [];
  const stalls = monitorEventLoopDelay({ resolution: 1 });
  stalls.enable();
  let last: MachineSnapshot | undefined;
  for (let index = 0; index < count; index += 1) {
    const started = performance.now();
    last = await readMachine(context);
    wall.push(performance.now() - started);
    cpu.push(last.costMs);
    // The view refreshes at most once a second; a short pause keeps refreshes apart like that.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  stalls.disable();
  const encodeCpuMs: number[] = [];
  let encodedBytes = 0;
  for (let index = 0; index < 10 && last !== undefined; index += 1) {
    const before = cpuNow();
    encodedBytes = JSON.stringify(last).length;
    encodeCpuMs.push(cpuNow() - before);
  }
  const output: RefresherOutput = {
    cpu,
    wall,
    // The histogram counts in ns how late each 1 ms tick ran.
    stallMs: stalls.max / 1e6,
    segments: (last?.segments ?? []).map((s) => ({
      cpid: s.cpid,
      nattch: s.nattch,
      mappers: s.mappers.length,
      dest: s.dest,
    })),
    processesRead: last?.processesRead ?? 0,
    processesUnreadable: last?.processesUnreadable ?? 0,
    encodeCpuMs,
    encodedBytes,
  };
  process.stdout.write(`${JSON.stringify(output)}\n`);
}

await main();
