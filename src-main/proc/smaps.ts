// Reader of /proc/<pid>/smaps: how much of each region is resident, shared, private, swapped.
import type { MapsRegion } from './maps';
import { parseMapsLine } from './maps';
import { ProcFormatError, checkPid, readProcText } from './proc-error';

/** The figures of one smaps entry that ShmLab shows, in bytes (the kernel prints kB). */
export interface SmapsFigures {
  /** Virtual size of the region. */
  readonly Size: number;
  /** Resident: pages of the region mapped into this process's page tables. */
  readonly Rss: number;
  /** Proportional share: each resident page divided by the number of processes mapping it. */
  readonly Pss: number;
  /** Resident pages also mapped by another process, unmodified / modified. */
  readonly Shared_Clean: number;
  readonly Shared_Dirty: number;
  /** Resident pages mapped only here, unmodified / modified. */
  readonly Private_Clean: number;
  readonly Private_Dirty: number;
  readonly Swap: number;
}

/** One smaps entry: the maps line plus every figure the kernel printed for it. */
export interface SmapsRegion {
  readonly region: MapsRegion;
  readonly figures: SmapsFigures;
  /** Every 'Name: N kB' line, in bytes, those in `figures` too (Referenced, Locked…). */
  readonly sizes: Readonly<Record<string, number>>;
  /** Lines without a unit, as printed (THPeligible, ProtectionKey…). */
  readonly values: Readonly<Record<string, string>>;
  /** The two-letter VmFlags ('rd', 'wr', 'sh', 'mr'…). */
  readonly vmFlags: readonly string[];
}

const FIGURES = [
  'Size',
  'Rss',
  'Pss',
  'Shared_Clean',
  'Shared_Dirty',
  'Private_Clean',
  'Private_Dirty',
  'Swap',
] as const satisfies readonly (keyof SmapsFigures)[];

const HEADER = /^[0-9a-f]+-[0-9a-f]+ /;
const FIELD = /^([A-Za-z_][A-Za-z0-9_]*):\s*(.*?)\s*$/;
const KILOBYTES = /^(\d+) kB$/;

interface Entry {
  region: MapsRegion;
  lineNumber: number;
  line: string;
  sizes: Record<string, number>;
  values: Record<string, string>;
  vmFlags: string[];
}

function finish(entry: Entry, source: string): SmapsRegion {
  const figures: Partial<Record<keyof SmapsFigures, number>> = {};
  for (const name of FIGURES) {
    const bytes = entry.sizes[name];
    if (bytes === undefined) {
      throw new ProcFormatError(
        source,
        entry.lineNumber,
        entry.line,
        `entry has no "${name}" line`,
      );
    }
    figures[name] = bytes;
  }
  const { region, sizes, values, vmFlags } = entry;
  return { region, figures: figures as SmapsFigures, sizes, values, vmFlags };
}

/**
 * Parses the text of /proc/<pid>/smaps into one entry per region.
 *
 * @throws ProcFormatError on a line that is neither a region header nor a 'Name: value' line, a
 *   size that is not 'N kB', or an entry missing one of the {@link SmapsFigures}.
 */
export function parseSmaps(text: string, source = 'smaps'): SmapsRegion[] {
  const entries: SmapsRegion[] = [];
  let entry: Entry | undefined;
  text.split('\n').forEach((line, index) => {
    const lineNumber = index + 1;
    if (line.trim() === '') return;
    if (HEADER.test(line)) {
      if (entry !== undefined) entries.push(finish(entry, source));
      const region = parseMapsLine(line, lineNumber, source);
      entry = { region, lineNumber, line, sizes: {}, values: {}, vmFlags: [] };
      return;
    }
    const field = FIELD.exec(line);
    if (field === null || entry === undefined) {
      throw new ProcFormatError(
        source,
        lineNumber,
        line,
        'expected a region line or "Name: value"',
      );
    }
    const [, name = '', value = ''] = field;
    if (name === 'VmFlags') {
      entry.vmFlags = value.split(/\s+/).filter((flag) => flag !== '');
    } else if (value.endsWith('kB')) {
      const kilobytes = KILOBYTES.exec(value)?.[1];
      const bytes = Number(kilobytes) * 1024;
      if (kilobytes === undefined || !Number.isSafeInteger(bytes)) {
        throw new ProcFormatError(source, lineNumber, line, `"${name}" is not a size in kB`);
      }
      entry.sizes[name] = bytes;
    } else {
      entry.values[name] = value;
    }
  });
  if (entry !== undefined) entries.push(finish(entry, source));
  return entries;
}

/** Reads and parses /proc/<pid>/smaps. @throws ProcFileError when the process is gone or hidden. */
export async function readSmaps(pid: number): Promise<SmapsRegion[]> {
  const path = `/proc/${checkPid(pid)}/smaps`;
  return parseSmaps(await readProcText(path), path);
}

/**
 * The block of `text` (a whole smaps file) for the region starting at `start`: its header line
 * and its fields, up to the next header; null when no region starts there. A process's smaps has
 * a block per region, over 4000 lines for a Node process; the diagram needs one of them.
 */
export function smapsBlock(text: string, start: bigint): string | null {
  // The kernel prints addresses with at least 8 hex digits (%08lx).
  const head = `${start.toString(16).padStart(8, '0')}-`;
  let at = text.startsWith(head) ? 0 : text.indexOf(`\n${head}`);
  if (at === -1) return null;
  if (at > 0) at += 1;
  let end = at;
  for (;;) {
    end = text.indexOf('\n', end);
    if (end === -1) return text.slice(at);
    if (HEADER.test(text.slice(end + 1, end + 40))) return text.slice(at, end);
    end += 1;
  }
}

/** The figures of the region of `pid` that starts at `start`, or null if none starts there. */
export async function readSmapsRegion(pid: number, start: bigint): Promise<SmapsFigures | null> {
  const path = `/proc/${checkPid(pid)}/smaps`;
  const block = smapsBlock(await readProcText(path), start);
  return block === null ? null : (parseSmaps(block, path)[0]?.figures ?? null);
}
