// Pure updates of what a process pane shows of its mapping: the bytes the
// process read itself, and marks for recent changes (who made them).
import type { ProcessName } from '../../src-main/common/api';

/** How many pages of changes outside the viewed window a pane keeps marked. */
export const CHANGED_PAGES_KEPT = 32;
/** How long a change stays highlighted, in ms. */
export const CHANGE_HIGHLIGHT_MS = 1500;

export interface ChangeMark {
  offset: number;
  length: number;
  /** performance.now() when the process reported it. */
  at: number;
  /** 'self' when this process's own pane wrote it, 'other' when anyone else did. */
  by: 'self' | 'other';
}

/** Something that takes a process's change marks after each change, until stopped. */
export interface MarksFollower {
  see(marks: readonly ChangeMark[]): void;
  stop(): void;
}

export interface OwnWrite {
  process: ProcessName;
  offset: number;
  length: number;
  at: number;
}

/** Bytes a process reported at `offset` of the segment. */
export interface MemoryPatch {
  offset: number;
  bytes: readonly number[];
}

/**
 * Returns a copy of `bytes` (the window of the segment that starts at `windowOffset`) with every
 * patch written where it overlaps the window, in order: one copy for a whole batch of changes.
 * Parts of a patch outside the window are dropped; the window only holds what it shows.
 */
export function applyPatches(
  bytes: Uint8Array,
  windowOffset: number,
  patches: readonly MemoryPatch[],
): Uint8Array {
  const next = bytes.slice();
  for (const patch of patches) {
    const start = Math.max(patch.offset, windowOffset);
    const end = Math.min(patch.offset + patch.bytes.length, windowOffset + next.length);
    for (let offset = start; offset < end; offset += 1) {
      next[offset - windowOffset] = patch.bytes[offset - patch.offset]!;
    }
  }
  return next;
}

/** Whether [offset, offset + length) overlaps the window [windowOffset, windowOffset + size). */
export function overlapsWindow(
  offset: number,
  length: number,
  windowOffset: number,
  size: number,
): boolean {
  return offset < windowOffset + size && offset + length > windowOffset;
}

/** A page outside the viewed window that the process reported changed, and when. */
export interface ChangedPage {
  page: number;
  at: number;
}

/**
 * Adds `pages` (reported at `at`) to the marks, newest last, one mark per page, keeping the
 * newest CHANGED_PAGES_KEPT.
 */
export function addChangedPages(
  marks: readonly ChangedPage[],
  pages: readonly number[],
  at: number,
): ChangedPage[] {
  const fresh = new Set(pages);
  const kept = marks.filter((mark) => !fresh.has(mark.page));
  return [...kept, ...pages.map((page) => ({ page, at }))].slice(-CHANGED_PAGES_KEPT);
}

/** Whether a change seen by `process` falls inside a write its own pane made recently. */
export function isOwnChange(
  writes: readonly OwnWrite[],
  process: ProcessName,
  offset: number,
  length: number,
  now: number,
  windowMs = 2000,
): boolean {
  return writes.some(
    (write) =>
      write.process === process &&
      now - write.at <= windowMs &&
      offset >= write.offset &&
      offset + length <= write.offset + write.length,
  );
}

/** Drops marks older than the highlight time, then adds `added` (all made at the same time). */
export function addMarks(marks: readonly ChangeMark[], added: readonly ChangeMark[]): ChangeMark[] {
  const at = added[0]?.at;
  if (at === undefined) return [...marks];
  // A newer mark of the same bytes replaces the older one, so a burst keeps one mark per range.
  const replaced = (m: ChangeMark): boolean =>
    added.some((a) => a.offset === m.offset && a.length === m.length);
  return [...marks.filter((m) => at - m.at < CHANGE_HIGHLIGHT_MS && !replaced(m)), ...added];
}

/** Drops marks older than the highlight time, then adds `mark`. */
export function addMark(marks: readonly ChangeMark[], mark: ChangeMark): ChangeMark[] {
  return addMarks(marks, [mark]);
}
