import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLivePoller } from './live-refresh';

const timers = {
  setInterval: (callback: () => void, ms: number) => Number(setInterval(callback, ms)),
  clearInterval: (id: number) => clearInterval(id),
};

describe('createLivePoller', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('refreshes at once and then every interval while visible', () => {
    const refresh = vi.fn();
    const poller = createLivePoller(refresh, 1000, timers);
    expect(refresh).toHaveBeenCalledTimes(0);
    poller.setVisible(true);
    expect(refresh).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(3000);
    expect(refresh).toHaveBeenCalledTimes(4);
    // Becoming visible again while running does not start a second timer.
    poller.setVisible(true);
    vi.advanceTimersByTime(1000);
    expect(refresh).toHaveBeenCalledTimes(5);
  });

  it('stops while hidden and after stop', () => {
    const refresh = vi.fn();
    const poller = createLivePoller(refresh, 500, timers);
    poller.setVisible(true);
    poller.setVisible(false);
    expect(poller.running).toBe(false);
    vi.advanceTimersByTime(5000);
    expect(refresh).toHaveBeenCalledTimes(1);
    poller.setVisible(true);
    expect(refresh).toHaveBeenCalledTimes(2);
    poller.stop();
    vi.advanceTimersByTime(5000);
    expect(refresh).toHaveBeenCalledTimes(2);
  });

  it('refuses an interval that is not positive', () => {
    expect(() => createLivePoller(() => undefined, 0, timers)).toThrow(RangeError);
  });
});
