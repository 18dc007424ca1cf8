// The machine view's live refresh: one call at a time, started at most once per interval, and
// none while the view is hidden. Unlike a plain setInterval it never stacks calls when a refresh
// takes longer than the interval (a loaded machine with many processes).

/** The timer functions the poller uses (the window's, in the app). */
export interface PollTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Milliseconds on a monotonic clock. */
  now(): number;
}

export interface Poller {
  /** Starts (refreshing at once, or when the interval since the last start allows) or stops. */
  setActive(active: boolean): void;
  readonly active: boolean;
}

/**
 * A poller that runs `refresh` while active: the next call starts `intervalMs` after the previous
 * one started, or when it ended if it took longer. A refresh running when it stops still ends;
 * none starts after.
 *
 * @throws RangeError for an interval that is not a positive number of milliseconds.
 */
export function createPoller(
  refresh: () => Promise<unknown>,
  intervalMs: number,
  timers: PollTimers,
): Poller {
  if (!(intervalMs > 0)) throw new RangeError(`intervalMs must be positive, got ${intervalMs}`);
  let active = false;
  let inFlight = false;
  let timer: unknown = null;
  let lastStart = Number.NEGATIVE_INFINITY;

  const fire = (): void => {
    timer = null;
    if (!active || inFlight) return;
    inFlight = true;
    lastStart = timers.now();
    const done = (): void => {
      inFlight = false;
      schedule();
    };
    refresh().then(done, done);
  };
  const schedule = (): void => {
    if (!active || inFlight || timer !== null) return;
    const wait = Math.max(0, lastStart + intervalMs - timers.now());
    timer = timers.setTimeout(fire, wait);
  };
  return {
    setActive(next) {
      active = next;
      if (!next && timer !== null) {
        timers.clearTimeout(timer);
        timer = null;
      }
      schedule();
    },
    get active() {
      return active;
    },
  };
}
