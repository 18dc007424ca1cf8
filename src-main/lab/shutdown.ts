// Nothing is left behind: on SIGINT, SIGTERM, an uncaught error or a normal
// exit, the Lab kills its children and removes the segments it created.
import type { Lab } from './lab';

/** Installs the handlers once per process. `beforeExit` closes servers etc. */
export function installShutdown(lab: Lab, beforeExit?: () => Promise<void> | void): void {
  let stopping = false;
  const stop = (code: number): void => {
    if (stopping) return;
    stopping = true;
    lab.dispose();
    void Promise.resolve(beforeExit?.())
      .catch(() => undefined)
      .finally(() => process.exit(code));
  };
  process.once('SIGINT', () => stop(130));
  process.once('SIGTERM', () => stop(143));
  process.once('SIGHUP', () => stop(129));
  process.on('uncaughtException', (error) => {
    process.stderr.write(`ShmLab: uncaught error: ${error.stack ?? String(error)}\n`);
    stop(1);
  });
  process.on('unhandledRejection', (reason) => {
    process.stderr.write(`ShmLab: unhandled rejection: ${String(reason)}\n`);
    stop(1);
  });
  // A plain exit (process.exit elsewhere) still cleans up; dispose is synchronous.
  process.once('exit', () => lab.dispose());
}
