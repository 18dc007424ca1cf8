// Reader of /proc/sysvipc/shm: the kernel's table of System V shared-memory segments.
import { readFileSync } from 'node:fs';
import { ProcFormatError, readProcText, toProcFileError } from './proc-error';

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

type Parser = (text: string) => number | null;

const decimal: Parser = (text) => (/^\d+$/.test(text) ? Number(text) : null);
const signedDecimal: Parser = (text) => (/^-?\d+$/.test(text) ? Number(text) : null);
const octal: Parser = (text) => (/^[0-7]+$/.test(text) ? Number.parseInt(text, 8) : null);

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
} satisfies Record<string, Parser>;

type ColumnName = keyof typeof columns;
const parsers: Record<string, Parser | undefined> = columns;

/**
 * Parses the text of /proc/sysvipc/shm (`source` names it in error messages). Columns are found
 * by the header's names, so kernels that add or reorder columns still parse; unknown columns land
 * in `extra`.
 *
 * @throws ProcFormatError when the header lacks a required column, or a row has the wrong number
 *   of fields or a value that is not a safe integer in the column's notation.
 */
export function parseSysvShm(text: string, source: string = SOURCE): ShmSegmentRecord[] {
  const lines = text.split('\n');
  const headerIndex = lines.findIndex((line) => line.trim() !== '');
  const header = lines[headerIndex];
  if (header === undefined) throw new ProcFormatError(source, 1, text, 'no header line');
  const names = header.trim().split(/\s+/);
  for (const name of Object.keys(columns)) {
    if (!names.includes(name)) {
      throw new ProcFormatError(source, headerIndex + 1, header, `header has no "${name}" column`);
    }
  }
  if (new Set(names).size !== names.length) {
    throw new ProcFormatError(source, headerIndex + 1, header, 'header repeats a column');
  }

  const records: ShmSegmentRecord[] = [];
  lines.forEach((line, index) => {
    if (index <= headerIndex || line.trim() === '') return;
    const malformed = (reason: string) => new ProcFormatError(source, index + 1, line, reason);
    const fields = line.trim().split(/\s+/);
    if (fields.length !== names.length) {
      throw malformed(`expected ${names.length} fields as in the header, found ${fields.length}`);
    }
    const values: Partial<Record<ColumnName, number>> = {};
    const extra: Record<string, string> = {};
    names.forEach((name, column) => {
      const field = fields[column] ?? '';
      const parse = parsers[name];
      if (parse === undefined) {
        extra[name] = field;
        return;
      }
      const value = parse(field);
      if (value === null || !Number.isSafeInteger(value)) {
        throw malformed(`column "${name}" is not a whole number below 2^53: "${field}"`);
      }
      values[name as ColumnName] = value;
    });
    records.push({ ...(values as Record<ColumnName, number>), extra });
  });
  return records;
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
