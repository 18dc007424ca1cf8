// The columns of the machine view's four tables, named and written as `ipcs` (and `ls -l` for
// /dev/shm) print them. Each column says how to write a row's cell and how to sort by it, so the
// table, its sorting and its text filter share one definition.
import type {
  Mapper,
  MachineMessageQueue,
  MachineSegment,
  MachineSemaphoreSet,
  PosixShmObject,
} from '../../../src-main/common/api';
import { formatKey } from '../../geometry/ipcs-format';
import { formatPerms, formatShortTime, ownerName } from './machine-format';

/** One column: its header as ipcs names it, what it means, and how to write and sort a cell. */
export interface MachineColumn<T> {
  id: string;
  label: string;
  /** What the column holds, in words (the header's description). */
  description: string;
  numeric: boolean;
  text(row: T): string;
  sortValue(row: T): number | string;
}

/** The four tables of the view. */
export type MachineTab = 'shm' | 'sem' | 'msg' | 'posix';

/** SHM_LOCKED in shm_perm.mode (SHM_DEST, 0o1000, comes decoded as `dest`). */
const SHM_LOCKED = 0o2000;

function column<T>(
  id: string,
  label: string,
  description: string,
  numeric: boolean,
  value: (row: T) => number | string,
  text?: (row: T) => string,
): MachineColumn<T> {
  return {
    id,
    label,
    description,
    numeric,
    sortValue: value,
    text: text ?? ((row) => String(value(row))),
  };
}

const keyColumn = <T extends { key: number }>(): MachineColumn<T> =>
  column(
    'key',
    'key',
    'The IPC key (0x00000000 is IPC_PRIVATE)',
    false,
    (r) => r.key >>> 0,
    (r) => formatKey(r.key),
  );
const ownerColumn = <T extends { user: string | null; uid: number }>(): MachineColumn<T> =>
  column('owner', 'owner', 'The owner’s user name (uid when it has none)', false, (r) =>
    ownerName(r.user, r.uid),
  );
const permsColumn = <T extends { perms: number }>(): MachineColumn<T> =>
  column(
    'perms',
    'perms',
    'Permission bits, octal',
    true,
    (r) => r.perms & 0o777,
    (r) => formatPerms(r.perms),
  );
const timeColumn = <T>(
  id: string,
  label: string,
  description: string,
  seconds: (row: T) => number,
): MachineColumn<T> =>
  column(id, label, description, false, seconds, (r) => formatShortTime(seconds(r)));

/** 'A', 'B', 'ShmLab' for the Lab's processes among the mappers. */
export function labMappers(mappers: readonly Mapper[]): string[] {
  const names = new Set<string>();
  for (const mapper of mappers) {
    if (mapper.labProcess === 'host') names.add('ShmLab');
    else if (mapper.labProcess !== null) names.add(mapper.labProcess);
  }
  return [...names].sort();
}

/** The "lab" cell: 'made here' for what this Lab created, then which Lab processes map it. */
export function labText(owned: boolean, mappers: readonly Mapper[] = []): string {
  const using = labMappers(mappers);
  return [owned ? 'made here' : null, using.length > 0 ? `in ${using.join(', ')}` : null]
    .filter(Boolean)
    .join(', ');
}

/** ipcs's status column: 'dest' (SHM_DEST: removed, alive until the last detach), 'locked'. */
export function segmentStatus(segment: MachineSegment): string {
  return [segment.dest ? 'dest' : null, segment.perms & SHM_LOCKED ? 'locked' : null]
    .filter(Boolean)
    .join(' ');
}

export const SEGMENT_COLUMNS: MachineColumn<MachineSegment>[] = [
  // ShmLab's own word first, then ipcs -m's columns in its order, then -p's and -t's.
  column('lab', 'lab', 'Made by this Lab; mapped by A, B or the ShmLab host', false, (r) =>
    labText(r.owned, r.mappers),
  ),
  keyColumn(),
  column('shmid', 'shmid', 'The segment id', true, (r) => r.shmid),
  ownerColumn(),
  permsColumn(),
  column('bytes', 'bytes', 'Size asked of shmget, in bytes', true, (r) => r.size),
  column('nattch', 'nattch', 'Attachments the kernel counts', true, (r) => r.nattch),
  column(
    'status',
    'status',
    'dest: removed (IPC_RMID), alive until the last detach',
    false,
    segmentStatus,
  ),
  column('cpid', 'cpid', 'The pid that created it', true, (r) => r.cpid),
  column('lpid', 'lpid', 'The pid of the last shmat or shmdt', true, (r) => r.lpid),
  timeColumn('attached', 'attached', 'Last shmat (local time)', (r) => r.atime),
  timeColumn('detached', 'detached', 'Last shmdt (local time)', (r) => r.dtime),
  timeColumn('changed', 'changed', 'Created or last IPC_SET (local time)', (r) => r.ctime),
];

export const SEMAPHORE_COLUMNS: MachineColumn<MachineSemaphoreSet>[] = [
  keyColumn(),
  column('semid', 'semid', 'The semaphore set id', true, (r) => r.semid),
  ownerColumn(),
  permsColumn(),
  column('nsems', 'nsems', 'Semaphores in the set', true, (r) => r.nsems),
  timeColumn('last-op', 'last-op', 'Last semop (local time)', (r) => r.otime),
  timeColumn(
    'last-changed',
    'last-changed',
    'Created or last changed (local time)',
    (r) => r.ctime,
  ),
  column('lab', 'lab', 'Made by this Lab', false, (r) => labText(r.owned)),
];

export const QUEUE_COLUMNS: MachineColumn<MachineMessageQueue>[] = [
  keyColumn(),
  column('msqid', 'msqid', 'The message queue id', true, (r) => r.msqid),
  ownerColumn(),
  permsColumn(),
  column('used-bytes', 'used-bytes', 'Bytes in the queue now', true, (r) => r.cbytes),
  column('messages', 'messages', 'Messages in the queue now', true, (r) => r.qnum),
  column('lspid', 'lspid', 'The pid of the last msgsnd', true, (r) => r.lspid),
  column('lrpid', 'lrpid', 'The pid of the last msgrcv', true, (r) => r.lrpid),
  timeColumn('send', 'send', 'Last msgsnd (local time)', (r) => r.stime),
  timeColumn('recv', 'recv', 'Last msgrcv (local time)', (r) => r.rtime),
  timeColumn('change', 'change', 'Created or last changed (local time)', (r) => r.ctime),
];

export const POSIX_COLUMNS: MachineColumn<PosixShmObject>[] = [
  column('name', 'name', 'The name shm_open takes', false, (r) => r.name),
  ownerColumn(),
  column(
    'perms',
    'perms',
    'Permission bits, octal',
    true,
    (r) => r.mode & 0o777,
    (r) => formatPerms(r.mode),
  ),
  column('bytes', 'bytes', 'Size of the file in /dev/shm', true, (r) => r.size),
  column(
    'mappers',
    'mapped by',
    'Processes that map it now (readable ones)',
    true,
    (r) => new Set(r.mappers.map((m) => m.pid)).size,
  ),
  timeColumn('modified', 'modified', 'Last write or truncate (local time)', (r) => r.mtime),
  timeColumn('changed', 'changed', 'Last change of its inode (local time)', (r) => r.ctime),
  column('lab', 'lab', 'Mapped by A, B or the ShmLab host', false, (r) =>
    labText(false, r.mappers),
  ),
];

/** What identifies a row across snapshots (the kernel's id, or the /dev/shm name). */
export const ROW_KEYS = {
  shm: (row: MachineSegment) => `shm:${row.shmid}`,
  sem: (row: MachineSemaphoreSet) => `sem:${row.semid}`,
  msg: (row: MachineMessageQueue) => `msg:${row.msqid}`,
  posix: (row: PosixShmObject) => `posix:${row.name}`,
} as const;
