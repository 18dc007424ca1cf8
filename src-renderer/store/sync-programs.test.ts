import { describe, expect, it } from 'vitest';
import type { StepLogEntry } from './sync-programs';
import {
  PROGRAMS,
  advance,
  cursorIndex,
  lostUpdateText,
  storyOf,
  storySummary,
} from './sync-programs';

const step = (
  process: 'A' | 'B',
  op: StepLogEntry['op'],
  register: number | null,
  counter: number | null,
): StepLogEntry => ({ process, op, register, counter });

describe('cursors', () => {
  it('start at the first instruction, and again for another pid', () => {
    expect(cursorIndex(undefined, 10)).toBe(0);
    expect(cursorIndex({ pid: 10, index: 2 }, 10)).toBe(2);
    expect(cursorIndex({ pid: 10, index: 2 }, 11)).toBe(0);
    expect(cursorIndex({ pid: 10, index: 2 }, null)).toBe(0);
  });

  it('advance through the program and wrap around', () => {
    expect(advance('plain', 5, 0)).toEqual({ pid: 5, index: 1 });
    expect(advance('plain', 5, 2)).toEqual({ pid: 5, index: 0 });
    expect(advance('protected', 5, 4)).toEqual({ pid: 5, index: 0 });
    expect(PROGRAMS.protected).toEqual(['P', 'load', 'add', 'store', 'V']);
  });
});

describe('storyOf', () => {
  it('finds the update lost by load A, load B, store A, store B', () => {
    const log = [
      step('A', 'load', 4, 4),
      step('B', 'load', 4, 4),
      step('A', 'add', 5, 4),
      step('A', 'store', 5, 5),
      step('B', 'add', 5, 5),
      step('B', 'store', 5, 5),
    ];
    const story = storyOf(log);
    expect(story.increments).toBe(2);
    expect(story.counter).toBe(5);
    expect(story.lostUpdates).toEqual([
      { lost: 'A', by: 'B', byLoaded: 4, lostStored: 5, byStored: 5 },
    ]);
    expect(lostUpdateText(story.lostUpdates[0]!)).toBe(
      "A and B both loaded 4 and both stored 5: B wrote 5 over A's 5, so one increment is lost.",
    );
    expect(storySummary(story, 4)).toBe(
      '2 increments stored, so the counter should have gone from 4 to 6; it holds 5: 1 lost.',
    );
  });

  it('loses nothing when the increments do not overlap', () => {
    const log = [
      step('A', 'load', 0, 0),
      step('A', 'add', 1, 0),
      step('A', 'store', 1, 1),
      step('B', 'load', 1, 1),
      step('B', 'add', 2, 1),
      step('B', 'store', 2, 2),
    ];
    const story = storyOf(log);
    expect(story.lostUpdates).toEqual([]);
    expect(storySummary(story, 0)).toBe(
      '2 increments stored: the counter went from 0 to 2, none lost.',
    );
  });

  it('names a lost update where the values differ (B stored twice meanwhile)', () => {
    const log = [
      step('A', 'load', 0, 0),
      step('B', 'load', 0, 0),
      step('B', 'add', 1, 0),
      step('B', 'store', 1, 1),
      step('B', 'load', 1, 1),
      step('B', 'add', 2, 1),
      step('B', 'store', 2, 2),
      step('A', 'add', 1, 2),
      step('A', 'store', 1, 1),
    ];
    const story = storyOf(log);
    expect(story.lostUpdates).toHaveLength(1);
    expect(lostUpdateText(story.lostUpdates[0]!)).toBe(
      "A loaded 0, then B stored 2, then A stored 1 over it: B's increment is lost.",
    );
    expect(storySummary(story, 0)).toBe(
      '3 increments stored, so the counter should have gone from 0 to 3; it holds 1: 2 lost.',
    );
  });

  it('ignores P and V, and says nothing before a store', () => {
    const story = storyOf([step('A', 'P', null, null), step('A', 'load', 3, 3)]);
    expect(story).toEqual({ increments: 0, counter: null, lostUpdates: [] });
    expect(storySummary(story, 3)).toBeNull();
  });

  it('says when the counter holds more than the stores explain', () => {
    const story = storyOf([step('A', 'load', 9, 9), step('A', 'store', 10, 12)]);
    expect(storySummary(story, 0)).toBe(
      '1 increment stored from 0, yet the counter holds 12: something else wrote it meanwhile.',
    );
  });
});
