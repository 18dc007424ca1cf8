// Issue 8's goals as rows of the closing table: each figure the parts
// measured, next to its budget (DESIGN.md, "Budgets").
import type { BudgetRow } from '../../src-main/lab/bench/budget-table';
import type { LabBenchResult } from '../../src-main/lab/bench/lab-bench';
import { SPACING_MS } from '../../src-main/lab/bench/lab-bench';
import type { BurstFigures } from './burst-bench';
import type { FactsBenchResult, FactsKindResult } from './facts-bench';
import type { IdleCpu } from './idle-bench';
import type { LoadBenchResult } from './load-bench';
import type { MachineBenchResult } from './machine-bench';
import { machineRows } from './machine-rows';
import type { MemoryBenchResult, SegmentCase } from './memory-bench';
import type { UiLatencyResult } from './ui-latency';

export const FRAME_MS = 1000 / 60;
const MiB = 1024 * 1024;
const MEMORY_BUDGET_MIB = 64;
const IDLE_BUDGET_PERCENT = 1;

/** What the parts that ran produced; a part that did not run is absent. */
export interface BenchResults {
  lab?: LabBenchResult;
  idle?: IdleCpu;
  memory?: MemoryBenchResult;
  ui?: UiLatencyResult;
  facts?: FactsBenchResult;
  load?: LoadBenchResult;
  burst?: BurstFigures[];
  machine?: MachineBenchResult;
}

function memoryRows(label: string, segment: SegmentCase, budget: number | null): BudgetRow[] {
  return (['A', 'B'] as const).flatMap((name, index): BudgetRow[] => {
    const attach = segment.attach?.[name];
    const child = segment.memory?.processes[index];
    const why =
      segment.makeError?.split(':')[0] ?? (attach?.ok === false ? attach.code : 'not measured');
    return [
      {
        figure: `${label}: ours added in ${name} (peak)`,
        value:
          segment.attachedAfter?.[name] === true && child !== undefined
            ? child.peakOurs / MiB
            : why,
        unit: 'MiB',
        budget,
      },
      {
        figure: `${label}: segment's pages mapped in ${name}`,
        value: child !== undefined ? child.growth.shared / MiB : why,
        unit: 'MiB',
        budget: null,
      },
    ];
  });
}

function idleRow(figure: string, percent: number | undefined, budget: number | null): BudgetRow {
  return { figure, value: percent ?? 'not measured', unit: '%', budget };
}

function burstRows(run: BurstFigures): BudgetRow[] {
  const end =
    run.mode === 'sequential'
      ? {
          figure: 'burst, sequential: last write sent → B shows every final value',
          value: run.endFromLastSendMs ?? 'never shown',
          budget: FRAME_MS,
        }
      : {
          figure: 'burst, pipelined: last reply → B shows every final value',
          value: run.endFromLastReplyMs ?? 'never shown',
          budget: null,
        };
  return [
    {
      figure: `burst, ${run.mode}: B's screen ends correct`,
      value: run.correct,
      unit: '',
      budget: true,
    },
    { ...end, unit: 'ms' },
    // Pipelined requests queue before A writes them, and their replies queue behind events, so
    // neither bounds a write's lag usefully there: only the sequential burst reports one.
    ...(run.mode === 'sequential'
      ? [
          {
            figure: 'burst, sequential: largest lag during the burst (from send)',
            value: run.lagFromSend.max,
            unit: 'ms' as const,
            budget: null,
          },
        ]
      : []),
    {
      figure: `burst, ${run.mode}: rate`,
      value: run.writesPerSecond,
      unit: 'writes/s',
      budget: null,
    },
  ];
}

function factsRows(kind: FactsKindResult): BudgetRow[] {
  const measured = (value: number): number | string => kind.skipped ?? value;
  const answered = `${kind.label}: answered → diagram equals pagemap`;
  const clicked = `${kind.label}: click → diagram equals pagemap`;
  return [
    {
      figure: `${answered}, p50`,
      value: measured(kind.answerToEqual.p50),
      unit: 'ms',
      budget: null,
    },
    {
      figure: `${answered}, p99`,
      value: measured(kind.answerToEqual.p99),
      unit: 'ms',
      budget: FRAME_MS,
    },
    { figure: `${clicked}, p50`, value: measured(kind.clickToEqual.p50), unit: 'ms', budget: null },
    { figure: `${clicked}, p99`, value: measured(kind.clickToEqual.p99), unit: 'ms', budget: null },
    {
      figure: `${kind.label}: samples whose table never matched or differed from pagemap`,
      value: measured(kind.misses),
      unit: '',
      budget: 0,
    },
    {
      figure: `${kind.label}: pagemap caught a look of ShmLab's own in flight`,
      value: measured(kind.transients),
      unit: '',
      budget: null,
    },
  ];
}

/** The closing table's rows for the parts that ran. */
export function budgetRows(results: BenchResults): BudgetRow[] {
  const rows: BudgetRow[] = [];
  const { lab, idle, memory, ui, facts, load, burst, machine } = results;
  if (lab !== undefined) {
    const name = 'A writes → B reports (Lab)';
    rows.push({ figure: `${name}, p50`, value: lab.writeToReport.p50, unit: 'ms', budget: 1 });
    rows.push({ figure: `${name}, p99`, value: lab.writeToReport.p99, unit: 'ms', budget: 5 });
    const label = `${name}, writes ${SPACING_MS} ms apart (how busy the machine is), p50`;
    rows.push({ figure: label, value: lab.spacedWriteToReport.p50, unit: 'ms', budget: null });
  }
  if (idle !== undefined) {
    rows.push(
      idleRow('idle CPU, one page attached in A and B', idle.percentOfOneCore, IDLE_BUDGET_PERCENT),
      idleRow(
        `idle CPU, one page: the ${idle.settleSeconds} s settle before it (the start's tail)`,
        idle.settle.percentOfOneCore,
        null,
      ),
    );
  }
  if (memory !== undefined) {
    rows.push(...memoryRows('1 GiB untouched', memory.untouched, MEMORY_BUDGET_MIB));
    rows.push(
      idleRow(
        'idle CPU, 1 GiB untouched attached in A and B',
        memory.untouched.idle?.percentOfOneCore,
        IDLE_BUDGET_PERCENT,
      ),
    );
    rows.push(...memoryRows('64 GiB SHM_NORESERVE', memory.noReserve, MEMORY_BUDGET_MIB));
    const bothAttached = memory.noReserve.attach?.A.ok === true && memory.noReserve.attach.B.ok;
    rows.push(
      idleRow(
        'idle CPU, 64 GiB SHM_NORESERVE attached in A and B',
        bothAttached ? memory.noReserve.idle?.percentOfOneCore : undefined,
        null,
      ),
    );
    rows.push(...memoryRows('1 GiB, every page touched', memory.touched, null));
    rows.push(
      idleRow(
        'idle CPU, 1 GiB with every page touched',
        memory.touched.idle?.percentOfOneCore,
        null,
      ),
    );
  }
  if (ui !== undefined) {
    const name = "pane A's writer → pane B's DOM (Chromium)";
    rows.push({ figure: `${name}, p50`, value: ui.writes.p50, unit: 'ms', budget: 4 });
    rows.push({ figure: `${name}, p99`, value: ui.writes.p99, unit: 'ms', budget: FRAME_MS });
    const echo = `page → host → page, answered at once (how busy Chromium and the machine are), p50`;
    rows.push({ figure: echo, value: ui.echo.p50, unit: 'ms', budget: null });
  }
  if (facts !== undefined) {
    rows.push(...factsRows(facts.load), ...factsRows(facts.touch), ...factsRows(facts.outside));
  }
  if (load !== undefined) {
    const name = 'page load → both processes drawn';
    rows.push({ figure: `${name}, p50`, value: load.bothDrawn.p50, unit: 'ms', budget: 1000 });
    rows.push({ figure: `${name}, max`, value: load.bothDrawn.max, unit: 'ms', budget: 1000 });
  }
  for (const run of burst ?? []) rows.push(...burstRows(run));
  if (machine !== undefined) rows.push(...machineRows(machine));
  return rows;
}
