// Ending a run as Stop does (and the wall clock, which does the same): SIGINT to the program's
// group, SIGCONT too when one of its processes is stopped, and after a grace, SIGKILL to every
// process of the run through its supervisor.

/** What ending a run needs from it. */
export interface Stoppable {
  /** `signal` to the program's group while the run holds it; false when it does not. */
  signalGroup(signal: NodeJS.Signals): boolean;
  /** Whether a process of the run is stopped (state T). */
  anyStopped(): boolean;
  /** Resolves when no process of the run is left. */
  whenOver: Promise<void>;
  /** SIGKILL to every process of the run. */
  killAll(): void;
}

/** Ends `run`, pushing each signal into `signals` as it is sent; resolves when it is over. */
export async function endAsStop(run: Stoppable, graceMs: number, signals: string[]): Promise<void> {
  if (run.signalGroup('SIGINT')) {
    signals.push('SIGINT');
    // A stopped process (state T: it got SIGSTOP) would hold SIGINT until continued. (^Z typed
    // into the terminal stops nothing: with no shell the group is orphaned, and the kernel
    // discards SIGTSTP sent to an orphaned group.)
    if (run.anyStopped()) {
      signals.push('SIGCONT');
      run.signalGroup('SIGCONT');
    }
  }
  let timer: NodeJS.Timeout | undefined;
  const graceOver = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), graceMs);
  });
  const ended = await Promise.race([run.whenOver.then(() => true), graceOver]);
  clearTimeout(timer);
  if (!ended) {
    signals.push('SIGKILL');
    run.killAll();
  }
  await run.whenOver;
}
