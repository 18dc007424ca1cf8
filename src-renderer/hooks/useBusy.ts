import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * How long a command may take before its form says it is waiting. Most answer in a
 * millisecond or two: saying "waiting" for those would only make the page re-lay-out (and
 * repaint) twice per command, on the very frames the other process's change is due to show.
 */
export const SHOW_BUSY_AFTER_MS = 150;

/**
 * A form's "waiting for the kernel" state: `run(work)` ignores calls made while `work` runs
 * (a double submit), and `busy` turns true only once `work` has taken longer than
 * {@link SHOW_BUSY_AFTER_MS}, until it settles.
 */
export function useBusy(): [boolean, (work: () => Promise<unknown>) => Promise<void>] {
  const [busy, setBusy] = useState(false);
  const running = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const run = useCallback(async (work: () => Promise<unknown>) => {
    if (running.current) return;
    running.current = true;
    timer.current = setTimeout(() => setBusy(true), SHOW_BUSY_AFTER_MS);
    try {
      await work();
    } finally {
      clearTimeout(timer.current);
      running.current = false;
      setBusy(false);
    }
  }, []);
  return [busy, run];
}
