import { describe, expect, it } from 'vitest';
import type { BudgetRow } from './budget-table';
import { formatBudgetTable, verdict } from './budget-table';

const row = (value: BudgetRow['value'], budget: BudgetRow['budget']): BudgetRow => ({
  figure: 'f',
  value,
  unit: 'ms',
  budget,
});

describe('verdict', () => {
  it('meets a budget at or under it, not over it', () => {
    expect(verdict(row(16.7, 16.7))).toBe('met');
    expect(verdict(row(3, 16.7))).toBe('met');
    expect(verdict(row(16.71, 16.7))).toBe('not met');
  });

  it('never meets a budget with a figure that could not be measured', () => {
    expect(verdict(row('ENOMEM', 64))).toBe('not met');
    expect(verdict(row(Number.NaN, 64))).toBe('not met');
  });

  it('holds checks to true and reports figures without a budget as information', () => {
    expect(verdict(row(true, true))).toBe('met');
    expect(verdict(row(false, true))).toBe('not met');
    expect(verdict(row(5000, null))).toBe('info');
  });
});

describe('formatBudgetTable', () => {
  it('aligns the columns and writes values with their unit', () => {
    const table = formatBudgetTable([
      { figure: 'page load → both drawn, max', value: 412.34, unit: 'ms', budget: 1000 },
      { figure: 'ours, A', value: 2045.04, unit: 'MiB', budget: 64 },
      { figure: 'last write → B', value: 4.3, unit: 'ms', budget: 1000 / 60 },
      { figure: "B's screen ends correct", value: true, unit: '', budget: true },
      { figure: '64 GiB attach', value: 'ENOMEM', unit: 'MiB', budget: 64 },
      { figure: 'idle, touched', value: 0.333, unit: '%', budget: null },
    ]);
    expect(table.split('\n')).toEqual([
      'figure                       measured  budget     verdict',
      'page load → both drawn, max  412 ms    ≤ 1000 ms  met',
      'ours, A                      2045 MiB  ≤ 64 MiB   not met',
      'last write → B               4.30 ms   ≤ 16.7 ms  met',
      "B's screen ends correct      yes       yes        met",
      '64 GiB attach                ENOMEM    ≤ 64 MiB   not met',
      'idle, touched                0.33 %    —          info',
    ]);
  });
});
