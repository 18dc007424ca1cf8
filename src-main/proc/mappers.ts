// Who maps what: one pass over every process's /proc/<pid>/maps, finding the lines of System V
// segments ('/SYSV<key> (deleted)', inode = shmid) and of /dev/shm files (POSIX objects).
//
// The machine view runs it once a second over every process of the machine, so the reading is
// done by the addon (native/src/proc-scan.h): raw syscalls on a worker thread, only the hit
// lines parsed, and a few flat arrays back instead of thousands of objects. This file joins those
// columns into the shapes the view uses. mappers-text.ts does the same pass in TypeScript over
// the maps text: the reference the addon's scanner is tested against.
import type { ProcMapsScan } from '../../native/index.js';
import type { Mapper } from '../common/api';

/** A mapping of a /dev/shm file, with the device and inode maps names, to join with lstat's. */
export interface PosixMapping {
  readonly mapper: Mapper;
  /** The file's device as maps prints it (major:minor). */
  readonly device: { readonly major: number; readonly minor: number };
  readonly inode: number;
}

/** What one pass over /proc found. */
export interface MapperScan {
  /** Mappings of System V segments, by shmid; a process that attached twice appears twice. */
  readonly segments: Map<number, Mapper[]>;
  /** Mappings of /dev/shm files, by the name shm_open takes ('/name'). */
  readonly posix: Map<string, PosixMapping[]>;
  /** Processes whose maps were read (kernel threads and zombies read as empty). */
  readonly processesRead: number;
  /** Processes that exist but whose maps this process may not read (EACCES, EPERM, ESRCH). */
  readonly processesUnreadable: number;
}

export interface ScanOptions {
  /** Marks the Lab's own processes: pid → 'A', 'B' or 'host'. */
  readonly labProcesses?: ReadonlyMap<number, Mapper['labProcess']>;
  /** The user name of a uid (null when unknown). */
  readonly userName?: (uid: number) => string | null;
  /** Where the process folders are (tests); /proc by default. */
  readonly procRoot?: string;
}

/** The addon's scanner: native.scanProcMaps. */
export type ProcMapsScanner = (root: string) => Promise<ProcMapsScan>;

/** ScannedMappingKind (native/index.d.ts): a System V segment, whose inode is its shmid. */
const SYSV_SEGMENT = 1;
/** ScannedMappingKind: a file of /dev/shm, by its shm_open name. */
const DEV_SHM_FILE = 2;

/** Appends `value` to the list of `key`, making the list on first use. */
export function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** The scanner's columns as the view's maps: mappers by shmid and by /dev/shm name. */
export function joinProcMapsScan(scan: ProcMapsScan, options: ScanOptions = {}): MapperScan {
  const userName = options.userName ?? (() => null);
  const { processes, mappings } = scan;
  // Names and marks once per process, not once per mapping.
  const users = Array.from(processes.uid, (uid) => userName(uid));
  const lab = Array.from(processes.pid, (pid) => options.labProcesses?.get(pid) ?? null);
  const segments = new Map<number, Mapper[]>();
  const posix = new Map<string, PosixMapping[]>();
  for (let index = 0; index < mappings.process.length; index += 1) {
    const owner = mappings.process[index] ?? 0;
    const mapper: Mapper = {
      pid: processes.pid[owner] ?? 0,
      command: processes.command[owner] ?? '',
      uid: processes.uid[owner] ?? 0,
      user: users[owner] ?? null,
      address: mappings.address[index] ?? '',
      size: mappings.size[index] ?? 0,
      readOnly: mappings.writable[index] === 0,
      labProcess: lab[owner] ?? null,
    };
    const inode = mappings.inode[index] ?? 0;
    const kind = mappings.kind[index];
    if (kind === SYSV_SEGMENT) {
      addTo(segments, inode, mapper);
    } else if (kind === DEV_SHM_FILE) {
      const device = { major: mappings.devMajor[index] ?? 0, minor: mappings.devMinor[index] ?? 0 };
      addTo(posix, mappings.name[index] ?? '', { mapper, device, inode });
    }
  }
  return {
    segments,
    posix,
    processesRead: scan.processesRead,
    processesUnreadable: scan.processesUnreadable,
  };
}

/**
 * Reads every process's maps once, with the addon's scanner (`scanner`: native.scanProcMaps),
 * and returns who maps each System V segment and each /dev/shm file. A process that exits
 * during the scan is simply gone (neither read nor unreadable); one that may not be read is
 * counted, never fatal. The event loop stays free meanwhile: the scan runs on a worker thread.
 *
 * @throws the scanner's coded error when the process folder itself cannot be listed.
 */
export async function scanMappers(
  scanner: ProcMapsScanner,
  options: ScanOptions = {},
): Promise<MapperScan> {
  return joinProcMapsScan(await scanner(options.procRoot ?? '/proc'), options);
}
