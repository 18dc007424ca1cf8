import { useEffect } from 'react';
import { machineActions } from '../../store/machine-store';
import { createPoller } from './machine-poller';

/** At most one machine() per second: the budget for a live view. */
export const MACHINE_REFRESH_MS = 1000;

/**
 * Refreshes the machine store while the calling view is mounted and the page is visible
 * (document.visibilityState); nothing is asked of the Lab while it is hidden or closed.
 */
export function useMachinePolling(): void {
  useEffect(() => {
    const poller = createPoller(machineActions.refresh, MACHINE_REFRESH_MS, {
      setTimeout: (callback, ms) => window.setTimeout(callback, ms),
      clearTimeout: (handle) => window.clearTimeout(handle as number),
      now: () => performance.now(),
    });
    const follow = (): void => poller.setActive(document.visibilityState === 'visible');
    follow();
    document.addEventListener('visibilitychange', follow);
    return () => {
      document.removeEventListener('visibilitychange', follow);
      poller.setActive(false);
    };
  }, []);
}
