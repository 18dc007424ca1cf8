// The free run's results side by side: what each variant's RaceResult says, as the table's
// cells, and the comparison of costs that the pane is for. Pure.
import type { ProcessName, RaceResult, RaceVariant } from '../../../../src-main/common/api';

export const VARIANTS: readonly RaceVariant[] = ['plain', 'semaphore', 'atomic'];

export const VARIANT_TITLES: Record<RaceVariant, string> = {
  plain: 'no lock',
  semaphore: 'semaphore',
  atomic: 'atomic add',
};

const count = (n: number): string => n.toLocaleString('en');

/** Nanoseconds with three significant digits ("4.52", "38.1", "1,204"). */
export function formatNs(ns: number): string {
  if (!Number.isFinite(ns)) return '–';
  if (ns >= 1000) return count(Math.round(ns));
  return ns >= 100 ? ns.toFixed(0) : ns >= 10 ? ns.toFixed(1) : ns.toFixed(2);
}

/** One row of the results table: a label and a cell per variant ('' where it has not run). */
export interface ResultRow {
  label: string;
  cells: Record<RaceVariant, string>;
}

type Results = Partial<Record<RaceVariant, RaceResult>>;

function row(label: string, results: Results, cell: (result: RaceResult) => string): ResultRow {
  const cells = { plain: '', semaphore: '', atomic: '' };
  for (const variant of VARIANTS) {
    const result = results[variant];
    if (result !== undefined) cells[variant] = cell(result);
  }
  return { label, cells };
}

const perProcess = (name: ProcessName) => (result: RaceResult) =>
  result.perProcess[name].done === 0 ? '–' : formatNs(result.perProcess[name].nsPerIncrement);

/** The table: counter, expected, lost, then the time per increment of each process. */
export function resultRows(results: Results): ResultRow[] {
  return [
    row('final counter', results, (r) => count(r.final)),
    row('expected', results, (r) => count(r.expected)),
    row('lost', results, (r) => count(r.lost)),
    row('ns per increment in A', results, perProcess('A')),
    row('ns per increment in B', results, perProcess('B')),
    row('wall time (ms)', results, (r) => r.durationMs.toFixed(0)),
    row('finished', results, (r) => (r.cancelled ? 'cancelled' : 'all done')),
  ];
}

/** The mean of A's and B's time per increment of a run, over the processes that did any. */
export function meanNs(result: RaceResult): number | null {
  const times = (['A', 'B'] as const)
    .filter((name) => result.perProcess[name].done > 0)
    .map((name) => result.perProcess[name].nsPerIncrement);
  return times.length === 0 ? null : times.reduce((a, b) => a + b, 0) / times.length;
}

/** What the measured times say, once the semaphore and the atomic runs are both there. */
export function costText(results: Results): string | null {
  const semaphore = results.semaphore;
  const atomic = results.atomic;
  if (semaphore === undefined || atomic === undefined) return null;
  const semNs = meanNs(semaphore);
  const atomicNs = meanNs(atomic);
  if (semNs === null || atomicNs === null || atomicNs <= 0) return null;
  const ratio = semNs / atomicNs;
  return (
    `Here one increment under the semaphore took ${formatNs(semNs)} ns on average and one ` +
    `atomic add ${formatNs(atomicNs)} ns: the semaphore costs about ${ratio >= 10 ? count(Math.round(ratio)) : ratio.toFixed(1)} ` +
    `times as much, because each increment makes two system calls (and a process that finds ` +
    `the lock taken sleeps until the other one gives it back).`
  );
}

/** How far a run is, from its raceProgress event: one fraction per process. */
export function progressOf(
  done: Record<ProcessName, number>,
  times: number,
): Record<ProcessName, number> {
  const part = (n: number): number => (times <= 0 ? 0 : Math.min(1, Math.max(0, n / times)));
  return { A: part(done.A), B: part(done.B) };
}
