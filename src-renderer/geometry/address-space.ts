// Layout of one process's virtual address space as a vertical strip.
//
// Orientation: y grows downwards from 0 at the top, and the top is the HIGH end of the address
// space, as in the classic diagram ([vsyscall] and the stack at the top, the program's text at the
// bottom). Within a region, its end address sits at `y` and its start at `y + height`.
//
// A 128 TiB address space with a few MiB mapped cannot be drawn to one linear scale, so the strip
// is piecewise: every gap wider than `collapseGapsOver` becomes a fixed-height break labelled with
// its exact size, and everything else (regions and narrower gaps) shares one px-per-byte scale,
// except that a region never gets less than its minimum height. Runs of small mappings scattered
// between breaks (a Node process's V8 heap pages) fold into one sparse block, at least as tall as
// a break, whose holes take no height.

import { formatBytes } from './format';
import { fitToHeight } from './piecewise-scale';
import type { ScaledSpan } from './piecewise-scale';
import { foldSparseRuns, groupRegions, singleGroup, sortRegions } from './region-groups';
import type { MappedRegion, RegionGroup } from './region-groups';

/** Options for {@link layoutAddressSpace}. */
export interface AddressSpaceOptions {
  /** Height of the whole strip; the items' heights add up to it. */
  height: number;
  /** Least height of a region, so that its label fits. Defaults to 14. */
  minRegionPx?: number;
  /** Least height of an shm region, so arrows from its pages stay apart. Defaults to max(min, 48). */
  minShmRegionPx?: number;
  /** Height of a collapsed gap. Defaults to 20. */
  gapPx?: number;
  /** Gaps wider than this many bytes become breaks. Defaults to 16 MiB. */
  collapseGapsOver?: bigint;
  /** Merge adjacent mappings of the same kind and label with {@link groupRegions}. Defaults to true. */
  mergeAdjacent?: boolean;
  /** Fold scattered small mappings with {@link foldSparseRuns}. Defaults to true. */
  foldSparseRuns?: boolean;
}

interface LayoutItemBase {
  start: bigint;
  end: bigint;
  /** Top edge: the `end` address. */
  y: number;
  height: number;
  label: string;
  /** The exact size, formatted: "2 MiB", "127.4 TiB". */
  sizeLabel: string;
  /** False when the height is not bytes × pxPerByte: raised to a minimum, or a collapsed gap. */
  toScale: boolean;
}

/**
 * A drawn block of one or more mappings. `sizeLabel` gives the mapped bytes. A `sparse` block
 * spans holes (end - start - mappedBytes unmapped bytes) that take no height, so it is never
 * `toScale`; it is at least max(minRegionPx, gapPx) tall.
 */
export interface RegionItem extends LayoutItemBase, RegionGroup {
  type: 'region';
}

/** Unmapped space between two regions; `collapsed` ones are breaks of fixed height. */
export interface GapItem extends LayoutItemBase {
  type: 'gap';
  collapsed: boolean;
}

export type AddressSpaceItem = RegionItem | GapItem;

/** The strip, top (highest address) first. */
export interface AddressSpaceLayout {
  items: AddressSpaceItem[];
  height: number;
  /** The shared scale of to-scale items; 0 when nothing is to scale. */
  pxPerByte: number;
  /** True when the minimum heights alone overflow the strip and everything was squeezed. */
  cramped: boolean;
}

const MIB = 1n << 20n;

type Piece =
  | { type: 'region'; group: RegionGroup }
  | { type: 'gap'; start: bigint; end: bigint; collapsed: boolean };

function checkPx(name: string, value: number): number {
  if (!(value >= 0) || !Number.isFinite(value)) {
    throw new RangeError(`${name} must be a finite number ≥ 0, got ${value}`);
  }
  return value;
}

/**
 * Lays out an address space as a strip of region and gap items, top (highest address) first;
 * see the top of this file for the scale rules. Heights add up to `options.height` whenever
 * there is at least one region; an empty list gives no items.
 *
 * @throws RangeError for bad options or regions (see {@link groupRegions}).
 */
export function layoutAddressSpace(
  regions: readonly MappedRegion[],
  options: AddressSpaceOptions,
): AddressSpaceLayout {
  const height = checkPx('height', options.height);
  const minRegionPx = checkPx('minRegionPx', options.minRegionPx ?? 14);
  const minShmRegionPx = checkPx(
    'minShmRegionPx',
    options.minShmRegionPx ?? Math.max(minRegionPx, 48),
  );
  const gapPx = checkPx('gapPx', options.gapPx ?? 20);
  const collapseGapsOver = options.collapseGapsOver ?? 16n * MIB;
  if (collapseGapsOver < 0n) throw new RangeError(`collapseGapsOver cannot be negative`);
  const merged =
    options.mergeAdjacent === false ? sortRegions(regions).map(singleGroup) : groupRegions(regions);
  const groups =
    options.foldSparseRuns === false ? merged : foldSparseRuns(merged, collapseGapsOver);

  const pieces: Piece[] = [];
  const spans: ScaledSpan[] = [];
  groups.forEach((group, index) => {
    const previous = groups[index - 1];
    if (previous !== undefined && group.start > previous.end) {
      const gapBytes = group.start - previous.end;
      const collapsed = gapBytes > collapseGapsOver;
      pieces.push({ type: 'gap', start: previous.end, end: group.start, collapsed });
      spans.push({ bytes: Number(gapBytes), minPx: 0, fixedPx: collapsed ? gapPx : null });
    }
    const minPx = group.kind === 'shm' ? Math.max(minRegionPx, minShmRegionPx) : minRegionPx;
    pieces.push({ type: 'region', group });
    // A sparse block's holes take no height: only its mapped bytes count, at least break height.
    const bytes = Number(group.sparse ? group.mappedBytes : group.end - group.start);
    spans.push({ bytes, minPx: group.sparse ? Math.max(minPx, gapPx) : minPx, fixedPx: null });
  });

  const fit = fitToHeight(spans, height);
  const items: AddressSpaceItem[] = [];
  let y = 0;
  // Pieces run from low to high addresses; the strip is drawn from the top, high end first.
  for (let index = pieces.length - 1; index >= 0; index -= 1) {
    const piece = pieces[index];
    if (piece === undefined) continue;
    const sparse = piece.type === 'region' && piece.group.sparse;
    const toScale = fit.toScale[index] === true && !sparse;
    const place = { y, height: fit.heights[index] ?? 0, toScale };
    if (piece.type === 'region') {
      const sizeLabel = formatBytes(piece.group.mappedBytes);
      items.push({ ...piece.group, ...place, type: 'region', sizeLabel });
    } else {
      const { start, end, collapsed } = piece;
      const sizeLabel = formatBytes(end - start);
      const label = collapsed ? `… ${sizeLabel} unmapped …` : `${sizeLabel} unmapped`;
      items.push({ type: 'gap', start, end, ...place, label, sizeLabel, collapsed });
    }
    y += place.height;
  }
  return { items, height, pxPerByte: fit.pxPerByte, cramped: fit.cramped };
}

/**
 * The y of an address inside a drawn region, linear within that region (its end at the region's
 * top edge, its start at the bottom edge), or null when no region holds it (gaps, sparse blocks,
 * which are not drawn to any scale, or outside).
 * For the centre of page i of an attachment at `base`, ask for base + i × pageSize + pageSize / 2.
 */
export function addressToY(layout: AddressSpaceLayout, address: bigint): number | null {
  for (const item of layout.items) {
    if (item.type === 'region' && !item.sparse && address >= item.start && address < item.end) {
      const fromTop = Number(item.end - address) / Number(item.end - item.start);
      return item.y + item.height * fromTop;
    }
  }
  return null;
}
