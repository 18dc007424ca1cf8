// The memory diagram's pieces, computed from what the processes reported: each column's model,
// the frame column and the arrows between them, and the words about hidden frame numbers.
import type { MapRegion, SmapsFigures, SystemInfo } from '../../src-main/common/api';
import { toBigIntAddress } from '../../src-main/common/address';
import { pageArrows } from '../geometry/arrows';
import type { PageArrowItem, ProcessPages } from '../geometry/arrows';
import { layoutFrames } from '../geometry/frames';
import type { FrameLayout } from '../geometry/frames';
import { MAX_NOTE_LINES, placeFrameColumn } from '../geometry/memory-diagram-layout';
import type { MemoryDiagramLayout, StripColumn } from '../geometry/memory-diagram-layout';
import { buildAddressColumn } from './address-column-model';
import type { AddressColumnModel } from './address-column-model';
import type { ColumnFacts, DiagramProcess } from './diagram-processes';
import { fitLabel, pickLabel, wrapLabel } from './diagram-text';
import type { ProcessSummary } from './diagram-text';
import type { ColumnId, SegmentPages } from './segment-pages';

/** The facts of a process that maps `shmid`, else null. */
export function factsMapping(process: DiagramProcess, shmid: number | null): ColumnFacts | null {
  const { facts } = process;
  if (shmid === null || facts === null || !process.running) return null;
  return facts.shmRegion?.inode === shmid ? facts : null;
}

/** A column ready to draw: its header, and either a model or a reason there is none. */
export interface ColumnView {
  /** The longest of the process's headers that fits above its column. */
  header: string;
  /** The note under the header, wrapped to fit; empty when there is none. */
  note: string[];
  /** Lines shown instead of the address space. */
  placeholder: string[] | null;
  model: AddressColumnModel | null;
}

export interface ColumnInput {
  process: DiagramProcess;
  column: StripColumn;
  shmid: number | null;
  drawnPages: number;
  pageSize: number;
}

/** Approximate advance of one character of the 10.5px monospace labels. */
const LABEL_CHAR_PX = 6.4;
/** Approximate advance of one character of the 11px note lines, and of the 13px header. */
const NOTE_CHAR_PX = 6.2;
const HEADER_CHAR_PX = 7.6;

function headerOf(process: DiagramProcess, column: StripColumn): string {
  return pickLabel(process.headers, Math.floor(column.headerWidth / HEADER_CHAR_PX));
}

function noteOf(process: DiagramProcess, column: StripColumn): string[] {
  if (process.note === null || column.noteY === null) return [];
  return wrapLabel(process.note, Math.floor(column.headerWidth / NOTE_CHAR_PX), MAX_NOTE_LINES);
}

/**
 * The column, or until the Lab's system facts (its page size) arrived, a placeholder: pages are
 * never measured with an assumed size.
 */
export function columnOrWait(
  input: Omit<ColumnInput, 'pageSize'>,
  pageSize: number | null,
): ColumnView {
  if (pageSize !== null) return columnView({ ...input, pageSize });
  return {
    header: headerOf(input.process, input.column),
    note: noteOf(input.process, input.column),
    placeholder: ['Waiting for the Lab’s', 'system facts…'],
    model: null,
  };
}

/** Builds a column; maps the kernel gave but that cannot be laid out become a placeholder. */
export function columnView(input: ColumnInput): ColumnView {
  const { process, column } = input;
  const { placeholder, facts } = process;
  const header = headerOf(process, column);
  const note = noteOf(process, column);
  if (placeholder !== null || facts === null) return { header, note, placeholder, model: null };
  try {
    const model = buildAddressColumn({
      facts,
      shmid: input.shmid,
      drawnPages: input.drawnPages,
      pageSize: input.pageSize,
      top: column.top,
      height: column.bottom - column.top,
      labelChars: Math.floor(column.labelWidth / LABEL_CHAR_PX),
    });
    return { header, note, placeholder: null, model };
  } catch (error) {
    return {
      header,
      note,
      placeholder: [
        `Cannot draw ${process.name}'s maps:`,
        fitLabel((error as Error).message, Math.floor(column.labelWidth / LABEL_CHAR_PX)),
      ],
      model: null,
    };
  }
}

/** A column as the frame column sees it: where it is, and what it drew. */
export interface PlacedColumn {
  id: ColumnId;
  column: StripColumn;
  view: ColumnView;
}

export interface FrameColumnView {
  frames: FrameLayout;
  arrows: PageArrowItem[];
  /** Whether markers of pages without a frame have room for their words. */
  labelMarkers: boolean;
}

const FRAME_GAP = 4;
const MAX_CELL_PX = 26;
/** Room under the frames for '+N more pages not drawn'. */
const MORE_LINE_PX = 18;

/**
 * Lays out the frame cells in one column over every row's band, page 0 at the bottom like the
 * strips, centred between the attachments, and the arrows from each drawn page of each column to
 * its cell: left columns' arrows leave rightwards, right columns' leftwards.
 */
export function frameColumnView(
  layout: MemoryDiagramLayout,
  pages: SegmentPages | null,
  columns: readonly PlacedColumn[],
): FrameColumnView {
  const cells = pages?.cells ?? [];
  const centres = columns.flatMap(({ view }) => {
    const current = view.model?.current;
    return current === null || current === undefined ? [] : [current.y + current.height / 2];
  });
  const targetY =
    centres.length === 0 ? null : centres.reduce((sum, y) => sum + y, 0) / centres.length;
  const notDrawn = pages === null ? 0 : pages.pageCount - pages.drawnPages;
  const bottom = layout.frames.bottom - (notDrawn > 0 ? MORE_LINE_PX : 0);
  const placed = placeFrameColumn(cells.length, {
    top: layout.frames.top,
    bottom,
    targetY,
    maxCellHeight: MAX_CELL_PX,
    gap: FRAME_GAP,
  });
  const frames = layoutFrames(cells.length, {
    x: layout.frames.x,
    y: placed.y,
    width: layout.frames.width,
    columns: 1,
    cellHeight: placed.cellHeight,
    gap: FRAME_GAP,
    firstFrameAt: 'bottom',
  });
  let spacing = Number.POSITIVE_INFINITY;
  const processes = columns.flatMap(({ id, column, view }): ProcessPages[] => {
    const marks = view.model?.pageMarks ?? [];
    if (pages === null || marks.length === 0) return [];
    marks.forEach((mark, index) => {
      const next = marks[index + 1];
      if (next !== undefined) spacing = Math.min(spacing, Math.abs(next.y - mark.y));
    });
    const cellOf = pages.cellOfPage[id] ?? [];
    return [
      {
        process: id,
        x: column.innerX,
        direction: column.side === 'left' ? 'right' : 'left',
        pages: marks.map((mark) => ({
          pageIndex: mark.pageIndex,
          y: mark.y,
          frameIndex: cellOf[mark.pageIndex] ?? null,
        })),
      },
    ];
  });
  const arrows = pageArrows({ processes, frames: frames.frames });
  return { frames, arrows, labelMarkers: spacing >= 11 };
}

/** Why frame numbers are not shown, from the processes' reports or the system's; null if shown. */
export function pfnHiddenReason(
  system: SystemInfo | null,
  pages: SegmentPages | null,
  mapping: Readonly<Record<ColumnId, ColumnFacts | null>>,
): string | null {
  const reported =
    Object.values(mapping).find((facts) => (facts?.pfnHiddenReason ?? null) !== null)
      ?.pfnHiddenReason ?? null;
  const hidden = pages?.pfnHidden === true || system?.pfnVisible === false;
  if (!hidden) return null;
  return (
    reported ??
    system?.pfnHiddenReason ??
    'The kernel reports these pages as present but gives no page frame numbers.'
  );
}

/** What one process's own /proc says about its attachment of the segment. */
export interface IdentityEvidence {
  shmRegion: MapRegion;
  smaps: SmapsFigures | null;
}

/** Each mapping process's maps line and smaps figures, the identity evidence. */
export function identityEvidence(
  mapping: Readonly<Record<ColumnId, ColumnFacts | null>>,
): Record<ColumnId, IdentityEvidence | null> {
  return Object.fromEntries(
    Object.entries(mapping).map(([id, facts]) => [
      id,
      facts?.shmRegion ? { shmRegion: facts.shmRegion, smaps: facts.smaps } : null,
    ]),
  );
}

/** A process as the accessible summary mentions it. */
export function processSummary(process: DiagramProcess): ProcessSummary {
  const region = process.running ? process.facts?.shmRegion : null;
  let base: bigint | null = null;
  try {
    base = region ? toBigIntAddress(region.start) : null;
  } catch {
    base = null;
  }
  return {
    name: process.name,
    short: process.short,
    aside:
      process.inheritedFrom === null
        ? undefined
        : `the same address as pid ${process.inheritedFrom}: inherited across fork`,
    running: process.running,
    mappedShmid: region?.inode ?? null,
    base,
  };
}
