import { describe, expect, it } from 'vitest';
import {
  CHANGE_HIGHLIGHT_MS,
  CHANGED_PAGES_KEPT,
  addChangedPages,
  addMarks,
  applyPatches,
  overlapsWindow,
} from './memory';
import type { ChangeMark } from './memory';

describe('applyPatches', () => {
  it('writes every patch where it overlaps the window, in order, into one copy', () => {
    const window = Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0]); // bytes 100..107 of the segment
    const next = applyPatches(window, 100, [
      { offset: 98, bytes: [1, 2, 3, 4] }, // starts before the window
      { offset: 104, bytes: [5, 6] },
      { offset: 106, bytes: [7, 8, 9] }, // runs past the window
      { offset: 105, bytes: [10] }, // a later patch wins
      { offset: 200, bytes: [11] }, // outside: dropped
    ]);
    expect([...next]).toEqual([3, 4, 0, 0, 5, 10, 7, 8]);
    expect([...window]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(next).not.toBe(window);
  });
});

describe('overlapsWindow', () => {
  it('is true only when the ranges share a byte', () => {
    expect(overlapsWindow(96, 4, 100, 8)).toBe(false);
    expect(overlapsWindow(97, 4, 100, 8)).toBe(true);
    expect(overlapsWindow(107, 1, 100, 8)).toBe(true);
    expect(overlapsWindow(108, 1, 100, 8)).toBe(false);
  });
});

describe('addMarks', () => {
  const mark = (offset: number, at: number, by: ChangeMark['by'] = 'other'): ChangeMark => ({
    offset,
    length: 1,
    at,
    by,
  });

  it('drops expired marks and older marks of the same bytes, then adds the new ones', () => {
    const marks = [mark(1, 0), mark(2, 1000), mark(3, 1000)];
    const at = CHANGE_HIGHLIGHT_MS + 10;
    expect(addMarks(marks, [mark(2, at, 'self')])).toEqual([mark(3, 1000), mark(2, at, 'self')]);
  });

  it('keeps one mark per range through a burst', () => {
    let marks: ChangeMark[] = [];
    for (let at = 0; at < 1000; at += 1) marks = addMarks(marks, [mark(16, at)]);
    expect(marks).toEqual([mark(16, 999)]);
  });
});

describe('addChangedPages', () => {
  it('keeps one mark per page, newest last, at most CHANGED_PAGES_KEPT', () => {
    const once = addChangedPages([], [3, 7], 1);
    expect(addChangedPages(once, [3], 2)).toEqual([
      { page: 7, at: 1 },
      { page: 3, at: 2 },
    ]);
    const many = addChangedPages(
      [],
      Array.from({ length: CHANGED_PAGES_KEPT + 5 }, (_, page) => page),
      1,
    );
    expect(many).toHaveLength(CHANGED_PAGES_KEPT);
    expect(many[0]?.page).toBe(5);
  });
});
