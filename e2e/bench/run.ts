// `npm run bench`: runs every benchmark, prints a table, writes
// results/bench.json (not committed).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findProjectRoot } from '../../src-main/lab/native';
import type { LatencyStats } from '../../src-main/lab/bench/lab-bench';
import { runLabBench } from '../../src-main/lab/bench/lab-bench';
import { runIdleBench } from './idle-bench';
import { runUiLatencyBench } from './ui-latency';

const root = findProjectRoot();
const builtChild = join(root, 'out', 'main', 'child.js');
if (!existsSync(builtChild)) {
  process.stderr.write(
    'out/main/child.js is missing: run `npm run build` first (npm run bench does).\n',
  );
  process.exit(1);
}

const fmt = (ms: number): string => `${ms.toFixed(3)} ms`;
const row = (name: string, stats: LatencyStats): string[] => [
  name,
  String(stats.samples),
  fmt(stats.p50),
  fmt(stats.p99),
  fmt(stats.max),
];

const lab = await runLabBench({ modulePath: builtChild, execArgv: [] }, { writes: 1000 });
const idleCpu = await runIdleBench({
  idleSeconds: 10,
  settleSeconds: 15,
});
const ui = await runUiLatencyBench(200);
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  node: process.version,
  lab,
  idleCpu,
  uiWriteToDom: ui,
};

const table = [
  ['measure', 'samples', 'p50', 'p99', 'max'],
  row('A writes → B reports (Lab)', lab.writeToReport),
  row("pane A's writer → pane B's DOM (Chromium, web host)", ui),
];
const widths = table[0]!.map((_, column) => Math.max(...table.map((line) => line[column]!.length)));
const print = (line: string[]): string => line.map((cell, i) => cell.padEnd(widths[i]!)).join('  ');
process.stdout.write(`${table.map(print).join('\n')}\n\n`);
process.stdout.write(
  `Lab start → both children attached: ${fmt(lab.startToAttachedMs)}\n` +
    `Idle CPU of node out/main/web.js with A and B attached, over ${idleCpu.seconds} s (after ${idleCpu.settleSeconds} s to settle): ${idleCpu.percentOfOneCore.toFixed(2)} % of one core ` +
    `(main ${idleCpu.mainPercent.toFixed(2)} %, children ${idleCpu.childrenPercent.toFixed(2)} %)\n`,
);

const resultsDir = join(root, 'results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, 'bench.json'), `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`\nWrote ${join('results', 'bench.json')}\n`);
