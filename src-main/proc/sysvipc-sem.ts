// Reader of /proc/sysvipc/sem: the kernel's table of System V semaphore sets.
import { readFileSync } from 'node:fs';
import { readProcText, toProcFileError } from './proc-error';
import type { FieldParser } from './sysvipc-table';
import { decimal, octal, parseSysvTable, signedDecimal } from './sysvipc-table';

/** One row of /proc/sysvipc/sem. Times are seconds since the epoch (0 = never). */
export interface SemaphoreSetRecord {
  /** key_t as the kernel prints it: signed 32-bit decimal (IPC_PRIVATE is 0). */
  readonly key: number;
  readonly semid: number;
  /** Permission bits (printed in octal). */
  readonly perms: number;
  /** Semaphores in the set. */
  readonly nsems: number;
  readonly uid: number;
  readonly gid: number;
  readonly cuid: number;
  readonly cgid: number;
  /** Last semop. */
  readonly otime: number;
  /** Creation or last IPC_SET / SETVAL / SETALL. */
  readonly ctime: number;
}

const SOURCE = '/proc/sysvipc/sem';

const columns = {
  key: signedDecimal,
  semid: decimal,
  perms: octal,
  nsems: decimal,
  uid: decimal,
  gid: decimal,
  cuid: decimal,
  cgid: decimal,
  otime: decimal,
  ctime: decimal,
} satisfies Record<keyof SemaphoreSetRecord, FieldParser>;

/**
 * Parses the text of /proc/sysvipc/sem (`source` names it in errors); columns by header name.
 *
 * @throws ProcFormatError naming the malformed line.
 */
export function parseSysvSemaphores(text: string, source: string = SOURCE): SemaphoreSetRecord[] {
  return parseSysvTable(text, source, columns);
}

/**
 * Reads and parses /proc/sysvipc/sem: the semaphore sets of this process's IPC namespace.
 *
 * @throws ProcFileError when the file cannot be read; ProcFormatError when it is malformed.
 */
export async function readSysvSemaphores(path: string = SOURCE): Promise<SemaphoreSetRecord[]> {
  return parseSysvSemaphores(await readProcText(path), path);
}

/**
 * The same, synchronously: for the Lab's disposal on a crash and the start-up sweep, which must
 * not yield (the file is small: one line per set).
 *
 * @throws ProcFileError when the file cannot be read; ProcFormatError when it is malformed.
 */
export function readSysvSemaphoresSync(path: string = SOURCE): SemaphoreSetRecord[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw toProcFileError(error, path);
  }
  return parseSysvSemaphores(text, path);
}

/**
 * readSysvSemaphoresSync, or no sets at all when the table cannot be read or parsed: for callers
 * that only look for sets of their own (a kernel without System V semaphores has none of them,
 * and a /proc unreadable for a moment is read again on the next look).
 */
export function readSysvSemaphoresOrNone(path: string = SOURCE): SemaphoreSetRecord[] {
  try {
    return readSysvSemaphoresSync(path);
  } catch {
    return [];
  }
}
