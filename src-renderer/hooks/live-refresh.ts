// A refresh that repeats while something is on screen: started when it becomes visible, stopped
// when it is hidden (the pane unmounts, or the page is hidden), so nothing polls /proc for a
// view nobody sees.

/** The timer functions the poller uses (the window's, in the app). */
export interface Timers {
  setInterval(callback: () => void, ms: number): number;
  clearInterval(id: number): void;
}

export interface LivePoller {
  /** Starts or stops, after whether the view is now visible. */
  setVisible(visible: boolean): void;
  /** Stops for good. */
  stop(): void;
  readonly running: boolean;
}

/**
 * A poller that calls `refresh` at once when it becomes visible and then every `intervalMs`
 * until it is hidden or stopped.
 *
 * @throws RangeError for an interval that is not a positive number of milliseconds.
 */
export function createLivePoller(
  refresh: () => void,
  intervalMs: number,
  timers: Timers,
): LivePoller {
  if (!(intervalMs > 0)) throw new RangeError(`intervalMs must be positive, got ${intervalMs}`);
  let timer: number | null = null;
  const halt = (): void => {
    if (timer !== null) timers.clearInterval(timer);
    timer = null;
  };
  return {
    setVisible(visible) {
      if (!visible) halt();
      else if (timer === null) {
        refresh();
        timer = timers.setInterval(refresh, intervalMs);
      }
    },
    stop: halt,
    get running() {
      return timer !== null;
    },
  };
}
