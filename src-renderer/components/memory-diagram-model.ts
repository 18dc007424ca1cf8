// The memory diagram's pieces, computed from what the processes reported: which segment the
// diagram is about, each column's model, the frame column and the arrows between them.
import type {
  MapRegion,
  ProcessFacts,
  ProcessName,
  ProcessState,
  SmapsFigures,
  SystemInfo,
} from '../../src-main/common/api';
import { toBigIntAddress } from '../../src-main/common/address';
import { pageArrows } from '../geometry/arrows';
import type { PageArrowItem } from '../geometry/arrows';
import { layoutFrames } from '../geometry/frames';
import type { FrameLayout } from '../geometry/frames';
import { placeFrameColumn } from '../geometry/memory-diagram-layout';
import type { MemoryDiagramLayout, StripColumn } from '../geometry/memory-diagram-layout';
import { buildAddressColumn } from './address-column-model';
import type { AddressColumnModel } from './address-column-model';
import { columnHeader, columnPlaceholder, fitLabel } from './diagram-text';
import type { ProcessSummary } from './diagram-text';
import { PROCESS_NAMES } from './segment-pages';
import type { SegmentPages } from './segment-pages';

export interface ProcessInput {
  state: ProcessState;
  facts: ProcessFacts | null;
}

/** The facts of a process that maps `shmid`, else null. */
export function factsMapping(process: ProcessInput, shmid: number | null): ProcessFacts | null {
  const { facts } = process;
  if (shmid === null || facts === null || process.state.status !== 'running') return null;
  return facts.shmRegion?.inode === shmid ? facts : null;
}

/** A column ready to draw: its header, and either a model or a reason there is none. */
export interface ColumnView {
  header: string;
  /** Lines shown instead of the address space. */
  placeholder: string[] | null;
  model: AddressColumnModel | null;
}

export interface ColumnInput {
  name: ProcessName;
  process: ProcessInput;
  shmid: number | null;
  drawnPages: number;
  pageSize: number;
  layout: MemoryDiagramLayout;
}

/** Approximate advance of one character of the 10.5px monospace labels. */
const LABEL_CHAR_PX = 6.4;

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
    header: columnHeader(input.name, input.process.state),
    placeholder: ['Waiting for the Lab’s', 'system facts…'],
    model: null,
  };
}

/** Builds a column; maps the kernel gave but that cannot be laid out become a placeholder. */
export function columnView(input: ColumnInput): ColumnView {
  const { name, process, layout } = input;
  const header = columnHeader(name, process.state);
  const placeholder = columnPlaceholder(name, process.state, process.facts !== null);
  if (placeholder !== null || process.facts === null) return { header, placeholder, model: null };
  const column: StripColumn = name === 'A' ? layout.a : layout.b;
  try {
    const model = buildAddressColumn({
      facts: process.facts,
      shmid: input.shmid,
      drawnPages: input.drawnPages,
      pageSize: input.pageSize,
      top: layout.top,
      height: layout.bottom - layout.top,
      labelChars: Math.floor(column.labelWidth / LABEL_CHAR_PX),
    });
    return { header, placeholder: null, model };
  } catch (error) {
    return {
      header,
      placeholder: [
        `Cannot draw process ${name}'s maps:`,
        fitLabel((error as Error).message, Math.floor(column.labelWidth / LABEL_CHAR_PX)),
      ],
      model: null,
    };
  }
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
 * Lays out the frame cells in one column, page 0 at the bottom like the strips, centred between
 * the two attachments, and the arrows from each drawn page of each column to its cell.
 */
export function frameColumnView(
  layout: MemoryDiagramLayout,
  pages: SegmentPages | null,
  columns: Record<ProcessName, ColumnView>,
): FrameColumnView {
  const cells = pages?.cells ?? [];
  const centres = PROCESS_NAMES.flatMap((name) => {
    const current = columns[name].model?.current;
    return current === null || current === undefined ? [] : [current.y + current.height / 2];
  });
  const targetY =
    centres.length === 0 ? null : centres.reduce((sum, y) => sum + y, 0) / centres.length;
  const notDrawn = pages === null ? 0 : pages.pageCount - pages.drawnPages;
  const bottom = layout.bottom - (notDrawn > 0 ? MORE_LINE_PX : 0);
  const placed = placeFrameColumn(cells.length, {
    top: layout.top,
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
  const processes = PROCESS_NAMES.flatMap((name) => {
    const marks = columns[name].model?.pageMarks ?? [];
    if (pages === null || marks.length === 0) return [];
    marks.forEach((mark, index) => {
      const next = marks[index + 1];
      if (next !== undefined) spacing = Math.min(spacing, Math.abs(next.y - mark.y));
    });
    const column = name === 'A' ? layout.a : layout.b;
    return [
      {
        process: name,
        x: column.innerX,
        direction: name === 'A' ? ('right' as const) : ('left' as const),
        pages: marks.map((mark) => ({
          pageIndex: mark.pageIndex,
          y: mark.y,
          frameIndex: pages.cellOfPage[name][mark.pageIndex] ?? null,
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
  mapping: Record<ProcessName, ProcessFacts | null>,
): string | null {
  const reported = mapping.A?.pfnHiddenReason ?? mapping.B?.pfnHiddenReason ?? null;
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
  mapping: Record<ProcessName, ProcessFacts | null>,
): Record<ProcessName, IdentityEvidence | null> {
  const of = (facts: ProcessFacts | null): IdentityEvidence | null =>
    facts?.shmRegion ? { shmRegion: facts.shmRegion, smaps: facts.smaps } : null;
  return { A: of(mapping.A), B: of(mapping.B) };
}

/** A process as the accessible summary mentions it. */
export function processSummary(process: ProcessInput): ProcessSummary {
  const region = process.state.status === 'running' ? process.facts?.shmRegion : null;
  let base: bigint | null = null;
  try {
    base = region ? toBigIntAddress(region.start) : null;
  } catch {
    base = null;
  }
  return {
    running: process.state.status === 'running',
    mappedShmid: region?.inode ?? null,
    base,
  };
}
