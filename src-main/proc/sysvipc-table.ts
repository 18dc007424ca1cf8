// The shape every /proc/sysvipc table shares (shm, sem, msg): a header line naming the columns,
// then one line per object, fields separated by runs of spaces. Columns are found by the header's
// names, never by position, so a kernel that adds or reorders columns still parses.
import { ProcFormatError } from './proc-error';

/** Reads one field; null when it is not in the column's notation. */
export type FieldParser = (text: string) => number | null;

/** Unsigned decimal (ids, sizes, pids, uids, times). */
export const decimal: FieldParser = (text) => (/^\d+$/.test(text) ? Number(text) : null);
/** key_t: the kernel prints it as a signed 32-bit decimal. */
export const signedDecimal: FieldParser = (text) => (/^-?\d+$/.test(text) ? Number(text) : null);
/** Mode bits, printed in octal. */
export const octal: FieldParser = (text) =>
  /^[0-7]+$/.test(text) ? Number.parseInt(text, 8) : null;

/** A parsed row: one number per known column; unknown columns are left out. */
export type TableRow<C extends string> = Record<C, number>;

/**
 * Parses a /proc/sysvipc table whose required `columns` (name → parser) must all be in the
 * header; columns the header adds beyond them are ignored.
 *
 * @throws ProcFormatError naming the line when the header lacks a column or repeats one, or a row
 *   has another number of fields than the header or a value that is not a safe integer.
 */
export function parseSysvTable<C extends string>(
  text: string,
  source: string,
  columns: Readonly<Record<C, FieldParser>>,
): TableRow<C>[] {
  const lines = text.split('\n');
  const headerIndex = lines.findIndex((line) => line.trim() !== '');
  const header = lines[headerIndex];
  if (header === undefined) throw new ProcFormatError(source, 1, text, 'no header line');
  const names = header.trim().split(/\s+/);
  if (new Set(names).size !== names.length) {
    throw new ProcFormatError(source, headerIndex + 1, header, 'header repeats a column');
  }
  const wanted = Object.keys(columns) as C[];
  const positions = wanted.map((name) => {
    const position = names.indexOf(name);
    if (position === -1) {
      throw new ProcFormatError(source, headerIndex + 1, header, `header has no "${name}" column`);
    }
    return position;
  });

  const rows: TableRow<C>[] = [];
  for (let index = headerIndex + 1; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const trimmed = line.trim();
    if (trimmed === '') continue;
    const malformed = (reason: string) => new ProcFormatError(source, index + 1, line, reason);
    const fields = trimmed.split(/\s+/);
    if (fields.length !== names.length) {
      throw malformed(`expected ${names.length} fields as in the header, found ${fields.length}`);
    }
    const row = {} as TableRow<C>;
    wanted.forEach((name, column) => {
      const field = fields[positions[column] ?? -1] ?? '';
      const value = columns[name](field);
      if (value === null || !Number.isSafeInteger(value)) {
        throw malformed(`column "${name}" is not a whole number below 2^53: "${field}"`);
      }
      row[name] = value;
    });
    rows.push(row);
  }
  return rows;
}
