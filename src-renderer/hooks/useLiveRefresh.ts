import { useEffect } from 'react';
import { createLivePoller } from './live-refresh';

/**
 * Calls `refresh` every `intervalMs` while the component is mounted and the page is visible
 * (document.visibilityState), and once at once when either starts.
 */
export function useLiveRefresh(refresh: () => void, intervalMs: number): void {
  useEffect(() => {
    const poller = createLivePoller(refresh, intervalMs, {
      setInterval: (callback, ms) => window.setInterval(callback, ms),
      clearInterval: (id) => window.clearInterval(id),
    });
    const follow = (): void => poller.setVisible(document.visibilityState === 'visible');
    follow();
    document.addEventListener('visibilitychange', follow);
    return () => {
      document.removeEventListener('visibilitychange', follow);
      poller.stop();
    };
  }, [refresh, intervalMs]);
}
