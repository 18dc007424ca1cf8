import { Fragment, memo, useId } from 'react';
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

interface MachineRowProps<T> {
  tab: MachineTab;
  tracked: TrackedRow<T>;
  columns: readonly MachineColumn<T>[];
  /** 'segment 32789'. */
  name: string;
  expandable: boolean;
  open: boolean;
  detailId: string;
  /** Appeared after the view's first snapshot. */
  fresh: boolean;
}

/**
 * One row: memoised, so a refresh re-renders only the rows whose object changed (a machine with a
 * thousand segments refreshes every second).
 */
const MachineRow = memo(function MachineRow<T>(props: MachineRowProps<T>): ReactNode {
  const { tab, tracked, columns, name, expandable, open, detailId, fresh } = props;
  const gone = tracked.gone !== null;
  return (
    <tr
      data-key={tracked.key}
      data-gone={gone}
      className={gone ? 'machine-table__row--gone' : undefined}
    >
      {expandable ? (
        <td>
          <button
            type="button"
            className="secondary machine-table__expand"
            aria-expanded={open}
            aria-controls={open ? detailId : undefined}
            aria-label={`Details of ${name}`}
            onClick={() => machineActions.toggleExpanded(tracked.key)}
          >
            {open ? '−' : '+'}
          </button>
        </td>
      ) : null}
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
        {tracked.gone !== null ? (
          <span className="machine-table__gone">
            <strong>gone</strong> since {formatShortTime(seconds(tracked.gone))}{' '}
            <button
              type="button"
              className="secondary machine-table__dismiss"
              aria-label={`Dismiss gone ${name}`}
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
  );
}) as <T>(props: MachineRowProps<T>) => ReactNode;

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
            return (
              <Fragment key={tracked.key}>
                <MachineRow
                  tab={tab}
                  tracked={tracked}
                  columns={columns}
                  name={noun(tracked.row)}
                  expandable={renderDetail !== undefined}
                  open={open}
                  detailId={detailId}
                  fresh={
                    tracked.gone === null &&
                    firstTakenAt !== null &&
                    tracked.firstSeen > firstTakenAt
                  }
                />
                {open && renderDetail !== undefined ? (
                  <tr id={detailId} className="machine-table__detail">
                    <td colSpan={width}>
                      <div className="machine-table__detail-body">{renderDetail(tracked)}</div>
                    </td>
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
