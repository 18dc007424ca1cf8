// Arrows from a process's virtual pages of the segment to the page frames that back them.
// The curve follows xyflow's bezier edge: horizontal tangents at both ends, control points pulled
// out by half the horizontal distance (or, when the target lies behind, by 25·c·√distance).

import type { PageFrameRect, Point } from './frames';

/** Which way an arrow leaves its page and enters its frame. */
export type HorizontalDirection = 'left' | 'right';

/** Options for {@link pageArrowPath}. */
export interface PageArrowPathOptions {
  /** Travel direction; defaults to 'right' when `to` is not left of `from`, else 'left'. */
  direction?: HorizontalDirection;
  /** xyflow's curvature, used only when the target lies behind the start. Defaults to 0.25. */
  curvature?: number;
}

const DEFAULT_CURVATURE = 0.25;
const DEFAULT_HEAD_SIZE = 6;

/** Rounds to 1/100 of a unit so path strings stay short and stable; never writes "-0". */
function num(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return String(rounded === 0 ? 0 : rounded);
}

function controlOffset(distance: number, curvature: number): number {
  return distance >= 0 ? 0.5 * distance : curvature * 25 * Math.sqrt(-distance);
}

/**
 * A cubic bezier from `from` to `to` with horizontal tangents at both ends, as an SVG path:
 * (0,0) → (100,50) gives 'M0,0 C50,0 50,50 100,50'. Coordinates are rounded to 0.01.
 */
export function pageArrowPath(from: Point, to: Point, options: PageArrowPathOptions = {}): string {
  const direction = options.direction ?? (to.x >= from.x ? 'right' : 'left');
  const sign = direction === 'right' ? 1 : -1;
  const offset = controlOffset(sign * (to.x - from.x), options.curvature ?? DEFAULT_CURVATURE);
  const startControl = `${num(from.x + sign * offset)},${num(from.y)}`;
  const endControl = `${num(to.x - sign * offset)},${num(to.y)}`;
  return `M${num(from.x)},${num(from.y)} C${startControl} ${endControl} ${num(to.x)},${num(to.y)}`;
}

/**
 * A closed triangle whose tip is at `to`, pointing in `direction`: `size` long and `size` wide.
 * (100,50) 'right' with size 6 gives 'M100,50 L94,47 L94,53 Z'.
 */
export function arrowHeadPath(
  to: Point,
  direction: HorizontalDirection,
  size = DEFAULT_HEAD_SIZE,
): string {
  const baseX = to.x - (direction === 'right' ? size : -size);
  const half = size / 2;
  return `M${num(to.x)},${num(to.y)} L${num(baseX)},${num(to.y - half)} L${num(baseX)},${num(to.y + half)} Z`;
}

/** One virtual page of the segment in a process's pane. */
export interface VirtualPage {
  /** Index of the page within the segment (0 = the page at the attach address). */
  pageIndex: number;
  /** Vertical centre of the page in the pane, or null when the pane does not draw it. */
  y: number | null;
  /** Index of the backing frame in the physical view, or null when the page is not present. */
  frameIndex: number | null;
}

/** The pages of one process, seen from the edge of its pane that faces the physical view. */
export interface ProcessPages {
  /** The process's key in the UI ('A', 'B', 'p4242'); part of every key. */
  process: string;
  /** x of the pane edge the arrows leave from (A: its right edge, B: its left edge). */
  x: number;
  /** Travel direction: 'right' leaves a right edge and enters a frame's left side. */
  direction: HorizontalDirection;
  pages: readonly VirtualPage[];
}

/** Input of {@link pageArrows}. */
export interface PageArrowsParams {
  processes: readonly ProcessPages[];
  /** The frame cells of the physical view, as {@link layoutFrames} returns them. */
  frames: readonly PageFrameRect[];
  headSize?: number;
  curvature?: number;
}

/** An arrow from one process's page to its frame. */
export interface PageArrow {
  missing: false;
  /** `${process}:page:${pageIndex}`: stable while the page gains or loses its frame. */
  key: string;
  process: string;
  pageIndex: number;
  frameIndex: number;
  from: Point;
  /** The tip, on the side of the frame that faces the process. */
  to: Point;
  /** The curve, ending where the head starts so its stroke does not poke through the tip. */
  path: string;
  headPath: string;
}

/**
 * Why a page has no arrow: 'not-present' (no frame yet: demand paging), 'page-not-drawn' (the
 * pane does not show the page) or 'frame-not-drawn' (the physical view has no such frame cell).
 */
export type MissingReason = 'not-present' | 'page-not-drawn' | 'frame-not-drawn';

/** A page without an arrow, so the UI can say "no frame yet" next to it. */
export interface MissingPageArrow {
  missing: true;
  key: string;
  process: string;
  pageIndex: number;
  reason: MissingReason;
  /** The way the arrow would travel: a marker goes on the side of the page facing the frames. */
  direction: HorizontalDirection;
  /** Where the arrow would start, for a marker; null when the page is not drawn. */
  at: Point | null;
}

export type PageArrowItem = PageArrow | MissingPageArrow;

/**
 * One item per (process, page), in the order given: an arrow from the page at the pane edge to its
 * frame's facing side, or a `missing: true` item when there is nothing to point at.
 *
 * @throws RangeError when the same (process, page) appears twice, since keys must be unique.
 */
export function pageArrows(params: PageArrowsParams): PageArrowItem[] {
  const headSize = params.headSize ?? DEFAULT_HEAD_SIZE;
  const framesByIndex = new Map(params.frames.map((frame) => [frame.index, frame]));
  const keys = new Set<string>();
  const items: PageArrowItem[] = [];
  for (const { process, x, direction, pages } of params.processes) {
    const sign = direction === 'right' ? 1 : -1;
    for (const { pageIndex, y, frameIndex } of pages) {
      const key = `${process}:page:${pageIndex}`;
      if (keys.has(key)) throw new RangeError(`Page ${pageIndex} of ${process} is listed twice`);
      keys.add(key);
      const at = y === null ? null : { x, y };
      const missing = (reason: MissingReason): MissingPageArrow => ({
        missing: true,
        key,
        process,
        pageIndex,
        reason,
        direction,
        at,
      });
      if (frameIndex === null) {
        items.push(missing('not-present'));
        continue;
      }
      const frame = framesByIndex.get(frameIndex);
      if (at === null || frame === undefined) {
        items.push(missing(at === null ? 'page-not-drawn' : 'frame-not-drawn'));
        continue;
      }
      const to = {
        x: direction === 'right' ? frame.x : frame.x + frame.width,
        y: frame.y + frame.height / 2,
      };
      const headBase = { x: to.x - sign * headSize, y: to.y };
      const path = pageArrowPath(at, headBase, { direction, curvature: params.curvature });
      const headPath = arrowHeadPath(to, direction, headSize);
      items.push({
        missing: false,
        key,
        process,
        pageIndex,
        frameIndex,
        from: at,
        to,
        path,
        headPath,
      });
    }
  }
  return items;
}
