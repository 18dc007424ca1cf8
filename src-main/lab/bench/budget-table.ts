// The bench's closing table: each figure next to its budget, and whether the
// budget is met. Figures without a budget are reported as information.

/** One measured figure and the goal it is held against. */
export interface BudgetRow {
  figure: string;
  /**
   * The measurement; a boolean for a check (e.g. "B's screen ends correct"); a string when it
   * could not be measured (an error code), which never meets a budget.
   */
  value: number | boolean | string;
  unit: 'ms' | '%' | 'MiB' | 'writes/s' | '';
  /** Largest value that meets the goal, true for a check that must hold, null for information. */
  budget: number | true | null;
}

export type Verdict = 'met' | 'not met' | 'info';

export function verdict(row: BudgetRow): Verdict {
  if (row.budget === null) return 'info';
  if (row.budget === true) return row.value === true ? 'met' : 'not met';
  return typeof row.value === 'number' && row.value <= row.budget ? 'met' : 'not met';
}

function show(value: number | boolean | string, unit: BudgetRow['unit']): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value;
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return unit === '' ? value.toFixed(digits) : `${value.toFixed(digits)} ${unit}`;
}

function budgetText(row: BudgetRow): string {
  if (row.budget === null) return '—';
  if (row.budget === true) return 'yes';
  // At most one decimal: one 60 Hz frame is 16.7 ms, not 16.666666666666668.
  const budget = Number(row.budget.toFixed(1));
  return row.unit === '' ? `≤ ${budget}` : `≤ ${budget} ${row.unit}`;
}

/** The rows as an aligned text table with a header: figure, measured, budget, verdict. */
export function formatBudgetTable(rows: readonly BudgetRow[]): string {
  const lines = [
    ['figure', 'measured', 'budget', 'verdict'],
    ...rows.map((row) => [row.figure, show(row.value, row.unit), budgetText(row), verdict(row)]),
  ];
  const widths = lines[0]!.map((_, column) =>
    Math.max(...lines.map((line) => [...line[column]!].length)),
  );
  return lines
    .map((line) =>
      line
        .map((cell, column) => cell + ' '.repeat(widths[column]! - [...cell].length))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
