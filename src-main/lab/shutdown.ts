// The one shutdown path of both hosts (Electron main and the web host).
// Nothing is left behind: on SIGINT, SIGTERM, SIGHUP, an uncaught error, an
// unhandled rejection or a plain exit, the Lab kills its children and removes
// the segments and semaphore sets it created, and the user reads one line saying why it stopped.

export interface ShutdownOptions {
  /**
   * Disposes the Lab: kills its children and removes its segments. Must be
   * synchronous (it also runs on 'exit') and safe to call more than once.
   */
  dispose: () => void;
  /** Closes what else the host runs (servers, windows) before exiting. */
  beforeExit?: () => Promise<void> | void;
  /** Ends the process; Electron passes app.exit. */
  exit?: (code: number) => void;
  /** Where the one-line message goes. */
  report?: (line: string) => void;
}

export interface Shutdown {
  /** Stops the host because of `error` (e.g. start-up failed), with exit code 1. */
  fail(what: string, error: unknown): void;
}

/** How long closing servers may take before the process exits anyway. */
const EXIT_GRACE_MS = 3000;

const SIGNAL_CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/** `message (at file:line:col)` on one line: enough to tell what broke and where. */
export function describeFault(error: unknown): string {
  if (!(error instanceof Error)) return String(error).replace(/\s+/g, ' ');
  const message = `${error.name}: ${error.message}`.replace(/\s+/g, ' ');
  const frame = /^\s+at (.+)$/m.exec(error.stack ?? '')?.[1];
  if (frame === undefined) return message;
  // 'fn (file:line:col)' or 'file:line:col': the place is what helps.
  const place = /\(([^()]+)\)$/.exec(frame)?.[1] ?? frame;
  return `${message} (at ${place})`;
}

/** Installs the handlers; call once per process, as early as the host starts. */
export function installShutdown(options: ShutdownOptions): Shutdown {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const report = options.report ?? ((line: string) => process.stderr.write(`${line}\n`));
  let stopping = false;

  const stop = (code: number, why: string): void => {
    if (stopping) return;
    stopping = true;
    // First make the promise of the message true, then say it.
    let cleaned =
      'removed the segments and semaphore sets it created and stopped its child processes';
    try {
      options.dispose();
    } catch (error) {
      cleaned = `could not finish its clean-up (${describeFault(error)}); run \`npm run cleanup\``;
    }
    report(`ShmLab stopped ${why}; ${cleaned}.`);
    setTimeout(() => exit(code), EXIT_GRACE_MS);
    void Promise.resolve()
      .then(() => options.beforeExit?.())
      .catch(() => undefined)
      .finally(() => exit(code));
  };

  for (const [signal, code] of Object.entries(SIGNAL_CODES)) {
    // `on`, not `once`: Ctrl+C reaches every process of the terminal's group,
    // and a second signal must not kill the host half-way through its clean-up.
    process.on(signal, () => stop(code, `on ${signal}`));
  }
  process.on('uncaughtException', (error) => {
    stop(1, `after an uncaught error: ${describeFault(error)}`);
  });
  process.on('unhandledRejection', (reason) => {
    stop(1, `after an unhandled promise rejection: ${describeFault(reason)}`);
  });
  // A plain exit (process.exit elsewhere) still cleans up.
  process.once('exit', () => options.dispose());
  return { fail: (what, error) => stop(1, `because it ${what}: ${describeFault(error)}`) };
}
