// Children as Electron utility processes (utilityProcess.fork).
import { utilityProcess } from 'electron';
import type { ProcessName } from '../common/api';
import { LabError } from '../common/errors';
import type { ChildEntry, ChildHandle, ChildHost } from '../lab/child-host';
import { exitReport, undeliveredError } from '../lab/child-host';
import { readChildLines } from '../lab/child-lines';

export class UtilityChildHost implements ChildHost {
  constructor(private readonly entry: ChildEntry) {}

  /** Forks the child; throws only for what utilityProcess.fork throws (the slot turns it into an error). */
  spawn(name: ProcessName): ChildHandle {
    const child = utilityProcess.fork(this.entry.modulePath, [], {
      serviceName: `ShmLab process ${name}`,
      // The child's messages come on its standard output (child-lines.ts); ours go by
      // postMessage. utilityProcess has no stdin: it must be 'ignore'.
      stdio: ['ignore', 'pipe', 'inherit'],
      // Empty for the built child; `--import tsx` when the entry is the TypeScript source.
      execArgv: this.entry.execArgv,
      env: { ...process.env, SHMLAB_CHILD: name },
    });
    const onMessage = readChildLines(child.stdout);
    const exit = exitReport();
    let exited = false;
    /** What the child's 'error' said (a fatal V8 error), for the exit that always follows it. */
    let fatal: string | undefined;
    // utilityProcess reports an exit code only, never a signal name.
    child.once('exit', (code) => {
      exited = true;
      exit.end(code, null, fatal);
    });
    // For the child's whole life: utilityProcess is an EventEmitter, and an 'error' without a
    // listener would be thrown in main and end the app.
    child.on('error', (type, location) => {
      fatal = `${type} at ${location}`;
    });
    return {
      get pid() {
        return child.pid;
      },
      send: (message, undelivered) => {
        if (exited) {
          // postMessage to an exited process is dropped without a word: say so here.
          const error = new LabError(
            'E_CHILD_EXITED',
            `process ${name} has exited; ${message.op} was not sent`,
          );
          queueMicrotask(() => undelivered(error));
          return;
        }
        try {
          child.postMessage(message);
        } catch (error) {
          // A message that cannot be cloned throws here; never let it reach main's caller.
          queueMicrotask(() => undelivered(undeliveredError(name, message.op, error)));
        }
      },
      onMessage,
      onExit: exit.onExit,
      kill: (signal) => {
        if (exited) return;
        try {
          if (signal === undefined || signal === 'SIGTERM' || child.pid === undefined) child.kill();
          else process.kill(child.pid, signal);
        } catch {
          // ESRCH: it died between the check and the signal; its 'exit' reports that.
        }
      },
    };
  }
}
