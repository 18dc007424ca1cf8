import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChangeMark } from '../store/memory';
import { CHANGE_HIGHLIGHT_MS } from '../store/memory';
import { createHighlightTimer, nextExpiry } from './highlight-clock';

const mark = (at: number, offset = 0): ChangeMark => ({ offset, length: 4, at, by: 'other' });

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

describe('createHighlightTimer', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    vi.advanceTimersByTime(10_000);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ticks just after each mark expires, the next one armed by the tick', () => {
    const ticks: number[] = [];
    const timer = createHighlightTimer((now) => ticks.push(now));
    const start = performance.now();
    const first = [mark(start, 0)];
    timer.see(first);
    vi.advanceTimersByTime(400);
    timer.see([...first, mark(performance.now(), 8)]);
    vi.advanceTimersByTime(5_000);
    expect(ticks).toEqual([
      start + CHANGE_HIGHLIGHT_MS + 16,
      start + 400 + CHANGE_HIGHLIGHT_MS + 16,
    ]);
  });

  it('keeps one timeout while marks keep coming, and none once all are stale', () => {
    const timer = createHighlightTimer(() => undefined);
    const marks: ChangeMark[] = [];
    for (let k = 0; k < 10; k += 1) {
      marks.push(mark(performance.now(), k));
      timer.see([...marks]);
      expect(vi.getTimerCount()).toBe(1);
      vi.advanceTimersByTime(40);
    }
    vi.advanceTimersByTime(CHANGE_HIGHLIGHT_MS + 100);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('re-arms earlier for a mark that expires first, and never ticks once stopped', () => {
    const ticks: number[] = [];
    const timer = createHighlightTimer((now) => ticks.push(now));
    const now = performance.now();
    timer.see([mark(now)]);
    timer.see([mark(now), mark(now - 1000, 8)]);
    vi.advanceTimersByTime(CHANGE_HIGHLIGHT_MS - 1000 + 16);
    expect(ticks).toEqual([now - 1000 + CHANGE_HIGHLIGHT_MS + 16]);
    timer.stop();
    vi.advanceTimersByTime(5_000);
    expect(ticks).toHaveLength(1);
  });
});
