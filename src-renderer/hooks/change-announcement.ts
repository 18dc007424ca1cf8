// The sentence a screen reader hears when another process changed bytes in this process's
// mapping, summarising everything that changed since the last announcement.
import type { ProcessName } from '../../src-main/common/api';

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
