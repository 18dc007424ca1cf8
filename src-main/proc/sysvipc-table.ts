// The shape every /proc/sysvipc table shares (shm, sem, msg): a header line naming the columns,
// then one line per object, fields separated by runs of spaces. Columns are found by the header's
// names, never by position, so a kernel that adds or reorders columns still parses.
//
// The machine view reads these tables on every refresh, a row per object (thousands on a busy
// machine), so a row costs its fields and one object: fields are read digit by digit, with no
// regular expression or closure per field.
import { ProcFormatError } from './proc-error';

/** Reads one field; null when it is not in the column's notation. */
export type FieldParser = (text: string) => number | null;

/**
 * The digits of `text` from `start` on, in `base` (8 or 10); null when there are none or one is
 * not a digit of the base. A value past 2^53 comes out rounded, never below 2^53, so the
 * caller's safe-integer check still refuses it.
 */
function digits(text: string, start: number, base: number): number | null {
  if (start >= text.length) return null;
  let value = 0;
  for (let index = start; index < text.length; index += 1) {
    const digit = text.charCodeAt(index) - 48; // '0'
    if (digit < 0 || digit >= base) return null;
    value = value * base + digit;
  }
  return value;
}

/** Unsigned decimal (ids, sizes, pids, uids, times). */
export const decimal: FieldParser = (text) => digits(text, 0, 10);
/** key_t: the kernel prints it as a signed 32-bit decimal. */
export const signedDecimal: FieldParser = (text) => {
  if (text.charCodeAt(0) !== 45) return digits(text, 0, 10); // '-'
  const magnitude = digits(text, 1, 10);
  return magnitude === null ? null : -magnitude;
};
/** Mode bits, printed in octal. */
export const octal: FieldParser = (text) => digits(text, 0, 8);

/** A parsed row: one number per known column. */
export type TableRow<C extends string> = Record<C, number>;

/** A parsed row that also keeps the columns the reader does not know, as printed. */
export type TableRowWithExtra<C extends string> = TableRow<C> & {
  extra: Record<string, string>;
};

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
  return parseRows(text, source, columns, false);
}

/**
 * The same, keeping each column the header adds beyond `columns` in the row's `extra`, by its
 * header name, as printed.
 */
export function parseSysvTableWithExtra<C extends string>(
  text: string,
  source: string,
  columns: Readonly<Record<C, FieldParser>>,
): TableRowWithExtra<C>[] {
  return parseRows(text, source, columns, true) as TableRowWithExtra<C>[];
}

function parseRows<C extends string>(
  text: string,
  source: string,
  columns: Readonly<Record<C, FieldParser>>,
  keepExtra: boolean,
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
  const parsers = wanted.map((name) => columns[name]);
  const positions = wanted.map((name) => {
    const position = names.indexOf(name);
    if (position === -1) {
      throw new ProcFormatError(source, headerIndex + 1, header, `header has no "${name}" column`);
    }
    return position;
  });
  const unknown = keepExtra
    ? names.flatMap((name, position) => (positions.includes(position) ? [] : [position]))
    : [];

  const rows: TableRow<C>[] = [];
  for (let index = headerIndex + 1; index < lines.length; index += 1) {
    const line = lines[index]!;
    const trimmed = line.trim();
    if (trimmed === '') continue;
    const fields = trimmed.split(/\s+/);
    if (fields.length !== names.length) {
      throw new ProcFormatError(
        source,
        index + 1,
        line,
        `expected ${names.length} fields as in the header, found ${fields.length}`,
      );
    }
    const row: Record<string, number | Record<string, string>> = {};
    for (let column = 0; column < wanted.length; column += 1) {
      const field = fields[positions[column]!]!;
      const value = parsers[column]!(field);
      if (value === null || !Number.isSafeInteger(value)) {
        const reason = `column "${wanted[column]!}" is not a whole number below 2^53: "${field}"`;
        throw new ProcFormatError(source, index + 1, line, reason);
      }
      row[wanted[column]!] = value;
    }
    if (keepExtra) {
      const extra: Record<string, string> = {};
      for (const position of unknown) extra[names[position]!] = fields[position]!;
      row.extra = extra;
    }
    rows.push(row as TableRow<C>);
  }
  return rows;
}
