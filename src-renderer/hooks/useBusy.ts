import { useCallback, useRef, useState } from 'react';

/**
 * A form's "waiting for the kernel" state: `run(work)` marks it busy until
 * `work` settles and ignores calls made meanwhile (a double submit).
 */
export function useBusy(): [boolean, (work: () => Promise<unknown>) => Promise<void>] {
  const [busy, setBusy] = useState(false);
  const running = useRef(false);
  const run = useCallback(async (work: () => Promise<unknown>) => {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    try {
      await work();
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);
  return [busy, run];
}
