import { useMemo } from 'react';
import type { ReactNode } from 'react';
import type {
  Mapper,
  MachineMessageQueue,
  MachineSegment,
  MachineSemaphoreSet,
  PosixShmObject,
} from '../../../src-main/common/api';
import { useMachineStore } from '../../store/machine-store';
import type { MachineColumn, MachineTab } from './machine-columns';
import {
  POSIX_COLUMNS,
  QUEUE_COLUMNS,
  SEGMENT_COLUMNS,
  SEMAPHORE_COLUMNS,
} from './machine-columns';
import { filterRows, sortRows } from './machine-table-model';
import type { TrackedRow } from './machine-tracking';
import { MachineTable } from './MachineTable';
import { PosixDetail } from './PosixDetail';
import { SegmentDetail } from './SegmentDetail';
import { SemaphoreDetail } from './SemaphoreDetail';

const byLab = (mappers: readonly Mapper[]): boolean => mappers.some((m) => m.labProcess !== null);

/** A table's rows after the view's filter and its sort. */
function useShownRows<T>(
  tab: MachineTab,
  rows: readonly TrackedRow<T>[],
  columns: readonly MachineColumn<T>[],
  isLab: (row: T) => boolean,
  mappersOf?: (row: T) => readonly Mapper[],
): TrackedRow<T>[] {
  const filter = useMachineStore((s) => s.filter);
  const sort = useMachineStore((s) => s.sorts[tab]);
  return useMemo(
    () => sortRows(filterRows(rows, columns, filter, isLab, mappersOf), columns, sort),
    [rows, columns, filter, isLab, mappersOf, sort],
  );
}

const segmentIsLab = (row: MachineSegment): boolean => row.owned || byLab(row.mappers);
const segmentMappers = (row: MachineSegment): readonly Mapper[] => row.mappers;
const semaphoreIsLab = (row: MachineSemaphoreSet): boolean => row.owned;
// The Lab makes no message queue.
const queueIsLab = (_row: MachineMessageQueue): boolean => false;
const posixIsLab = (row: PosixShmObject): boolean => byLab(row.mappers);
const posixMappers = (row: PosixShmObject): readonly Mapper[] => row.mappers;

// Module-level, so memoised rows see the same function on every render.
const segmentNoun = (row: MachineSegment): string => `segment ${row.shmid}`;
const semaphoreNoun = (row: MachineSemaphoreSet): string => `semaphore set ${row.semid}`;
const queueNoun = (row: MachineMessageQueue): string => `message queue ${row.msqid}`;
const posixNoun = (row: PosixShmObject): string => `POSIX object ${row.name}`;

function emptyText(what: string, total: number): string {
  return total === 0 ? `No ${what} on this machine.` : `No ${what} matches the filter.`;
}

/** The table of the selected tab, filtered and sorted as the view asks. */
export function MachineTabPanel({ tab }: { tab: MachineTab }): ReactNode {
  const tables = useMachineStore((s) => s.tables);
  const sorts = useMachineStore((s) => s.sorts);
  const segments = useShownRows('shm', tables.shm, SEGMENT_COLUMNS, segmentIsLab, segmentMappers);
  const sets = useShownRows('sem', tables.sem, SEMAPHORE_COLUMNS, semaphoreIsLab);
  const queues = useShownRows('msg', tables.msg, QUEUE_COLUMNS, queueIsLab);
  const posix = useShownRows('posix', tables.posix, POSIX_COLUMNS, posixIsLab, posixMappers);
  switch (tab) {
    case 'shm':
      return (
        <MachineTable
          tab="shm"
          label="System V shared-memory segments"
          noun={segmentNoun}
          columns={SEGMENT_COLUMNS}
          rows={segments}
          sort={sorts.shm}
          empty={emptyText('segment', tables.shm.length)}
          renderDetail={(tracked) => <SegmentDetail tracked={tracked} />}
        />
      );
    case 'sem':
      return (
        <MachineTable
          tab="sem"
          label="System V semaphore sets"
          noun={semaphoreNoun}
          columns={SEMAPHORE_COLUMNS}
          rows={sets}
          sort={sorts.sem}
          empty={emptyText('semaphore set', tables.sem.length)}
          renderDetail={(tracked) => <SemaphoreDetail tracked={tracked} />}
        />
      );
    case 'msg':
      return (
        <MachineTable
          tab="msg"
          label="System V message queues"
          noun={queueNoun}
          columns={QUEUE_COLUMNS}
          rows={queues}
          sort={sorts.msg}
          empty={emptyText('message queue', tables.msg.length)}
        />
      );
    case 'posix':
      return (
        <MachineTable
          tab="posix"
          label="POSIX shared-memory objects (/dev/shm)"
          noun={posixNoun}
          columns={POSIX_COLUMNS}
          rows={posix}
          sort={sorts.posix}
          empty={emptyText('POSIX object', tables.posix.length)}
          renderDetail={(tracked) => <PosixDetail tracked={tracked} />}
        />
      );
  }
}
