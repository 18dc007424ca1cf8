import { useEffect, useState } from 'react';
import type { ProcessName } from '../../src-main/common/api';
import { followChanges } from '../store/lab-store';
import { createHighlightTimer } from './highlight-clock';

/**
 * The performance.now() time to evaluate `name`'s change highlights at: the time of the last
 * expiry (a mark newer than it is live). It changes once when each mark expires, and never on a
 * change: the timer follows the store's marks itself, so a change re-renders only what shows it.
 */
export function useHighlightClock(name: ProcessName): number {
  const [clock, setClock] = useState(() => performance.now());
  useEffect(() => followChanges(name, createHighlightTimer(setClock)), [name]);
  return clock;
}
