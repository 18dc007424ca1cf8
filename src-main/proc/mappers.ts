// Who maps what: one pass over every process's /proc/<pid>/maps, finding the lines of System V
// segments ('/SYSV<key> (deleted)', inode = shmid) and of /dev/shm files (POSIX objects).
//
// Kept cheap because it reads every process of the machine: one readdir of /proc; each maps file
// read once into one reused buffer, without decoding it to a string; only the lines around a hit
// of '/SYSV' or '/dev/shm/' are decoded and parsed. comm and status are read only for the few
// processes that map something.
import { closeSync, openSync, readSync, readdirSync } from 'node:fs';
import type { Mapper } from '../common/api';
import type { MapsRegion } from './maps';
import { parseMapsLine, shmKeyOfPath } from './maps';

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
  /** Processes read between two yields to the event loop. */
  readonly batch?: number;
}

const SYSV = Buffer.from('/SYSV');
const DEV_SHM = Buffer.from('/dev/shm/');
const DEV_SHM_PREFIX = '/dev/shm';
const NEWLINE = 0x0a;
const PID = /^\d+$/;
const UNREADABLE = new Set(['EACCES', 'EPERM', 'ESRCH']);

/** A buffer reused for every file: /proc files report size 0, so each is read to EOF. */
let scratch = Buffer.allocUnsafe(256 * 1024);

/** Reads a whole /proc file into `scratch`; returns its length. Throws the fs error. */
function readWhole(path: string): number {
  const fd = openSync(path, 'r');
  try {
    let length = 0;
    for (;;) {
      if (length === scratch.length) {
        const bigger = Buffer.allocUnsafe(scratch.length * 2);
        scratch.copy(bigger, 0, 0, length);
        scratch = bigger;
      }
      const read = readSync(fd, scratch, length, scratch.length - length, null);
      if (read === 0) return length;
      length += read;
    }
  } finally {
    closeSync(fd);
  }
}

/** Adds the start offset of every line of `text` holding `needle` to `starts`. */
function linesContaining(text: Buffer, needle: Buffer, starts: number[]): void {
  for (let at = text.indexOf(needle); at !== -1;) {
    starts.push(text.lastIndexOf(NEWLINE, at) + 1);
    const end = text.indexOf(NEWLINE, at);
    at = end === -1 ? -1 : text.indexOf(needle, end);
  }
}

/** The lines starting at `starts` (in any order, repeats allowed), each decoded once. */
function decodeLines(text: Buffer, starts: number[]): string[] {
  const unique = [...new Set(starts)].sort((a, b) => a - b);
  return unique.map((start) => {
    const end = text.indexOf(NEWLINE, start);
    return text.toString('utf8', start, end === -1 ? text.length : end);
  });
}

/** comm and effective uid of a process; null when it is gone or hidden. */
function identify(root: string, pid: string): { command: string; uid: number } | null {
  try {
    const command = scratch.toString('utf8', 0, readWhole(`${root}/${pid}/comm`)).trimEnd();
    const status = scratch.toString('latin1', 0, readWhole(`${root}/${pid}/status`));
    // "Uid:\treal\teffective\tsaved\tfs": the effective one is whose rights the process has.
    const from = status.indexOf('\nUid:');
    if (from === -1) return null;
    const uid = Number(status.slice(from + 1, status.indexOf('\n', from + 1)).split('\t')[2]);
    return Number.isSafeInteger(uid) ? { command, uid } : null;
  } catch {
    return null;
  }
}

/**
 * A hit line as a region. The kernel escapes only '\n' in paths, so a file name holding another
 * line terminator ('\r', U+2028) does not match the maps pattern: such a mapping is left out
 * rather than failing the whole machine's scan (its object could not be joined by name anyway).
 */
function parseRegion(line: string): MapsRegion[] {
  try {
    return [parseMapsLine(line, 0, 'maps')];
  } catch {
    return [];
  }
}

function errorCode(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code;
}

/**
 * Reads every process's maps once and returns who maps each System V segment and each /dev/shm
 * file. A process that exits during the scan is simply gone (neither read nor unreadable); one
 * that may not be read is counted, never fatal. Yields to the event loop every `batch` processes.
 */
export async function scanMappers(options: ScanOptions = {}): Promise<MapperScan> {
  const root = options.procRoot ?? '/proc';
  const batch = options.batch ?? 100;
  const userName = options.userName ?? (() => null);
  const segments = new Map<number, Mapper[]>();
  const posix = new Map<string, PosixMapping[]>();
  let processesRead = 0;
  let processesUnreadable = 0;

  const pids = readdirSync(root).filter((name) => PID.test(name));
  const starts: number[] = [];
  for (let index = 0; index < pids.length; index += 1) {
    if (index > 0 && index % batch === 0) await new Promise((resolve) => setImmediate(resolve));
    const pid = pids[index] ?? '';
    let maps: Buffer;
    try {
      maps = scratch.subarray(0, readWhole(`${root}/${pid}/maps`));
    } catch (error) {
      if (UNREADABLE.has(errorCode(error) as string)) processesUnreadable += 1;
      continue; // ENOENT: it exited since the readdir
    }
    processesRead += 1;
    starts.length = 0;
    linesContaining(maps, SYSV, starts);
    linesContaining(maps, DEV_SHM, starts);
    if (starts.length === 0) continue;

    const found = decodeLines(maps, starts).flatMap(parseRegion);
    if (found.length === 0) continue;
    const identity = identify(root, pid);
    if (identity === null) continue; // exited between its maps and its status
    for (const region of found) {
      const mapper: Mapper = {
        pid: Number(pid),
        command: identity.command,
        uid: identity.uid,
        user: userName(identity.uid),
        address: `0x${region.start.toString(16)}`,
        size: Number(region.end - region.start),
        readOnly: !region.perms.write,
        labProcess: options.labProcesses?.get(Number(pid)) ?? null,
      };
      if (region.perms.shared && shmKeyOfPath(region.path) !== null) {
        const list = segments.get(region.inode) ?? [];
        list.push(mapper);
        segments.set(region.inode, list);
      } else if (region.path.startsWith(`${DEV_SHM_PREFIX}/`) && !region.deleted) {
        const name = region.path.slice(DEV_SHM_PREFIX.length);
        const list = posix.get(name) ?? [];
        list.push({ mapper, device: region.dev, inode: region.inode });
        posix.set(name, list);
      }
    }
  }
  return { segments, posix, processesRead, processesUnreadable };
}
