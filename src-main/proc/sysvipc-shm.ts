// Reader of /proc/sysvipc/shm: the kernel's table of System V shared-memory segments.
import { readFileSync } from 'node:fs';
import { readProcText, toProcFileError } from './proc-error';
import type { FieldParser } from './sysvipc-table';
import { decimal, octal, parseSysvTableWithExtra, signedDecimal } from './sysvipc-table';

/** One row of /proc/sysvipc/shm. Sizes are bytes, times are seconds since the epoch (0 = never). */
export interface ShmSegmentRecord {
  /** key_t as the kernel prints it: signed 32-bit decimal (IPC_PRIVATE is 0). */
  readonly key: number;
  readonly shmid: number;
  /** Mode bits, printed in octal: permissions plus SHM_DEST (0o1000) and SHM_LOCKED (0o2000). */
  readonly perms: number;
  /** shm_segsz: the size asked for in shmget, in bytes. */
  readonly size: number;
  /** PID of the creator, and of the last process to shmat or shmdt. */
  readonly cpid: number;
  readonly lpid: number;
  readonly nattch: number;
  readonly uid: number;
  readonly gid: number;
  readonly cuid: number;
  readonly cgid: number;
  readonly atime: number;
  readonly dtime: number;
  readonly ctime: number;
  /** Bytes of the segment resident in RAM (printed since Linux 2.6.32). */
  readonly rss: number;
  /** Bytes of the segment in swap (printed since Linux 2.6.32). */
  readonly swap: number;
  /** Columns this reader does not know, by header name, as printed. */
  readonly extra: Readonly<Record<string, string>>;
}

const SOURCE = '/proc/sysvipc/shm';

const columns = {
  key: signedDecimal,
  shmid: decimal,
  perms: octal,
  size: decimal,
  cpid: decimal,
  lpid: decimal,
  nattch: decimal,
  uid: decimal,
  gid: decimal,
  cuid: decimal,
  cgid: decimal,
  atime: decimal,
  dtime: decimal,
  ctime: decimal,
  rss: decimal,
  swap: decimal,
} satisfies Record<string, FieldParser>;

/**
 * Parses the text of /proc/sysvipc/shm (`source` names it in error messages). Columns are found
 * by the header's names, so kernels that add or reorder columns still parse; unknown columns land
 * in `extra`.
 *
 * @throws ProcFormatError when the header lacks a required column, or a row has the wrong number
 *   of fields or a value that is not a safe integer in the column's notation.
 */
export function parseSysvShm(text: string, source: string = SOURCE): ShmSegmentRecord[] {
  return parseSysvTableWithExtra(text, source, columns);
}

/** Reads and parses /proc/sysvipc/shm (the segments of this process's IPC namespace). */
export async function readSysvShm(path: string = SOURCE): Promise<ShmSegmentRecord[]> {
  return parseSysvShm(await readProcText(path), path);
}

/**
 * The same, synchronously: for paths that must not yield (disposal on a
 * crash, the start-up sweep). The file is small: one line per segment.
 */
export function readSysvShmSync(path: string = SOURCE): ShmSegmentRecord[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw toProcFileError(error, path);
  }
  return parseSysvShm(text, path);
}
