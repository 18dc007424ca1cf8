// The grid's painter: each row is drawn when what it shows changes, and only then.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProcessView } from '../store/lab-store';
import type { ChangeMark } from '../store/memory';
import { CHANGE_HIGHLIGHT_MS } from '../store/memory';
import type { ViewSource } from './hex-grid-paint';
import { createGridPainter } from './hex-grid-paint';
import type { CellFlash } from './hex-window';

/** A process view with the window [0, memory.length) and these marks. */
function viewOf(memory: number[] | null, changes: ChangeMark[] = []): ProcessView {
  return {
    memory: memory === null ? null : Uint8Array.from(memory),
    memoryOffset: 0,
    changes,
  } as unknown as ProcessView;
}

/** A view source the test drives, which counts who follows it. */
function source(first: ProcessView) {
  let current = first;
  const listeners = new Set<(view: ProcessView) => void>();
  const follow: ViewSource = (listener) => {
    listeners.add(listener);
    listener(current);
    return () => listeners.delete(listener);
  };
  return {
    follow,
    followers: () => listeners.size,
    set(view: ProcessView) {
      current = view;
      for (const listener of listeners) listener(view);
    },
  };
}

/** A row painter that records what it was asked to draw. */
function recorder() {
  const draws: { bytes: number[] | null; flashes: (CellFlash | null)[] }[] = [];
  const paint = (bytes: Uint8Array | null, flashes: readonly (CellFlash | null)[]) =>
    draws.push({ bytes: bytes === null ? null : [...bytes], flashes: [...flashes] });
  return { draws, paint };
}

const sixteen = Array.from({ length: 16 }, (_, k) => k);

afterEach(() => {
  vi.useRealTimers();
});

describe('createGridPainter', () => {
  it('draws a row when added, and again only when its own bytes change', () => {
    const store = source(viewOf(sixteen));
    const painter = createGridPainter(store.follow, 8);
    const first = recorder();
    const second = recorder();
    painter.add(0, 8, first.paint);
    painter.add(8, 8, second.paint);
    expect(first.draws).toEqual([
      { bytes: [0, 1, 2, 3, 4, 5, 6, 7], flashes: Array(8).fill(null) },
    ]);
    expect(second.draws).toHaveLength(1);
    // A change in the second row, with its mark: the first row is not drawn again.
    const changed = [...sixteen];
    changed[9] = 0xff;
    const at = performance.now();
    store.set(viewOf(changed, [{ offset: 9, length: 1, at, by: 'other' }]));
    expect(first.draws).toHaveLength(1);
    expect(second.draws).toHaveLength(2);
    expect(second.draws[1]!.bytes![1]).toBe(0xff);
    expect(second.draws[1]!.flashes[1]).toEqual({ by: 'other', at });
    // The same bytes and marks in new arrays: nothing to draw.
    store.set(viewOf(changed, [{ offset: 9, length: 1, at, by: 'other' }]));
    expect(first.draws).toHaveLength(1);
    expect(second.draws).toHaveLength(2);
  });

  it('redraws a row whose flash expired once its highlight timer ticks, and no other', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const store = source(viewOf(sixteen));
    const painter = createGridPainter(store.follow, 8);
    const lit = recorder();
    const quiet = recorder();
    painter.add(0, 8, lit.paint);
    painter.add(8, 8, quiet.paint);
    const at = performance.now();
    store.set(viewOf(sixteen, [{ offset: 2, length: 2, at, by: 'self' }]));
    const flash = { by: 'self', at };
    expect(lit.draws.at(-1)!.flashes.slice(1, 5)).toEqual([null, flash, flash, null]);
    expect(lit.draws).toHaveLength(2);
    vi.advanceTimersByTime(CHANGE_HIGHLIGHT_MS - 1);
    expect(lit.draws).toHaveLength(2);
    // The tick comes a frame after the expiry.
    vi.advanceTimersByTime(20);
    expect(lit.draws).toHaveLength(3);
    expect(lit.draws[2]!.flashes).toEqual(Array(8).fill(null));
    expect(quiet.draws).toHaveLength(1);
    // Nothing live: no timer is left.
    expect(vi.getTimerCount()).toBe(0);
  });

  it('draws a row added while following from the view it follows, with its flashes', () => {
    const store = source(viewOf(sixteen));
    const painter = createGridPainter(store.follow, 8);
    painter.add(0, 8, recorder().paint);
    const at = performance.now();
    store.set(viewOf(sixteen, [{ offset: 12, length: 1, at, by: 'other' }]));
    const later = recorder();
    painter.add(8, 8, later.paint);
    expect(later.draws).toHaveLength(1);
    expect(later.draws[0]!.flashes[4]).toEqual({ by: 'other', at });
  });

  it('shows a row the window does not hold as unread, and follows the store only while it has rows', () => {
    const store = source(viewOf(null));
    const painter = createGridPainter(store.follow, 8);
    expect(store.followers()).toBe(0);
    const row = recorder();
    const removeFirst = painter.add(0, 8, row.paint);
    const removeSecond = painter.add(8, 8, recorder().paint);
    expect(row.draws).toEqual([{ bytes: null, flashes: Array(8).fill(null) }]);
    expect(store.followers()).toBe(1);
    removeFirst();
    removeFirst(); // twice is harmless
    expect(store.followers()).toBe(1);
    removeSecond();
    expect(store.followers()).toBe(0);
    store.set(viewOf(sixteen));
    expect(row.draws).toHaveLength(1);
    // A row added again (say, for another typed view) is drawn afresh.
    const again = recorder();
    painter.add(0, 8, again.paint);
    expect(again.draws).toEqual([
      { bytes: [0, 1, 2, 3, 4, 5, 6, 7], flashes: Array(8).fill(null) },
    ]);
  });
});
