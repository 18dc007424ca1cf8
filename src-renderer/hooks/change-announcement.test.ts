import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChangeMark } from '../store/memory';
import { CHANGE_HIGHLIGHT_MS } from '../store/memory';
import {
  ANNOUNCE_INTERVAL_MS,
  announceDelay,
  createChangeAnnouncer,
  describeChanges,
} from './change-announcement';

describe('describeChanges', () => {
  it('names the process, the byte count and the offset', () => {
    expect(describeChanges('B', [{ offset: 16, length: 4 }])).toBe(
      'Process B saw 4 bytes change at offset 16 (0x10)',
    );
    expect(describeChanges('A', [{ offset: 0, length: 1 }])).toBe(
      'Process A saw 1 byte change at offset 0 (0x0)',
    );
  });

  it('counts overlapping bytes once and adjacent ranges as one place', () => {
    expect(
      describeChanges('B', [
        { offset: 16, length: 4 },
        { offset: 18, length: 4 },
      ]),
    ).toBe('Process B saw 6 bytes change at offset 16 (0x10)');
  });

  it('summarises ranges apart from each other', () => {
    expect(
      describeChanges('B', [
        { offset: 64, length: 2 },
        { offset: 8, length: 4 },
      ]),
    ).toBe('Process B saw 6 bytes change in 2 places, first at offset 8 (0x8)');
  });

  it('says nothing when nothing changed', () => {
    expect(describeChanges('A', [])).toBeNull();
    expect(describeChanges('A', [{ offset: 3, length: 0 }])).toBeNull();
  });
});

describe('announceDelay', () => {
  it('waits out the rest of the interval, never less than zero', () => {
    expect(announceDelay(1300, 1000, 1000)).toBe(700);
    expect(announceDelay(5000, 1000, 1000)).toBe(0);
    expect(announceDelay(0, -Infinity, 1000)).toBe(0);
  });
});

describe('createChangeAnnouncer', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    vi.advanceTimersByTime(10_000);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const mark = (offset: number, length: number, by: ChangeMark['by'] = 'other'): ChangeMark => ({
    offset,
    length,
    by,
    at: performance.now(),
  });

  it("says another process's change at once, then gathers the next second's changes into one", () => {
    const said: string[] = [];
    const announcer = createChangeAnnouncer('B', (text) => said.push(text));
    const first = [mark(16, 4)];
    announcer.see(first);
    vi.advanceTimersByTime(0);
    expect(said).toEqual(['Process B saw 4 bytes change at offset 16 (0x10)']);

    vi.advanceTimersByTime(100);
    const second = [...first, mark(64, 1)];
    announcer.see(second);
    vi.advanceTimersByTime(100);
    // The marks seen before are not said again; the next one waits for the interval.
    announcer.see([...second, mark(65, 1)]);
    vi.advanceTimersByTime(ANNOUNCE_INTERVAL_MS - 201);
    expect(said).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(said).toEqual([
      'Process B saw 4 bytes change at offset 16 (0x10)',
      'Process B saw 2 bytes change at offset 64 (0x40)',
    ]);
  });

  it("takes every mark of one update, and leaves out the pane's own writes and stale marks", () => {
    const said: string[] = [];
    const announcer = createChangeAnnouncer('A', (text) => said.push(text));
    const stale = mark(0, 8);
    vi.advanceTimersByTime(CHANGE_HIGHLIGHT_MS);
    announcer.see([stale, mark(8, 1, 'self'), mark(32, 2), mark(40, 2)]);
    vi.advanceTimersByTime(0);
    expect(said).toEqual(['Process A saw 4 bytes change in 2 places, first at offset 32 (0x20)']);
  });

  it('says nothing once stopped', () => {
    const said: string[] = [];
    const announcer = createChangeAnnouncer('B', (text) => said.push(text));
    announcer.see([mark(0, 1)]);
    vi.advanceTimersByTime(0);
    announcer.see([mark(1, 1)]);
    announcer.stop();
    vi.advanceTimersByTime(ANNOUNCE_INTERVAL_MS);
    expect(said).toHaveLength(1);
  });
});
