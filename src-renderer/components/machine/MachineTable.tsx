import { Fragment, useId } from 'react';
import type { ReactNode } from 'react';
import type { MachineColumn, MachineTab } from './machine-columns';
import type { SortState } from './machine-table-model';
import { ariaSort } from './machine-table-model';
import type { TrackedRow } from './machine-tracking';
import { formatShortTime } from './machine-format';
import { machineActions, useMachineStore } from '../../store/machine-store';

export interface MachineTableProps<T> {
  tab: MachineTab;
  /** The table's accessible name ('System V shared-memory segments'). */
  label: string;
  /** How a row is named in its controls ('segment 32789'). */
  noun: (row: T) => string;
  columns: readonly MachineColumn<T>[];
  /** The rows to show, sorted and filtered. */
  rows: readonly TrackedRow<T>[];
  sort: SortState;
  /** What the table says with no row to show. */
  empty: string;
  /** The details under an expanded row; without it rows do not expand. */
  renderDetail?: (tracked: TrackedRow<T>) => ReactNode;
}

/** Seconds since the epoch from a snapshot's takenAt (ms). */
const seconds = (ms: number): number => Math.floor(ms / 1000);

/**
 * One table of the machine view: ipcs's columns, sortable from their headers (aria-sort), each
 * row expandable into its details, gone rows kept with the moment they went and a Dismiss button.
 */
export function MachineTable<T>(props: MachineTableProps<T>): ReactNode {
  const { tab, label, noun, columns, rows, sort, empty, renderDetail } = props;
  const expanded = useMachineStore((s) => s.expanded);
  const firstTakenAt = useMachineStore((s) => s.firstTakenAt);
  const id = useId();
  const width = columns.length + (renderDetail === undefined ? 1 : 2);
  return (
    <div className="machine-table__scroll">
      <table className="machine-table" aria-label={label}>
        <thead>
          <tr>
            {renderDetail === undefined ? null : (
              <th scope="col">
                <span className="visually-hidden">Details</span>
              </th>
            )}
            {columns.map((column) => (
              <th
                key={column.id}
                scope="col"
                aria-sort={ariaSort(sort, column.id)}
                className={column.numeric ? 'machine-table__numeric' : undefined}
              >
                <button
                  type="button"
                  className="machine-table__sort"
                  title={column.description}
                  onClick={() => machineActions.sortBy(tab, column.id)}
                >
                  {column.label}
                  <span aria-hidden="true" className="machine-table__arrow">
                    {sort.column !== column.id ? '' : sort.direction === 'ascending' ? '▲' : '▼'}
                  </span>
                </button>
              </th>
            ))}
            <th scope="col">seen</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={width} className="muted machine-table__empty">
                {empty}
              </td>
            </tr>
          ) : null}
          {rows.map((tracked) => {
            const open = expanded === tracked.key;
            const detailId = `${id}-${tracked.key}`;
            const gone = tracked.gone !== null;
            const fresh = !gone && firstTakenAt !== null && tracked.firstSeen > firstTakenAt;
            return (
              <Fragment key={tracked.key}>
                <tr
                  data-key={tracked.key}
                  data-gone={gone}
                  className={gone ? 'machine-table__row--gone' : undefined}
                >
                  {renderDetail === undefined ? null : (
                    <td>
                      <button
                        type="button"
                        className="secondary machine-table__expand"
                        aria-expanded={open}
                        aria-controls={open ? detailId : undefined}
                        aria-label={`Details of ${noun(tracked.row)}`}
                        onClick={() => machineActions.toggleExpanded(tracked.key)}
                      >
                        {open ? '−' : '+'}
                      </button>
                    </td>
                  )}
                  {columns.map((column) => (
                    <td
                      key={column.id}
                      data-col={column.id}
                      className={`mono${column.numeric ? ' machine-table__numeric' : ''}`}
                    >
                      {column.text(tracked.row)}
                    </td>
                  ))}
                  <td className="machine-table__seen">
                    {gone ? (
                      <span className="machine-table__gone">
                        <strong>gone</strong> since {formatShortTime(seconds(tracked.gone!))}{' '}
                        <button
                          type="button"
                          className="secondary machine-table__dismiss"
                          aria-label={`Dismiss gone ${noun(tracked.row)}`}
                          onClick={() => machineActions.dismiss(tab, tracked.key)}
                        >
                          Dismiss
                        </button>
                      </span>
                    ) : fresh ? (
                      <span className="machine-table__new">
                        new at {formatShortTime(seconds(tracked.firstSeen))}
                      </span>
                    ) : null}
                  </td>
                </tr>
                {open && renderDetail !== undefined ? (
                  <tr id={detailId} className="machine-table__detail">
                    <td colSpan={width}>{renderDetail(tracked)}</td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
