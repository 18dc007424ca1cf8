// Minimal readers of /proc for the native tests. A fuller reader lives in src-main/proc; these
// stay independent of it so the addon's tests check the kernel, not our other parser.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { endianness } from 'node:os';

/** One row of /proc/sysvipc/shm, the columns the tests use. */
export interface SysvipcRow {
  readonly key: number;
  readonly shmid: number;
  /** The mode, including SHM_DEST (0o1000) once the segment is marked for destruction. */
  readonly perms: number;
  readonly size: number;
  readonly cpid: number;
  readonly nattch: number;
  /** Bytes of the segment in memory and in swap (columns `rss` and `swap`, Linux 3.x on). */
  readonly rss: number;
  readonly swap: number;
}

function sysvipcRows(): SysvipcRow[] {
  const [header = '', ...lines] = readFileSync('/proc/sysvipc/shm', 'utf8').trim().split('\n');
  const names = header.trim().split(/\s+/);
  return lines.map((line) => {
    const cells = line.trim().split(/\s+/);
    const [key, shmid, perms, size, cpid, , nattch] = cells;
    const column = (name: string) => Number(cells[names.indexOf(name)]);
    return {
      key: Number(key),
      shmid: Number(shmid),
      perms: parseInt(perms ?? '', 8),
      size: Number(size),
      cpid: Number(cpid),
      nattch: Number(nattch),
      rss: column('rss'),
      swap: column('swap'),
    };
  });
}

/** Column 2 of /proc/sysvipc/shm: every shmid the kernel lists right now. */
export function listedShmids(): number[] {
  return sysvipcRows().map((row) => row.shmid);
}

/** The shmids of the segments this process created that the kernel still lists. */
export function ownListedShmids(): number[] {
  return sysvipcRows()
    .filter((row) => row.cpid === process.pid)
    .map((row) => row.shmid);
}

export function sysvipcKeys(): Set<number> {
  return new Set(sysvipcRows().map((row) => row.key));
}

export function sysvipcRow(shmid: number): SysvipcRow | undefined {
  return sysvipcRows().find((row) => row.shmid === shmid);
}

/** One line of /proc/<pid>/maps. */
export interface MapsRegion {
  readonly start: bigint;
  readonly end: bigint;
  readonly perms: string;
  /** For a System V segment the kernel sets the inode to the shmid. */
  readonly inode: number;
  readonly path: string;
}

/** The region of /proc/<pid>/maps that starts at `address`, if any. */
export function mapsRegion(pid: number | 'self', address: bigint): MapsRegion | undefined {
  for (const line of readFileSync(`/proc/${pid}/maps`, 'utf8').split('\n')) {
    const match = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ (\d+)\s*(.*)$/.exec(line);
    if (!match || BigInt(`0x${match[1]}`) !== address) continue;
    return {
      start: address,
      end: BigInt(`0x${match[2]}`),
      perms: match[3] ?? '',
      inode: Number(match[4]),
      path: match[5] ?? '',
    };
  }
  return undefined;
}

/** The sum (kB) of the smaps fields named by `fields` in the region starting at `address`. */
function smapsKb(pid: number | 'self', address: bigint, fields: RegExp): number {
  const lines = readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n');
  const header = `${address.toString(16).padStart(8, '0')}-`;
  const first = lines.findIndex((line) => line.startsWith(header));
  if (first === -1) throw new Error(`no smaps region at 0x${address.toString(16)} in ${pid}`);
  let kb = 0;
  for (const line of lines.slice(first + 1)) {
    if (/^[0-9a-f]+-[0-9a-f]+ /.test(line)) break;
    const match = /^(\w+):\s+(\d+) kB$/.exec(line);
    if (match && fields.test(match[1] ?? '')) kb += Number(match[2]);
  }
  return kb;
}

/** Shared_Clean + Shared_Dirty (kB) of the smaps region starting at `address`. */
export function smapsSharedKb(pid: number | 'self', address: bigint): number {
  return smapsKb(pid, address, /^Shared_(?:Clean|Dirty)$/);
}

/**
 * Shared_Dirty + Private_Dirty (kB) of the smaps region starting at `address`: pages written
 * through this mapping (a dirty page-table entry) or dirty in the segment already.
 */
export function smapsDirtyKb(pid: number | 'self', address: bigint): number {
  return smapsKb(pid, address, /^(?:Shared|Private)_Dirty$/);
}

/** One /proc/<pid>/pagemap entry: 8 bytes per virtual page. */
export interface PagemapEntry {
  /** Bit 63: the page is present in RAM. */
  readonly present: boolean;
  /** Bit 61: a file page or shared anonymous memory (System V segments are the latter). */
  readonly fileOrShared: boolean;
  /** Bits 0-54: the page frame number; 0 when the reader lacks CAP_SYS_ADMIN. */
  readonly pfn: bigint;
}

/** The pagemap entry of the page holding `address` in process `pid`. */
export function pagemapEntry(
  pid: number | 'self',
  address: bigint,
  pageSize: number,
): PagemapEntry {
  const fd = openSync(`/proc/${pid}/pagemap`, 'r');
  try {
    const entry = Buffer.alloc(8);
    const position = Number(address / BigInt(pageSize)) * 8;
    const read = readSync(fd, entry, 0, 8, position);
    if (read !== 8) throw new Error(`short pagemap read (${read} bytes) in ${pid}`);
    const bits = endianness() === 'LE' ? entry.readBigUInt64LE(0) : entry.readBigUInt64BE(0);
    return {
      present: (bits >> 63n) % 2n === 1n,
      fileOrShared: (bits >> 61n) % 2n === 1n,
      pfn: bits & ((1n << 55n) - 1n),
    };
  } finally {
    closeSync(fd);
  }
}

/** One row of /proc/sysvipc/sem (every column the kernel prints). */
export interface SysvipcSemRow {
  readonly key: number;
  readonly semid: number;
  readonly perms: number;
  readonly nsems: number;
  readonly uid: number;
  readonly gid: number;
  readonly cuid: number;
  readonly cgid: number;
  readonly otime: number;
  readonly ctime: number;
}

function sysvipcSemRows(): SysvipcSemRow[] {
  const [, ...lines] = readFileSync('/proc/sysvipc/sem', 'utf8').trim().split('\n');
  return lines.map((line) => {
    const [key, semid, perms, nsems, uid, gid, cuid, cgid, otime, ctime] = line
      .trim()
      .split(/\s+/)
      .map(Number);
    return {
      key: key ?? NaN,
      semid: semid ?? NaN,
      // The kernel prints perms in octal without a prefix.
      perms: parseInt(String(perms), 8),
      nsems: nsems ?? NaN,
      uid: uid ?? NaN,
      gid: gid ?? NaN,
      cuid: cuid ?? NaN,
      cgid: cgid ?? NaN,
      otime: otime ?? NaN,
      ctime: ctime ?? NaN,
    };
  });
}

/** Column 2 of /proc/sysvipc/sem: every semid the kernel lists right now. */
export function listedSemids(): number[] {
  return sysvipcSemRows().map((row) => row.semid);
}

export function sysvipcSemRow(semid: number): SysvipcSemRow | undefined {
  return sysvipcSemRows().find((row) => row.semid === semid);
}

/** Every key in use by a segment or a semaphore set. */
export function sysvipcSemKeys(): Set<number> {
  return new Set(sysvipcSemRows().map((row) => row.key));
}

/**
 * The state letter of a thread (field 3 of /proc/<pid>/task/<tid>/stat: R running, S sleeping
 * interruptibly…), read after the last ')' since the command name may hold spaces or ')'.
 */
export function threadState(pid: number | 'self', tid: number): string {
  const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
  return stat.charAt(stat.lastIndexOf(')') + 2);
}
