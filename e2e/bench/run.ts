// `npm run bench`: runs the benchmarks (all, or those named with
// `-- --only <part>[,<part>…]`), prints each figure next to its budget and
// writes results/bench.json (a partial run: results/bench-<parts>.json), not
// committed. Measured, never asserted: the exit code is 0 whatever the figures.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBenchArgs } from '../../src-main/lab/bench/bench-args';
import type { BenchPart } from '../../src-main/lab/bench/bench-args';
import { BENCH_PARTS } from '../../src-main/lab/bench/bench-args';
import { formatBudgetTable } from '../../src-main/lab/bench/budget-table';
import { runLabBench } from '../../src-main/lab/bench/lab-bench';
import { findProjectRoot } from '../../src-main/lab/native';
import type { BenchResults } from './budget-rows';
import { budgetRows } from './budget-rows';
import { runBurstBench } from './burst-bench';
import { runFactsBench } from './facts-bench';
import { IDLE_SETTLE_SECONDS, runIdleBench } from './idle-bench';
import { runLoadBench } from './load-bench';
import { runMachineBench } from './machine-bench';
import { describePart } from './part-notes';
import { runMemoryBench } from './memory-bench';
import { runUiLatencyBench } from './ui-latency';

let parts: BenchPart[];
try {
  parts = parseBenchArgs(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
}

const root = findProjectRoot();
const builtChild = join(root, 'out', 'main', 'child.js');
if (!existsSync(builtChild)) {
  process.stderr.write(
    'out/main/child.js is missing: run `npm run build` first (npm run bench does).\n',
  );
  process.exit(1);
}

const runners: { [P in BenchPart]: () => Promise<NonNullable<BenchResults[P]>> } = {
  lab: () =>
    runLabBench({ modulePath: builtChild, execArgv: [] }, { writes: 1000, spacedWrites: 200 }),
  idle: () => runIdleBench({ idleSeconds: 10, settleSeconds: IDLE_SETTLE_SECONDS }),
  memory: () => runMemoryBench({ idleSeconds: 10, settleSeconds: IDLE_SETTLE_SECONDS }),
  ui: () => runUiLatencyBench(200),
  facts: () => runFactsBench(200),
  load: () => runLoadBench(10),
  burst: () => runBurstBench(1000),
  machine: () =>
    runMachineBench({ segments: 1000, processes: 1000, attachers: 500, refreshes: 30 }),
};

const started = performance.now();
const results: BenchResults = {};
for (const part of parts) {
  process.stdout.write(`[bench] ${part}…\n`);
  const partStarted = performance.now();
  const result = await runners[part]();
  (results as Record<BenchPart, unknown>)[part] = result;
  const seconds = ((performance.now() - partStarted) / 1000).toFixed(1);
  process.stdout.write(`${describePart(part, results)}\n[bench] ${part} took ${seconds} s\n\n`);
}

const rows = budgetRows(results);
process.stdout.write(`${formatBudgetTable(rows)}\n`);
const minutes = ((performance.now() - started) / 60_000).toFixed(1);
process.stdout.write(`\n${parts.join(', ')} in ${minutes} min\n`);

const resultsDir = join(root, 'results');
mkdirSync(resultsDir, { recursive: true });
const all = parts.length === BENCH_PARTS.length;
const file = all ? 'bench.json' : `bench-${parts.join(',')}.json`;
const record = {
  date: new Date().toISOString(),
  node: process.version,
  parts,
  ...results,
  budgets: rows,
};
writeFileSync(join(resultsDir, file), `${JSON.stringify(record, null, 2)}\n`);
process.stdout.write(`Wrote ${join('results', file)}\n`);
