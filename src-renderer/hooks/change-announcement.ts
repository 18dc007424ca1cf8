// The sentence a screen reader hears when another process changed bytes in this process's
// mapping, summarising everything that changed since the last announcement.
import type { ProcessName } from '../../src-main/common/api';
import type { MarksFollower } from '../store/memory';
import { CHANGE_HIGHLIGHT_MS } from '../store/memory';

/** At most one announcement per pane per this many ms. */
export const ANNOUNCE_INTERVAL_MS = 1000;

/** A changed byte range. */
export interface ChangedRange {
  offset: number;
  length: number;
}

/**
 * `Process B saw 4 bytes change at offset 16 (0x10)`, with `in 3 places, first at offset …`
 * when the ranges are apart; bytes are counted once however often they changed. Null for none.
 */
export function describeChanges(name: ProcessName, ranges: readonly ChangedRange[]): string | null {
  const offsets = new Set<number>();
  for (const range of ranges) {
    for (let offset = range.offset; offset < range.offset + range.length; offset += 1) {
      offsets.add(offset);
    }
  }
  if (offsets.size === 0) return null;
  const sorted = [...offsets].sort((a, b) => a - b);
  const first = sorted[0] ?? 0;
  let places = 1;
  for (let k = 1; k < sorted.length; k += 1) {
    if ((sorted[k] ?? 0) !== (sorted[k - 1] ?? 0) + 1) places += 1;
  }
  const count = offsets.size === 1 ? '1 byte' : `${offsets.size} bytes`;
  const where = `offset ${first} (0x${first.toString(16)})`;
  return places === 1
    ? `Process ${name} saw ${count} change at ${where}`
    : `Process ${name} saw ${count} change in ${places} places, first at ${where}`;
}

/** How long to wait before announcing, so announcements stay `interval` apart. */
export function announceDelay(now: number, lastAnnouncedAt: number, interval: number): number {
  return Math.max(0, lastAnnouncedAt + interval - now);
}

/**
 * An announcer for `name`'s pane that calls `say` with each sentence, at most once per
 * ANNOUNCE_INTERVAL_MS. Changes made from the pane itself (`by: 'self'`) are not announced: the
 * write's own outcome reports them. One timeout at a time: changes that arrive while an
 * announcement is due join it, and arm nothing; `stop` cancels one not yet made.
 */
export function createChangeAnnouncer(
  name: ProcessName,
  say: (text: string) => void,
): MarksFollower {
  let seenUntil = Number.NEGATIVE_INFINITY;
  let lastAnnouncedAt = Number.NEGATIVE_INFINITY;
  let pending: ChangedRange[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const announce = (): void => {
    timer = null;
    const text = describeChanges(name, pending);
    pending = [];
    lastAnnouncedAt = performance.now();
    if (text !== null) say(text);
  };
  return {
    see(marks) {
      const now = performance.now();
      // Marks already stale when first seen (e.g. the pane remounted) are old news. The marks of
      // one update share their time, so the newest seen is moved on only after all were taken.
      let newest = seenUntil;
      for (const mark of marks) {
        if (mark.by !== 'other' || mark.at <= seenUntil || now - mark.at >= CHANGE_HIGHLIGHT_MS)
          continue;
        pending.push({ offset: mark.offset, length: mark.length });
        newest = Math.max(newest, mark.at);
      }
      seenUntil = newest;
      if (pending.length === 0 || timer !== null) return;
      timer = setTimeout(announce, announceDelay(now, lastAnnouncedAt, ANNOUNCE_INTERVAL_MS));
    },
    stop() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      pending = [];
    },
  };
}
