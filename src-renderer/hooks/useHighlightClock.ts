import { useEffect, useState } from 'react';
import type { ChangeMark } from '../store/memory';
import { highlightTime, nextExpiry } from './highlight-clock';

/**
 * The performance.now() time to evaluate change highlights at. Re-renders once when each mark
 * expires, through one timeout at a time, and not at all while no mark is live.
 */
export function useHighlightClock(marks: readonly ChangeMark[]): number {
  const [clock, setClock] = useState(0);
  const now = highlightTime(marks, clock);
  useEffect(() => {
    const expiry = nextExpiry(marks, now);
    if (expiry === null) return undefined;
    // A frame's slack, so the tick lands after the expiry rather than just before it.
    const delay = Math.max(0, expiry - performance.now()) + 16;
    const timer = setTimeout(() => setClock(performance.now()), delay);
    return () => clearTimeout(timer);
  }, [marks, now]);
  return now;
}
