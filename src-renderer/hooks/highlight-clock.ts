// When to re-render a hex view so recent-change highlights end on time: a timer is armed only
// for the next mark to expire, so nothing runs once every mark is stale.
import type { ChangeMark } from '../store/memory';
import { CHANGE_HIGHLIGHT_MS } from '../store/memory';

/**
 * The time to evaluate highlights at: the last timer tick, or the newest mark when it is newer
 * (a mark that just arrived is live by definition, before any timer has run).
 */
export function highlightTime(marks: readonly ChangeMark[], clock: number): number {
  let now = clock;
  for (const mark of marks) if (mark.at > now) now = mark.at;
  return now;
}

/** When the next live mark stops being highlighted (performance.now() time), or null if none is live. */
export function nextExpiry(marks: readonly ChangeMark[], now: number): number | null {
  let next: number | null = null;
  for (const mark of marks) {
    const expiry = mark.at + CHANGE_HIGHLIGHT_MS;
    if (expiry > now && (next === null || expiry < next)) next = expiry;
  }
  return next;
}
