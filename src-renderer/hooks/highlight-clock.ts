// When to redraw a hex grid's flashes so recent-change highlights end on time (hex-grid-paint.ts):
// one timer at a time, armed for the next mark to expire, so nothing runs once every mark is
// stale.
import type { ChangeMark, MarksFollower } from '../store/memory';
import { CHANGE_HIGHLIGHT_MS } from '../store/memory';

/** When the next live mark stops being highlighted (performance.now() time), or null if none is live. */
export function nextExpiry(marks: readonly ChangeMark[], now: number): number | null {
  let next: number | null = null;
  for (const mark of marks) {
    const expiry = mark.at + CHANGE_HIGHLIGHT_MS;
    if (expiry > now && (next === null || expiry < next)) next = expiry;
  }
  return next;
}

/**
 * Calls `tick` with performance.now() just after each live mark expires. A mark seen while the
 * timer waits for an earlier expiry arms nothing (a stream of changes costs no timer each), and
 * a tick arms the timer for the next expiry among the marks seen last.
 */
export function createHighlightTimer(tick: (now: number) => void): MarksFollower {
  let latest: readonly ChangeMark[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  let armedFor: number | null = null;
  const see = (marks: readonly ChangeMark[]): void => {
    latest = marks;
    const now = performance.now();
    const expiry = nextExpiry(marks, now);
    if (expiry === null || (armedFor !== null && armedFor <= expiry)) return;
    if (timer !== null) clearTimeout(timer);
    armedFor = expiry;
    // A frame's slack, so the tick lands after the expiry rather than just before it.
    timer = setTimeout(
      () => {
        timer = null;
        armedFor = null;
        tick(performance.now());
        see(latest);
      },
      expiry - now + 16,
    );
  };
  return {
    see,
    stop() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      armedFor = null;
    },
  };
}
