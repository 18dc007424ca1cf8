// Reader of /proc/<pid>/maps: every mapped region of a process, as the kernel lists it.
import { readlink } from 'node:fs/promises';
import type { RegionKind } from '../common/api';
import { ProcFormatError, checkPid, readProcText, toProcFileError } from './proc-error';

/** The four permission letters of a region, e.g. 'rw-s'. */
export interface RegionPermissions {
  readonly raw: string;
  readonly read: boolean;
  readonly write: boolean;
  readonly execute: boolean;
  /** 's' (MAP_SHARED, e.g. a System V attachment) rather than 'p' (private, copy-on-write). */
  readonly shared: boolean;
}

/** One line of /proc/<pid>/maps. Addresses are bigint: [vsyscall] sits at 0xffffffffff600000. */
export interface MapsRegion {
  readonly start: bigint;
  /** One past the last byte. */
  readonly end: bigint;
  readonly perms: RegionPermissions;
  /** Offset into the mapped file, in bytes. */
  readonly offset: bigint;
  /** Device of the mapped file (0:0 or 0:N for anonymous and kernel-internal mappings). */
  readonly dev: { readonly major: number; readonly minor: number };
  /** Inode of the mapped file; for a System V segment, its shmid. 0 when anonymous. */
  readonly inode: number;
  /**
   * The path as printed, '' when anonymous; pseudo-paths kept ('[heap]', '[stack]', '[vdso]'…),
   * as is a ' (deleted)' suffix. The kernel writes a newline in a file name as '\012'.
   */
  readonly path: string;
  /** The path ends in ' (deleted)': the file was unlinked (always so for System V segments). */
  readonly deleted: boolean;
}

// start-end perms offset major:minor inode, then padding and the path (absent or '' if anonymous).
const LINE = new RegExp(
  '^([0-9a-f]+)-([0-9a-f]+) ([r-])([w-])([x-])([ps]) ([0-9a-f]+) ' +
    '([0-9a-f]+):([0-9a-f]+) (\\d+)(?: +(.*))?$',
);
const SYSV_PATH = /^\/SYSV([0-9a-f]{8})(?: \(deleted\))?$/;
const DELETED = ' (deleted)';

/**
 * Parses one maps-format line (also the header line of each smaps entry).
 *
 * @throws ProcFormatError when the line does not have the documented shape.
 */
export function parseMapsLine(line: string, lineNumber: number, source: string): MapsRegion {
  const match = LINE.exec(line);
  if (match === null) {
    throw new ProcFormatError(
      source,
      lineNumber,
      line,
      'not a "start-end perms offset dev inode path" line',
    );
  }
  const [, start, end, r, w, x, s, offset, major, minor, inode, path = ''] =
    match as unknown as string[];
  const inodeNumber = Number(inode);
  if (!Number.isSafeInteger(inodeNumber)) {
    throw new ProcFormatError(source, lineNumber, line, 'inode does not fit below 2^53');
  }
  return {
    start: BigInt(`0x${start}`),
    end: BigInt(`0x${end}`),
    perms: {
      raw: `${r}${w}${x}${s}`,
      read: r === 'r',
      write: w === 'w',
      execute: x === 'x',
      shared: s === 's',
    },
    offset: BigInt(`0x${offset}`),
    dev: { major: Number.parseInt(major ?? '', 16), minor: Number.parseInt(minor ?? '', 16) },
    inode: inodeNumber,
    path,
    deleted: path.endsWith(DELETED),
  };
}

/**
 * Parses the text of /proc/<pid>/maps; blank lines are skipped.
 *
 * @throws ProcFormatError naming the first malformed line.
 */
export function parseMaps(text: string, source = 'maps'): MapsRegion[] {
  const regions: MapsRegion[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() !== '') regions.push(parseMapsLine(line, index + 1, source));
  });
  return regions;
}

/** Reads and parses /proc/<pid>/maps. @throws ProcFileError when the process is gone or hidden. */
export async function readMaps(pid: number): Promise<MapsRegion[]> {
  const path = `/proc/${checkPid(pid)}/maps`;
  return parseMaps(await readProcText(path), path);
}

/** The path of a process's executable (/proc/<pid>/exe), for {@link regionKind}. */
export async function readExecutablePath(pid: number): Promise<string> {
  const path = `/proc/${checkPid(pid)}/exe`;
  try {
    return await readlink(path);
  } catch (error) {
    throw toProcFileError(error, path);
  }
}

/**
 * The key of a System V segment from its maps path ('/SYSV0000002a (deleted)' → 42), as a signed
 * 32-bit key_t like /proc/sysvipc/shm prints it; null for any other path.
 */
export function shmKeyOfPath(path: string): number | null {
  const hex = SYSV_PATH.exec(path)?.[1];
  return hex === undefined ? null : Number.parseInt(hex, 16) | 0;
}

/**
 * Finds the region of a System V attachment: a shared mapping whose inode is the shmid and whose
 * path is '/SYSV<key in hex> (deleted)'. With `address`, only the attachment starting there
 * (a process may attach one segment several times); without, the lowest one.
 */
export function findShmRegion(
  regions: readonly MapsRegion[],
  shmid: number,
  address?: bigint,
): MapsRegion | undefined {
  return regions.find(
    (region) =>
      region.inode === shmid &&
      isSysvRegion(region) &&
      (address === undefined || region.start === address),
  );
}

/** Whether `region` is a System V attachment (its inode is the shmid). */
export function isSysvRegion(region: MapsRegion): boolean {
  return SYSV_PATH.test(region.path);
}

const SHARED_OBJECT = /\.so(?:\.[\d.]+)?$|\.node$/;

/**
 * Classifies a region. Rules, in order:
 * - '[heap]' → heap; '[stack]' (and '[stack:tid]' on old kernels) → stack; '[vdso]' → vdso;
 *   '[vvar]' and its siblings such as '[vvar_vclock]' → vvar; '[vsyscall]' → vsyscall;
 * - a '/SYSV…' path → shm;
 * - no path, or any other bracketed name ('[anon:name]', '[anon_shmem:name]'…) → anonymous;
 * - the main executable (`executable`, from {@link readExecutablePath}) → text when executable,
 *   data otherwise (read-only data, relocations, initialised data);
 * - other files: a shared object ('.so', '.so.N', Node addons '.node') or any other executable
 *   mapping → library; everything else → file.
 * Without `executable`, an executable mapping of a file that is not named like a shared object is
 *   taken as the main binary's text, and its non-executable parts count as file.
 */
export function regionKind(region: MapsRegion, executable?: string): RegionKind {
  const { path } = region;
  if (path === '[heap]') return 'heap';
  if (path === '[stack]' || path.startsWith('[stack:')) return 'stack';
  if (path === '[vdso]') return 'vdso';
  if (path === '[vvar]' || path.startsWith('[vvar_')) return 'vvar';
  if (path === '[vsyscall]') return 'vsyscall';
  if (SYSV_PATH.test(path)) return 'shm';
  if (path === '' || path.startsWith('[')) return 'anonymous';
  const file = region.deleted ? path.slice(0, -DELETED.length) : path;
  const sharedObject = SHARED_OBJECT.test(file);
  if (executable !== undefined && (file === executable || path === executable)) {
    return region.perms.execute ? 'text' : 'data';
  }
  if (region.perms.execute) return executable === undefined && !sharedObject ? 'text' : 'library';
  return sharedObject ? 'library' : 'file';
}
