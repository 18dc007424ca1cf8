import { describe, expect, it } from 'vitest';
import type { RaceResult, RaceVariant } from '../../../../src-main/common/api';
import { costText, formatNs, meanNs, progressOf, resultRows } from './free-run-model';

const result = (variant: RaceVariant, nsA: number, nsB: number, final: number): RaceResult => ({
  variant,
  offset: 0,
  times: 1000,
  expected: 2000,
  final,
  lost: 2000 - final,
  durationMs: 12.4,
  perProcess: { A: { done: 1000, nsPerIncrement: nsA }, B: { done: 1000, nsPerIncrement: nsB } },
  cancelled: false,
  semid: variant === 'semaphore' ? 3 : null,
});

describe('formatNs', () => {
  it('keeps about three significant digits', () => {
    expect(formatNs(4.5234)).toBe('4.52');
    expect(formatNs(38.14)).toBe('38.1');
    expect(formatNs(512.6)).toBe('513');
    expect(formatNs(1204.4)).toBe('1,204');
    expect(formatNs(Number.NaN)).toBe('–');
  });
});

describe('resultRows', () => {
  it('fills the columns of the variants that ran', () => {
    const rows = resultRows({ plain: result('plain', 2, 3, 1500) });
    expect(rows[0]).toEqual({
      label: 'final counter',
      cells: { plain: '1,500', semaphore: '', atomic: '' },
    });
    expect(rows.find((r) => r.label === 'lost')?.cells.plain).toBe('500');
    expect(rows.find((r) => r.label === 'ns per increment in B')?.cells.plain).toBe('3.00');
  });

  it('shows a dash for a process that did no increment', () => {
    const idle = result('atomic', 5, 5, 1000);
    idle.perProcess.B = { done: 0, nsPerIncrement: 0 };
    const rows = resultRows({ atomic: idle });
    expect(rows.find((r) => r.label === 'ns per increment in B')?.cells.atomic).toBe('–');
    expect(meanNs(idle)).toBe(5);
  });
});

describe('costText', () => {
  it('compares the semaphore with the atomic add once both ran', () => {
    expect(costText({ atomic: result('atomic', 10, 10, 2000) })).toBeNull();
    const text = costText({
      semaphore: result('semaphore', 900, 1100, 2000),
      atomic: result('atomic', 9, 11, 2000),
    });
    expect(text).toContain('took 1,000 ns on average');
    expect(text).toContain('atomic add 10.0 ns');
    expect(text).toContain('about 100 times');
  });
});

describe('progressOf', () => {
  it('is a fraction per process, clamped', () => {
    expect(progressOf({ A: 50, B: 200 }, 100)).toEqual({ A: 0.5, B: 1 });
    expect(progressOf({ A: 5, B: 0 }, 0)).toEqual({ A: 0, B: 0 });
  });
});
