// The `machine` part's lines and closing-table rows (issue 10's goal: a refresh of the machine
// view costs under 100 ms of CPU with 1000 segments and 1000 processes).
import type { BudgetRow } from '../../src-main/lab/bench/budget-table';
import type { LatencyStats } from '../../src-main/lab/bench/lab-bench';
import type { MachineBenchResult } from './machine-bench';

/** Issue 10's budget for one refresh, CPU ms. */
export const MACHINE_REFRESH_BUDGET_MS = 100;

const ms = (s: LatencyStats | null): string =>
  s === null
    ? 'not measured'
    : `p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms, max ${s.max.toFixed(1)} ms over ${s.samples}`;

const stall = (value: number | null): string =>
  value === null ? 'not measured' : `${value.toFixed(1)} ms`;

/** What the part measured, in a few lines. */
export function describeMachineBench(result: MachineBenchResult): string {
  if (result.skipped !== null) return `machine view refresh: not measured: ${result.skipped}`;
  const { segments, processes, attachers } = result;
  return [
    `machine view refresh with ${segments} one-page segments (SHM_DEST, each held by one process) ` +
      `and ${processes} more processes (${attachers} of them holding a segment); SHMMNI ${result.shmmni}`,
    `  CPU (user + system of the reading process): ${ms(result.cpuMs)}`,
    `  wall time: ${ms(result.wallMs)}`,
    `  longest event-loop stall while refreshing: ${stall(result.eventLoopStallMs)}`,
    `  before the population (the machine as it was): CPU ${ms(result.baselineCpuMs)}`,
    `  JSON encoding of one snapshot (${(result.encodedBytes / 1024).toFixed(0)} KiB): CPU ${ms(result.encodeCpuMs)}`,
    `  last refresh: ${result.segmentsListed} segments listed, ${result.processesRead} processes read, ` +
      `${result.processesUnreadable} unreadable; every segment with its holder: ${result.everyHolderFound ? 'yes' : 'NO'}`,
    `  left behind: ${result.leftoverSegments} segments, ${result.leftoverProcesses} processes`,
  ].join('\n');
}

/** The closing table's rows for the part. */
export function machineRows(result: MachineBenchResult): BudgetRow[] {
  const name = `machine view refresh CPU, ${result.segments} segments + ${result.processes} processes`;
  const value = (pick: (s: LatencyStats) => number, s: LatencyStats | null) =>
    s === null ? (result.skipped ?? 'not measured') : pick(s);
  return [
    {
      figure: `${name}, p50`,
      value: value((s) => s.p50, result.cpuMs),
      unit: 'ms',
      budget: MACHINE_REFRESH_BUDGET_MS,
    },
    {
      figure: `${name}, p99`,
      value: value((s) => s.p99, result.cpuMs),
      unit: 'ms',
      budget: MACHINE_REFRESH_BUDGET_MS,
    },
    {
      figure: 'machine view refresh wall time, p50',
      value: value((s) => s.p50, result.wallMs),
      unit: 'ms',
      budget: null,
    },
    {
      figure: 'machine view: every segment listed with its holder',
      value: result.everyHolderFound,
      unit: '',
      budget: true,
    },
    {
      figure: 'machine bench: no segment or process left behind',
      value: result.skipped === null && result.leftoverSegments + result.leftoverProcesses === 0,
      unit: '',
      budget: true,
    },
  ];
}
