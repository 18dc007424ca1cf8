import { describe, expect, it } from 'vitest';
import type { ChangeMark } from '../store/memory';
import { CHANGE_HIGHLIGHT_MS, highlightedOffsets } from '../store/memory';
import { highlightTime, nextExpiry } from './highlight-clock';

const mark = (at: number, offset = 0): ChangeMark => ({ offset, length: 4, at, by: 'other' });

describe('highlightTime', () => {
  it('is the clock, or the newest mark when that is later', () => {
    expect(highlightTime([], 500)).toBe(500);
    expect(highlightTime([mark(100), mark(900)], 500)).toBe(900);
    expect(highlightTime([mark(100)], 500)).toBe(500);
  });

  it('makes a mark that just arrived live even before the first tick', () => {
    const marks = [mark(10_000, 16)];
    expect(highlightedOffsets(marks, highlightTime(marks, 0)).get(16)).toBe('other');
  });
});

describe('nextExpiry', () => {
  it('is the earliest expiry still ahead', () => {
    expect(nextExpiry([mark(100), mark(300)], 200)).toBe(100 + CHANGE_HIGHLIGHT_MS);
    expect(nextExpiry([mark(100), mark(300)], 100 + CHANGE_HIGHLIGHT_MS)).toBe(
      300 + CHANGE_HIGHLIGHT_MS,
    );
  });

  it('is null once every mark is stale, so no timer runs', () => {
    expect(nextExpiry([mark(100)], 100 + CHANGE_HIGHLIGHT_MS)).toBeNull();
    expect(nextExpiry([], 0)).toBeNull();
  });
});
