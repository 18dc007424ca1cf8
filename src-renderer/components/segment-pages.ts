// The pages of one segment as every mapping process's pagemap reports them (A, B, and the
// processes of the learner's program), joined page by page: which frame backs each page, which
// cells the physical view draws, and the rows of the pages table. Nothing is inferred from
// writes: a page has a frame only when a pagemap says it is present.
import type { PageEntry, ProcessName } from '../../src-main/common/api';

export const PROCESS_NAMES: readonly ProcessName[] = ['A', 'B'];

/**
 * A drawn process's key: 'A', 'B', or 'p<pid>' for a process of the learner's program. Never a
 * bare number, so records keyed by it keep their insertion order (A, B, then the program's).
 */
export type ColumnId = string;

/**
 * A cell of the physical view. 'pfn': a frame whose number a pagemap gave. 'identity': present,
 * but the kernel hid the number, so the cell is the page's identity (page i of the segment).
 * 'absent': no process has a frame for the page yet.
 */
export type FrameCellKind = 'pfn' | 'identity' | 'absent';

export interface FrameCell {
  /** Stable while the page's state holds: 'pfn:0x1234', 'page:2', 'none:2'. */
  key: string;
  kind: FrameCellKind;
  pfn: string | null;
  /** Pages of the segment this cell backs (one, unless two pages report the same PFN). */
  pageIndices: number[];
  /** Processes whose pagemap points at this cell, in column order (A, B, the program's…). */
  processes: ColumnId[];
}

/** What one process's pagemap says about one page; null where it does not map the segment. */
export interface PageSide {
  address: string;
  present: boolean;
  swapped: boolean;
  pfn: string | null;
}

export interface PageRow {
  index: number;
  sides: Record<ColumnId, PageSide | null>;
  /** The frame column's text: '0x1234', 'A 0x1234, B 0x5678', 'hidden', 'none yet'. */
  frameText: string;
}

export interface SegmentPages {
  pageCount: number;
  /** Pages drawn in the diagram: the first min(pageCount, maxDrawn). */
  drawnPages: number;
  cells: FrameCell[];
  /** For each process and drawn page, the index of its cell, or null (not present / not mapped). */
  cellOfPage: Record<ColumnId, (number | null)[]>;
  /** The first min(pageCount, maxRows) pages, for the table. */
  rows: PageRow[];
  /**
   * The first pages, whose pagemap entries the facts carry (FACT_PAGES at most); the counts
   * below are of these.
   */
  pagesRead: number;
  /** Pages (of those read, not only drawn) that at least one process has a frame for. */
  pagesWithFrame: number;
  /** Pages for which two or more processes report the same PFN. */
  sharedPfnPages: number;
  /** The processes that report, for some page, the same PFN as another process does. */
  sharers: ColumnId[];
  /** True when some present page came without a PFN: the kernel hides frame numbers. */
  pfnHidden: boolean;
  /** Distinct PFNs in page order, over all pages. */
  pfns: string[];
}

export interface JoinPagesInput {
  pageCount: number;
  /**
   * Each process's pagemap of this segment's attachment, in column order; null when it does not
   * map the segment. Every key gets its sides and cellOfPage, mapping or not.
   */
  pages: Record<ColumnId, readonly PageEntry[] | null>;
  maxDrawn: number;
  maxRows: number;
  /** How the frame text names each process ('pid 4242'); defaults to its key. */
  labels?: Record<ColumnId, string>;
}

function sideOf(entries: readonly PageEntry[] | null, index: number): PageSide | null {
  const entry = entries?.[index];
  if (entry === undefined) return null;
  // A pagemap gives a PFN only for present pages; ignore any other combination rather than draw it.
  return { ...entry, pfn: entry.present ? entry.pfn : null };
}

function sideText(side: PageSide): string {
  if (side.present) return side.pfn ?? 'hidden';
  return side.swapped ? 'swapped out' : 'none yet';
}

function frameText(
  ids: readonly ColumnId[],
  sides: Record<ColumnId, PageSide | null>,
  labels: Record<ColumnId, string>,
): string {
  const texts = ids.flatMap((id) => {
    const side = sides[id];
    return side === null || side === undefined
      ? []
      : [{ name: labels[id] ?? id, text: sideText(side) }];
  });
  const [first] = texts;
  if (first === undefined) return 'not mapped';
  if (texts.every(({ text }) => text === first.text)) return first.text;
  return texts.map(({ name, text }) => `${name} ${text}`).join(', ');
}

/** The key of the cell a process's page points at, or null when it has no frame. */
function cellKey(side: PageSide | null | undefined, index: number): string | null {
  if (side === null || side === undefined || !side.present) return null;
  return side.pfn === null ? `page:${index}` : `pfn:${side.pfn}`;
}

/** The processes among `present` whose PFN for this page another of them reports too. */
function sharing(
  present: readonly ColumnId[],
  sides: Record<ColumnId, PageSide | null>,
): ColumnId[] {
  const counts = new Map<string, number>();
  for (const id of present) {
    const pfn = sides[id]?.pfn;
    if (pfn !== null && pfn !== undefined) counts.set(pfn, (counts.get(pfn) ?? 0) + 1);
  }
  return present.filter((id) => {
    const pfn = sides[id]?.pfn;
    return pfn !== null && pfn !== undefined && (counts.get(pfn) ?? 0) > 1;
  });
}

/**
 * Joins the processes' pagemaps of one segment. Cells follow page order (page 0 first); a PFN
 * reported for a page by several processes, or by two pages, is one cell, so their arrows meet
 * on it.
 */
export function joinSegmentPages(input: JoinPagesInput): SegmentPages {
  const { pageCount, pages } = input;
  const ids = Object.keys(pages);
  const labels = input.labels ?? {};
  const drawnPages = Math.max(0, Math.min(pageCount, input.maxDrawn));
  const cells: FrameCell[] = [];
  const cellIndexByKey = new Map<string, number>();
  const cellOfPage: Record<ColumnId, (number | null)[]> = Object.fromEntries(
    ids.map((id) => [id, []]),
  );
  const rows: PageRow[] = [];
  const pfns = new Set<string>();
  const sharers = new Set<ColumnId>();
  let pagesWithFrame = 0;
  let sharedPfnPages = 0;
  let pfnHidden = false;

  const pagesRead = Math.min(pageCount, Math.max(0, ...ids.map((id) => pages[id]?.length ?? 0)));
  // Pages past those read are drawn (without a frame: nothing says they have one) but get no
  // row in the table, which would claim "no" where nothing was read.
  for (let index = 0; index < Math.max(pagesRead, drawnPages); index += 1) {
    const sides: Record<ColumnId, PageSide | null> = Object.fromEntries(
      ids.map((id) => [id, sideOf(pages[id] ?? null, index)]),
    );
    const present = ids.filter((id) => sides[id]?.present === true);
    if (present.length > 0) pagesWithFrame += 1;
    if (present.some((id) => sides[id]?.pfn === null)) pfnHidden = true;
    for (const id of present) {
      const pfn = sides[id]?.pfn;
      if (pfn !== null && pfn !== undefined) pfns.add(pfn);
    }
    const shared = sharing(present, sides);
    if (shared.length > 0) sharedPfnPages += 1;
    for (const id of shared) sharers.add(id);
    if (index < input.maxRows && index < pagesRead)
      rows.push({ index, sides, frameText: frameText(ids, sides, labels) });
    if (index >= drawnPages) continue;

    for (const name of ids) {
      const key = cellKey(sides[name], index);
      if (key === null) {
        cellOfPage[name]?.push(null);
        continue;
      }
      let cellIndex = cellIndexByKey.get(key);
      if (cellIndex === undefined) {
        cellIndex = cells.length;
        cellIndexByKey.set(key, cellIndex);
        const pfn = sides[name]?.pfn ?? null;
        cells.push({
          key,
          kind: pfn === null ? 'identity' : 'pfn',
          pfn,
          pageIndices: [],
          processes: [],
        });
      }
      const cell = cells[cellIndex];
      if (cell !== undefined) {
        if (!cell.pageIndices.includes(index)) cell.pageIndices.push(index);
        if (!cell.processes.includes(name)) cell.processes.push(name);
      }
      cellOfPage[name]?.push(cellIndex);
    }
    if (present.length === 0) {
      cells.push({
        key: `none:${index}`,
        kind: 'absent',
        pfn: null,
        pageIndices: [index],
        processes: [],
      });
    }
  }
  return {
    pageCount,
    pagesRead,
    drawnPages,
    cells,
    cellOfPage,
    rows,
    pagesWithFrame,
    sharedPfnPages,
    sharers: ids.filter((id) => sharers.has(id)),
    pfnHidden,
    pfns: [...pfns],
  };
}
