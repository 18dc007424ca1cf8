// The pass of mappers.ts done in TypeScript over the maps text: the reference that the addon's
// scanner (native/src/proc-scan.h) is tested against, on captured files and on the live /proc.
// Same rules: one readdir; each maps file read into one reused buffer without decoding it; only
// the lines around '/SYSV' or '/dev/shm/' decoded and parsed; comm and the folder's owner read
// only for the processes that map something.
import { closeSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import type { Mapper } from '../common/api';
import type { MapsRegion } from './maps';
import { parseMapsLine, shmKeyOfPath } from './maps';
import type { MapperScan, PosixMapping, ScanOptions } from './mappers';
import { addTo } from './mappers';

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

/**
 * Command name and effective uid of a process; null when it is gone or hidden. The name is comm
 * without the newline the kernel ends it with (a name may itself end in a newline or a space);
 * the uid is the owner of /proc/<pid>, which the kernel sets to the effective uid, also for a
 * process that is not dumpable (the files inside are then root's).
 */
function identify(root: string, pid: string): { command: string; uid: number } | null {
  try {
    const { uid } = statSync(`${root}/${pid}`);
    const length = readWhole(`${root}/${pid}/comm`);
    if (length === 0) return null;
    const end = scratch[length - 1] === NEWLINE ? length - 1 : length;
    return { command: scratch.toString('utf8', 0, end), uid };
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
 * scanMappers (mappers.ts) in TypeScript: reads every process's maps text once and returns who
 * maps each System V segment and each /dev/shm file. Yields to the event loop every `batch`
 * processes (100 by default).
 */
export async function scanMappersFromText(
  options: ScanOptions & { readonly batch?: number } = {},
): Promise<MapperScan> {
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
      // Read first: readWhole may replace `scratch` with a bigger buffer.
      const length = readWhole(`${root}/${pid}/maps`);
      maps = scratch.subarray(0, length);
    } catch (error) {
      if (UNREADABLE.has(errorCode(error) as string)) processesUnreadable += 1;
      continue; // ENOENT: it exited since the readdir
    }
    processesRead += 1;
    starts.length = 0;
    linesContaining(maps, SYSV, starts);
    linesContaining(maps, DEV_SHM, starts);
    if (starts.length === 0) continue;

    const found = decodeLines(maps, starts)
      .flatMap(parseRegion)
      .filter((region) => isSegment(region) || devShmName(region) !== null);
    if (found.length === 0) continue;
    const identity = identify(root, pid);
    if (identity === null) continue; // exited between its maps and its name
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
      const name = devShmName(region);
      if (isSegment(region)) addTo(segments, region.inode, mapper);
      else if (name !== null)
        addTo(posix, name, { mapper, device: region.dev, inode: region.inode });
    }
  }
  return { segments, posix, processesRead, processesUnreadable };
}

/** A System V attachment: a shared mapping of '/SYSV<key>'. */
function isSegment(region: MapsRegion): boolean {
  return region.perms.shared && shmKeyOfPath(region.path) !== null;
}

/** The shm_open name of a mapped /dev/shm file that still has it, else null. */
function devShmName(region: MapsRegion): string | null {
  return region.path.startsWith(`${DEV_SHM_PREFIX}/`) && !region.deleted
    ? region.path.slice(DEV_SHM_PREFIX.length)
    : null;
}
