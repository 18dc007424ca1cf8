// Sorting and filtering of the machine view's tables: pure functions over tracked rows, so the
// order a learner sees is tested without a browser.
import type { Mapper } from '../../../src-main/common/api';
import type { MachineColumn } from './machine-columns';
import type { TrackedRow } from './machine-tracking';

export type SortDirection = 'ascending' | 'descending';

/** The column a table is sorted by. */
export interface SortState {
  column: string;
  direction: SortDirection;
}

/** A click on a column header: a new column sorts ascending, the same one flips. */
export function nextSort(current: SortState, column: string): SortState {
  if (current.column !== column) return { column, direction: 'ascending' };
  return { column, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
}

/** The header's aria-sort. */
export function ariaSort(sort: SortState, column: string): 'ascending' | 'descending' | 'none' {
  return sort.column === column ? sort.direction : 'none';
}

function compare(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

/**
 * The rows in the order `sort` asks for (stable: equal cells keep the snapshot's order); an
 * unknown column leaves the order as it is.
 */
export function sortRows<T>(
  rows: readonly TrackedRow<T>[],
  columns: readonly MachineColumn<T>[],
  sort: SortState,
): TrackedRow<T>[] {
  const column = columns.find((c) => c.id === sort.column);
  if (column === undefined) return [...rows];
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index }))
    .sort(
      (x, y) =>
        sign * compare(column.sortValue(x.row.row), column.sortValue(y.row.row)) ||
        x.index - y.index,
    )
    .map(({ row }) => row);
}

/** What a row says of itself to the filter: every cell, and who maps it (pid and command). */
export function rowSearchText<T>(
  row: T,
  columns: readonly MachineColumn<T>[],
  mappers: readonly Mapper[] = [],
): string {
  const cells = columns.map((column) => column.text(row));
  const users = mappers.map((m) => `${m.pid} ${m.command} ${m.user ?? m.uid}`);
  return [...cells, ...users].join(' ').toLowerCase();
}

export interface RowFilter {
  /** Words that must all appear in the row's text (case-insensitive); empty keeps every row. */
  text: string;
  /** Keep only what this Lab made or maps. */
  onlyLab: boolean;
}

/** The rows that pass `filter`; `isLab` says whether a row is this Lab's. */
export function filterRows<T>(
  rows: readonly TrackedRow<T>[],
  columns: readonly MachineColumn<T>[],
  filter: RowFilter,
  isLab: (row: T) => boolean,
  mappersOf: (row: T) => readonly Mapper[] = () => [],
): TrackedRow<T>[] {
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
  return rows.filter((tracked) => {
    if (filter.onlyLab && !isLab(tracked.row)) return false;
    if (words.length === 0) return true;
    const text = rowSearchText(tracked.row, columns, mappersOf(tracked.row));
    return words.every((word) => text.includes(word));
  });
}
