// Reader of /proc/sysvipc/sem: the kernel's table of System V semaphore sets. Readable by
// everyone whatever the sets' modes, so the crash sweep and the ownership checks use it where
// semctl(IPC_STAT) may be refused.
import { readFileSync } from 'node:fs';
import { ProcFormatError, readProcText, toProcFileError } from './proc-error';

/** One row of /proc/sysvipc/sem. Times are seconds since the epoch (0 = never). */
export interface SemSetRecord {
  /** key_t as the kernel prints it: signed 32-bit decimal (IPC_PRIVATE is 0). */
  readonly key: number;
  readonly semid: number;
  /** Permission bits, printed in octal. */
  readonly perms: number;
  readonly nsems: number;
  readonly uid: number;
  readonly gid: number;
  readonly cuid: number;
  readonly cgid: number;
  /** Last semop. */
  readonly otime: number;
  /** Last change (creation, SETVAL, IPC_SET). */
  readonly ctime: number;
  /** Columns this reader does not know, by header name, as printed. */
  readonly extra: Readonly<Record<string, string>>;
}

const SOURCE = '/proc/sysvipc/sem';

type Parser = (text: string) => number | null;

const decimal: Parser = (text) => (/^\d+$/.test(text) ? Number(text) : null);
const signedDecimal: Parser = (text) => (/^-?\d+$/.test(text) ? Number(text) : null);
const octal: Parser = (text) => (/^[0-7]+$/.test(text) ? Number.parseInt(text, 8) : null);

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
} satisfies Record<string, Parser>;

type ColumnName = keyof typeof columns;
const parsers: Record<string, Parser | undefined> = columns;

/**
 * Parses the text of /proc/sysvipc/sem (`source` names it in error messages). Columns are found
 * by the header's names, never by position; a wide key may leave no blank before the next
 * column's padding, so fields are split on runs of blanks.
 *
 * @throws ProcFormatError when the header lacks a required column, or a row has the wrong number
 *   of fields or a value that is not a whole number in the column's notation.
 */
export function parseSysvSem(text: string, source: string = SOURCE): SemSetRecord[] {
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
  const records: SemSetRecord[] = [];
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

/** Reads and parses /proc/sysvipc/sem (the sets of this process's IPC namespace). */
export async function readSysvSemaphores(path: string = SOURCE): Promise<SemSetRecord[]> {
  return parseSysvSem(await readProcText(path), path);
}

/** The same, synchronously: for disposal on a crash and the start-up sweep (a small file). */
export function readSysvSemaphoresSync(path: string = SOURCE): SemSetRecord[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw toProcFileError(error, path);
  }
  return parseSysvSem(text, path);
}
